#pragma once
// Private: the HTTP session hands an upgrade request over to the WebSocket session.
#include <memory>
#include <string_view>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream_base.hpp>

#include "session.hpp"

namespace rally::server::detail {

// The socket's timeouts: Beast's suggested server values, with keep-alive pings.
boost::beast::websocket::stream_base::timeout websocket_timeouts();

// Accepts the upgrade and serves RPC frames with `connection`. With a null connection (the tab is
// out of date: the client's contract hash does not match, or a dev server restarted) it accepts,
// sends one reload frame with `reload_reason` (a string that outlives the socket) and closes
// normally. A `dev_tab` (a dev server's own) gets the build status (wire::audience_dev).
void start_websocket_session(boost::beast::tcp_stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             std::shared_ptr<const Shared> shared, std::unique_ptr<Connection> connection,
                             std::shared_ptr<LiveSession> user_session, std::string_view reload_reason, bool dev_tab);

}  // namespace rally::server::detail
