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

// What a socket of a dev server's own tab gets besides the app: the build status
// (wire::audience_dev). A watch-only socket, from a page without a client (a static page), gets
// only that: no app connection, and the frames it sends are ignored.
enum class DevTab { none, app, watch_only };

// Accepts the upgrade and serves RPC frames with `connection`. With a null connection (the tab is
// out of date: the client's contract hash does not match, or a dev server restarted) it accepts,
// sends one reload frame with `reload_reason` (a string that outlives the socket) and closes
// normally, unless it is a watch-only dev tab.
void start_websocket_session(boost::beast::tcp_stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             std::shared_ptr<const Shared> shared, std::unique_ptr<Connection> connection,
                             std::shared_ptr<LiveSession> user_session, std::string_view reload_reason, DevTab dev_tab);

}  // namespace rally::server::detail
