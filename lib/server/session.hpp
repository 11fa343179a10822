#pragma once
// Private glue between the listener (server.cpp) and the sessions. Includes Asio: keep it out of
// include/.
#include <memory>

#include <boost/asio/ip/tcp.hpp>

#include "rally/server/app.hpp"
#include "rally/server/run.hpp"
#include "session_store.hpp"

namespace rally::server::detail {

// What every session of one Server shares; immutable while it runs.
struct Shared {
  App& app;
  Options options;
  std::shared_ptr<SessionStore> sessions;  // null: the app has no database, or sessions are off
};

// Takes over an accepted socket (bound to its event loop) and serves HTTP on it until it closes;
// hands WebSocket upgrades on to a websocket session.
void start_http_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Shared> shared);

}  // namespace rally::server::detail
