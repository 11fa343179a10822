#pragma once
// The one WebSocket of a page: request ids, timeouts, reconnect with backoff, offline queue.
// WASM only; the browser side is the rally_ws_* functions of rally_client.js.
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <vector>

#include "loop.hpp"
#include "rally/client/app.hpp"

namespace rally::client {

class Transport {
 public:
  static constexpr int default_request_timeout_ms = 30'000;
  // A call not answered within this many ms fails with "timeout" (the server's
  // RALLY_CALL_TIMEOUT_MS, through the page's data-call-timeout).
  void set_request_timeout(int ms) { request_timeout_ms_ = ms; }
  static constexpr int backoff_min_ms = 500;
  static constexpr int backoff_max_ms = 30'000;
  static constexpr int dev_backoff_min_ms = 100;

  enum class State { connecting = 0, open = 1, reconnecting = 2, closed = 3 };

  Transport(std::string contract, std::string name_space, const std::vector<RpcBinding>& bindings);

  // Opens the socket (ws(s)://<host>/_rally/ws?contract=<hex>&ns=<namespace>[&dev=<stamp>]).
  void connect();
  // Development builds: the stamp of the dev server that rendered the page (#rally-data's
  // data-dev), sent back on every connect so that a restarted server can tell the tab to reload.
  void set_dev_stamp(std::string stamp) { dev_stamp_ = std::move(stamp); }
  // A tab of rally dev's server. Always false in a release build, whose code then has no trace of it.
#ifdef RALLY_DEV_TOOLS
  bool dev_tab() const { return !dev_stamp_.empty(); }
#else
  static constexpr bool dev_tab() { return false; }
#endif
  // Host::call: exactly one callback runs, always on a later turn.
  void call(const RpcCall& call, SharedFunction<void(const void*)> on_response,
            SharedFunction<void(const std::string&)> on_failure);
  // The same request/response frames without an RpcBinding: the payload goes out as given and
  // the answer's payload comes back undecoded (navigation's load requests). Same guarantees.
  void call_raw(std::uint64_t handler, std::string_view payload, SharedFunction<void(std::string_view)> on_payload,
                SharedFunction<void(const std::string&)> on_failure);

  // Push frames (topic, payload), in the order they arrive; set once by the runtime.
  void on_push(Callback<void(std::string_view topic, std::string_view payload)> handler) {
    on_push_ = handler;
  }

  // Topic messages (type id, key, payload), in the order they arrive; set once by the runtime.
  void on_topic_message(Callback<void(std::uint64_t, std::string_view, std::string_view)> handler) {
    on_topic_message_ = handler;
  }
  // Runs after every (re)open, before queued calls go out: the runtime subscribes again there.
  void on_opened(Callback<void()> handler) { on_opened_ = handler; }
  // Sends a frame now if the socket is open (a subscription change); false if it is not.
  bool send_now(const std::string& frame);

  // From the browser.
  void on_open();
  void on_close();
  void on_message(const std::string& frame);

 private:
  int request_timeout_ms_ = default_request_timeout_ms;
  std::string dev_stamp_;
  struct Pending {
    std::uint64_t id = 0;
    std::string frame;
    SharedFunction<void(std::string_view)> on_payload;
    SharedFunction<void(const std::string&)> on_failure;
    loop::TimerId timer = 0;
    bool sent = false;  // on the current socket; unsent frames wait for the next open
  };

  void set_state(State s);
  void fail(std::uint64_t id, const std::string& error);
  // A call that never went out: its failure still comes on a later turn, as Host::call promises.
  static void fail_later(SharedFunction<void(const std::string&)> on_failure, std::string error);
  // The pending call `id` taken out of pending_, or one with id 0 if it is not there (answered
  // or timed out already).
  Pending take(std::uint64_t id);
  void schedule_reconnect();

  std::string contract_;
  std::string name_space_;
  const std::vector<RpcBinding>& bindings_;
  Callback<void(std::string_view, std::string_view)> on_push_;
  Callback<void(std::uint64_t, std::string_view, std::string_view)> on_topic_message_;
  Callback<void()> on_opened_;
  // In id order, so flushed in the order they were made. A page has a few calls in flight: a list
  // searched from the front is as fast as a map at that count, and, as answers take calls out
  // from anywhere and nothing in it ever moves, smaller code than a vector (166 B gzip).
  std::list<Pending> pending_;
  std::uint64_t next_id_ = 1;
  State state_ = State::connecting;
  int attempt_ = 0;
};

}  // namespace rally::client
