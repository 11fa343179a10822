#pragma once
// The boundary between generated code and the prebuilt server library. No Boost here: generated and
// app translation units include only this, so they compile in about a second; Beast stays inside
// librally_server.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "request.hpp"

namespace rally::server {

// The request as the library hands it over (rally/server/request.hpp).
using Request = rally::Request;

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// An HTML page with the given status.
inline Response html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// A redirect (302, 308, ...) to `location`, with a short plain-text body for non-browser clients.
inline Response redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Redirecting to " + location + "\n";
  r.headers.emplace_back("location", std::move(location));
  return r;
}

// Per-WebSocket state owned by the app (its ServerContext lives in here).
class Connection {
 public:
  virtual ~Connection() = default;
};

// How an RPC went; the server library turns it into a wire frame.
struct RpcOutcome {
  enum class Status { ok, unknown_handler, malformed, unauthorized };
  Status status = Status::ok;
  std::string payload;  // ok: the encoded rally::Result<T, E>
  std::string message;  // otherwise: what went wrong, safe to show the client
  // ok: push frames for this connection only, sent after the response (the generated app sends
  // the connection's new ClientContext on wire::context_topic when a handler changed it).
  struct Push {
    std::string topic;
    std::string payload;
  };
  std::vector<Push> pushes;
};

// A background job type of the app (rally/server/jobs.hpp), as the server's job runner sees it.
struct JobType {
  std::string name;  // the job struct's qualified name: rally_jobs.type
  // Runs one job from its encoded arguments with a new ServerContext, in the current call scope
  // (its ctx.db). False (and `error`) when the arguments do not decode; throws what perform throws.
  std::function<bool(std::string_view payload, std::string& error)> perform;
};

// One app (one or more namespaces), implemented by generated code.
class App {
 public:
  virtual ~App() = default;
  virtual std::string_view name() const = 0;
  // Hex contract hash the client must present in the WebSocket URL.
  virtual std::string_view contract_hash() const = 0;
  // Server-side rendering of a page (including its 404 page). May throw: the library logs a trace
  // id and answers 500.
  virtual Response render(const Request& request) = 0;
  // A new WebSocket: returns the connection's state (nullptr refuses the socket).
  virtual std::unique_ptr<Connection> connect(const Request& upgrade) = 0;
  // Runs one server handler. May throw: the library logs a trace id and sends a
  // handler_failed error frame with a generic message.
  virtual RpcOutcome call(Connection& connection, std::uint64_t handler, std::string_view payload) = 0;
  // The connection's session changed under it (a sign-in or sign-out in another request of the same
  // browser): what to push to its client, e.g. its new ClientContext. Runs like a call.
  virtual std::vector<RpcOutcome::Push> refresh(Connection&) { return {}; }
  // Whether the connection may subscribe to (topic type id, encoded key). Runs like a call.
  virtual bool may_subscribe(Connection&, std::uint64_t /*topic*/, std::string_view /*key*/) { return true; }
  // The app's job types (structs with `static void perform(const Job&, ServerContext&)`).
  virtual std::vector<JobType> job_types() const { return {}; }
};

}  // namespace rally::server
