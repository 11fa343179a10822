// See transport.hpp. Failure messages are what the page's on_failure (and so its Result's error)
// receives, so they are written for the app's developer.
#include "transport.hpp"

#include <algorithm>
#include <utility>
#ifdef RALLY_DEV_TOOLS
#include <cstdio>

#include <emscripten/emscripten.h>
#endif

#include "js.hpp"
#include "rally/wire.hpp"

namespace rally::client {

Transport::Transport(std::string contract, std::string name_space, const std::vector<RpcBinding>& bindings)
    : contract_(std::move(contract)), name_space_(std::move(name_space)), bindings_(bindings) {}

void Transport::set_state(State s) {
  state_ = s;
  rally_connection_state(static_cast<int>(s));
}

void Transport::connect() {
  // The namespace tells the server which ClientContext this client holds (pushed when it changes).
  std::string path = std::string(wire::socket_path) + "?contract=" + contract_ + "&ns=" + name_space_;
  if (dev_tab()) path += "&dev=" + dev_stamp_;
  if (state_ != State::reconnecting) set_state(State::connecting);
  rally_ws_open(path.c_str(), static_cast<int>(path.size()));
}

void Transport::call(const RpcCall& call, SharedFunction<void(const void*)> on_response,
                     SharedFunction<void(const std::string&)> on_failure) {
  const RpcBinding* binding = nullptr;
  for (const auto& b : bindings_)
    if (b.request_type && b.request_type == call.request_type) binding = &b;
  std::string problem;
  if (!binding) {
    problem = std::string("rally: no server handler takes ") + std::string(type_name(call.request_type)) +
              " in this client; was the client generated from the same page headers?";
  } else if (call.response_type != binding->response_type) {
    problem = std::string("rally: the page expects ") + std::string(type_name(call.response_type)) +
              " from this server call, but its handler returns " +
              std::string(type_name(binding->response_type));
  }
  if (!problem.empty()) {
    js::log(js::Level::error, problem);
    return fail_later(std::move(on_failure), std::move(problem));
  }

#ifdef RALLY_DEV_TOOLS
  // The dev inspector: "call ServerIncrement{amount: 1} → Ok(3) in 2.4 ms", logged when the outcome
  // is known and before the page takes it, so that the console reads in order.
  if (binding->describe_request) {
    auto log = [request = binding->describe_request(call.request.get()), start = emscripten_get_now()](const std::string& outcome) {
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.1f", emscripten_get_now() - start);
      const std::string line = "call " + request + " → " + outcome + " in " + ms + " ms";
      rally_dev_call(line.data(), static_cast<int>(line.size()));
    };
    on_response = [log, describe = binding->describe_response, f = std::move(on_response)](const void* response) {
      log(describe(response));
      f(response);
    };
    on_failure = [log, f = std::move(on_failure)](const std::string& error) {
      log("failed: " + error);
      f(error);
    };
  }
#endif
  // Decoding happens here, not in on_message, so that raw calls share everything else.
  auto decode = [binding, f = std::move(on_response), fail = on_failure](std::string_view payload) {
    std::string why;
    auto value = binding->decode(payload, why);
    if (!value) {
      std::string message = "rally: malformed response from the server: " + why;
      js::log(js::Level::error, message);
      fail(message);
      return;
    }
    f(value.get());
  };
  call_raw(binding->handler, binding->encode(call.request.get()), std::move(decode), std::move(on_failure));
}

void Transport::call_raw(std::uint64_t handler, std::string_view payload,
                         SharedFunction<void(std::string_view)> on_payload,
                         SharedFunction<void(const std::string&)> on_failure) {
  // Out of date for good: nothing will ever answer, so say so now instead of after the timeout.
  if (state_ == State::closed) return fail_later(std::move(on_failure), "the page is out of date; reload it");
  std::uint64_t id = next_id_++;
  Pending& p = pending_.emplace_back();
  p.id = id;
  p.frame = wire::encode_request(id, handler, payload);
  p.on_payload = std::move(on_payload);
  p.on_failure = std::move(on_failure);
  p.timer = loop::set_timeout(request_timeout_ms_, [this, id] { fail(id, "timeout"); });
  // Sending now keeps the callbacks asynchronous: the answer arrives on a later socket event.
  if (state_ == State::open)
    p.sent = rally_ws_send(p.frame.data(), static_cast<int>(p.frame.size())) != 0;
}

void Transport::fail_later(SharedFunction<void(const std::string&)> on_failure, std::string error) {
  loop::defer([f = std::move(on_failure), error = std::move(error)] { f(error); });
}

Transport::Pending Transport::take(std::uint64_t id) {
  auto it = std::find_if(pending_.begin(), pending_.end(), [id](const Pending& p) { return p.id == id; });
  if (it == pending_.end()) return {};
  Pending p = std::move(*it);
  pending_.erase(it);
  loop::clear_timeout(p.timer);
  return p;
}

void Transport::fail(std::uint64_t id, const std::string& error) {
  if (Pending p = take(id); p.id) p.on_failure(error);
}

bool Transport::send_now(const std::string& frame) {
  return state_ == State::open && rally_ws_send(frame.data(), static_cast<int>(frame.size())) != 0;
}

void Transport::on_open() {
  attempt_ = 0;
  set_state(State::open);
  if (on_opened_) on_opened_();
  // Sending runs no callbacks, so iterating while sending is safe.
  for (auto& p : pending_)
    if (!p.sent) p.sent = rally_ws_send(p.frame.data(), static_cast<int>(p.frame.size())) != 0;
}

void Transport::on_close() {
  if (state_ == State::closed) return;
  set_state(State::reconnecting);
  schedule_reconnect();
  // Answers come back on the socket that carried the request, so requests already sent on this
  // one can never be answered now; the ones still queued go out after reconnecting. A failure's
  // callback may make new calls: they wait unsent (the socket is not open), so this skips them.
  for (auto it = pending_.begin(); it != pending_.end();) {
    auto here = it++;
    if (here->sent) fail(here->id, "disconnected");  // takes it out of pending_
  }
}

void Transport::schedule_reconnect() {
  // Exponential backoff with "equal jitter": half the delay fixed, half random, so that many tabs
  // of a restarted server do not all come back in the same instant.
  // A dev server's tab (rally dev) waits for a restart that takes a fraction of a second: it
  // starts from a shorter delay, so the reload follows the restart closely.
  int base = dev_tab() ? dev_backoff_min_ms : backoff_min_ms;
  for (int i = 0; i < attempt_ && base < backoff_max_ms; ++i) base *= 2;
  base = std::min(base, backoff_max_ms);
  int delay = base / 2 + static_cast<int>(rally_random() * (base / 2));
  ++attempt_;
  loop::set_timeout(delay, [this] { connect(); });
}

void Transport::on_message(const std::string& bytes) {
  std::string error;
  auto frame = wire::decode_server_frame(bytes, error);
  if (!frame) {
    js::log(js::Level::error, "rally: dropped a malformed frame from the server: " + error);
    return;
  }
  switch (frame->kind) {
    case wire::FrameKind::response: {
      if (Pending p = take(frame->id); p.id) p.on_payload(frame->payload);  // else timed out already
      return;
    }
    case wire::FrameKind::error: {
      std::string message(frame->text);
      if (message.empty()) message = wire::to_string(frame->code);
      if (frame->id == 0) {
        js::log(js::Level::error, "rally: server error: " + message);
        return;
      }
      fail(frame->id, message);
      return;
    }
    case wire::FrameKind::reload: {
      std::string reason(frame->text);
      // 10 s between reloads, 1 s for a dev server's tab (rally dev restarts it on every save).
      if (rally_reload(reason.c_str(), static_cast<int>(reason.size()), dev_tab() ? 1'000 : 10'000)) return;
      // Reloading did not help: stop here rather than reconnect into the same answer.
      set_state(State::closed);
      rally_ws_close();
      while (!pending_.empty()) fail(pending_.front().id, "the page is out of date: " + reason);
      return;
    }
    case wire::FrameKind::push:
      // The runtime takes the framework's topics (wire::context_topic); app topics wait for
      // subscriptions, which are not part of the client contract yet.
      if (on_push_) on_push_(frame->text, frame->payload);
      return;
    case wire::FrameKind::message:
      if (on_topic_message_) on_topic_message_(frame->id, frame->text, frame->payload);
      return;
    default:
      return;
  }
}

}  // namespace rally::client
