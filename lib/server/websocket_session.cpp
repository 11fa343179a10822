// One RPC WebSocket: binary request frames in, response/error frames out, in order.
// Modelled on Beast's websocket_server_async example.
#include "websocket_session.hpp"

#include <chrono>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <sodium.h>

#include "dev_state.hpp"
#include "log.hpp"
#include "topic_hub.hpp"
#include "rally/codec.hpp"
#include "rally/db/connection.hpp"
#include "rally/server/database.hpp"
#include "rally/server/send.hpp"
#include "rally/wire.hpp"
#include "write_queue.hpp"

namespace rally::server::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

// Frames waiting to be written. A client that sends faster than it reads its answers fills this;
// then its socket is closed rather than letting memory grow without bound.
constexpr std::size_t max_queued_frames = 256;

// Larger messages are refused by Beast itself while reading the frame header, before the payload
// is buffered: it fails the read and sends close code 1009 (message too big).
constexpr std::size_t max_message_bytes = rally::codec::Limits::max_frame_bytes;

using wire::ErrorCode;

// Answers larger than this would be refused by the client (it reads with the same limit), so the
// caller gets a too_large error frame instead of a socket closed under it.
constexpr std::size_t max_answer_bytes = rally::codec::Limits::max_frame_bytes;

ErrorCode to_error_code(RpcOutcome::Status status) {
  switch (status) {
    case RpcOutcome::Status::unknown_handler: return ErrorCode::unknown_handler;
    case RpcOutcome::Status::unauthorized: return ErrorCode::unauthorized;
    case RpcOutcome::Status::malformed:
    case RpcOutcome::Status::ok: break;
  }
  return ErrorCode::malformed;
}

// Errors that only mean the peer or the server went away.
bool expected_shutdown(beast::error_code ec) {
  return ec == websocket::error::closed || ec == net::error::operation_aborted || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe || ec == beast::error::timeout ||
         ec == net::error::not_connected || ec == net::error::bad_descriptor;
}

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession>, public Subscriber {
 public:
  WebSocketSession(beast::tcp_stream&& stream, http::request<http::string_body>&& upgrade,
                   std::shared_ptr<const Shared> shared, std::unique_ptr<Connection> connection,
                   std::shared_ptr<LiveSession> user_session, std::string_view reload_reason, DevTab dev_tab)
      : ws_(std::move(stream)),
        upgrade_(std::move(upgrade)),
        shared_(std::move(shared)),
        connection_(std::move(connection)),
        user_session_(std::move(user_session)),
        reload_reason_(reload_reason),
        dev_tab_(dev_tab) {}

  ~WebSocketSession() override { topic_hub().unsubscribe_all(this); }

  void run() { net::dispatch(ws_.get_executor(), beast::bind_front_handler(&WebSocketSession::on_run, shared_from_this())); }

  // A publication to a topic this socket subscribed to, from any thread: queued on its event loop.
  void deliver(std::shared_ptr<const std::string> frame) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)] { self->send(*frame); });
  }

 private:
  void on_run() {
    ws_.set_option(websocket_timeouts());
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "Rally"); }));
    ws_.read_message_max(max_message_bytes);
    ws_.binary(true);
    ws_.async_accept(upgrade_, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec) {
    upgrade_ = {};
    if (ec) return report("handshake", ec);
    if (!connection_ && dev_tab_ != DevTab::watch_only) {
      close_after_writes_ = true;
      return send(wire::encode_reload(reload_reason_));
    }
    if (dev_tab_ != DevTab::none) {
      // rally dev's build status from now on, and now if a build runs or failed.
      topic_hub().subscribe(wire::audience_dev, "", shared_from_this());
      const std::string status = dev_status();
      if (status.starts_with("building") || status.starts_with("failed"))
        send(wire::encode_message(wire::audience_dev, "", status));
    }
    if (!connection_) return do_read();  // watch-only: nothing of the app
    // Server messages to this tab and to its browser's tabs (rally::audience::this_tab, this_session).
    unsigned char id[16];
    randombytes_buf(id, sizeof id);
    tab_key_.assign(reinterpret_cast<const char*>(id), sizeof id);
    topic_hub().subscribe(wire::audience_tab, tab_key_, shared_from_this());
    if (user_session_) {
      session_key_ = user_session_->audience_key();
      topic_hub().subscribe(wire::audience_session, session_key_, shared_from_this());
    }
    // A sign-in or sign-out in another tab of this browser: push what changed, on this socket's loop.
    if (user_session_) {
      user_session_->on_rotated([weak = weak_from_this()] {
        if (auto self = weak.lock()) net::post(self->ws_.get_executor(), [self] { self->refresh(); });
      });
    }
    do_read();
  }

  // The session changed under the socket: the app says what its client must now be told.
  void refresh() {
    if (closed_) return;
    // The browser's session has a new id: its audience moves with it.
    if (std::string key = user_session_->audience_key(); key != session_key_) {
      topic_hub().unsubscribe(wire::audience_session, session_key_, this);
      session_key_ = std::move(key);
      topic_hub().subscribe(wire::audience_session, session_key_, shared_from_this());
    }
    try {
      CallScope scope(shared_->options.database);
      SessionScope session_scope(user_session_.get());
      TabScope tab_scope(tab_key_);
      for (auto& push : shared_->app.refresh(*connection_)) send(wire::encode_push(push.topic, push.payload));
      send(wire::encode_push(wire::session_topic, user_session_->csrf_token()));
    } catch (const std::exception& e) {
      log_line("[trace " + new_trace_id() + "] pushing the new session's context failed: " + e.what());
    }
  }

  void do_read() { ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this())); }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == websocket::error::message_too_big) {
      if (shared_->options.log_requests) log_line("WS frame over " + std::to_string(max_message_bytes) + " bytes; closed with 1009");
      return;
    }
    if (ec) return report("read", ec);
    std::string_view frame(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    if (!connection_) {
      // A watch-only dev tab's socket: whatever it sends is ignored.
    } else if (!ws_.got_binary()) {
      send(wire::encode_error(0, ErrorCode::malformed, "text frames are not part of the Rally protocol; send binary frames"));
    } else {
      handle_frame(frame);
    }
    buffer_.consume(buffer_.size());
    if (!closed_) do_read();
  }

  // Runs the call right here, on this socket's event loop: answers leave in request order.
  void handle_frame(std::string_view frame) {
    std::string why;
    auto decoded = wire::decode_client_frame(frame, why);
    if (!decoded) return send(wire::encode_error(0, ErrorCode::malformed, why));
    if (decoded->kind == wire::FrameKind::subscribe) return subscribe(decoded->topic, decoded->key);
    if (decoded->kind == wire::FrameKind::unsubscribe) return topic_hub().unsubscribe(decoded->topic, decoded->key, this);
    const wire::Request* request = &decoded->request;
    std::string trace;
    try {
      RpcOutcome out = call(*request);
      if (out.status == RpcOutcome::Status::ok) {
        std::string answer = wire::encode_response(request->id, out.payload);
        if (answer.size() <= max_answer_bytes) {
          send(std::move(answer));
          // What the call changed for this connection (a new ClientContext), after its answer.
          for (auto& push : out.pushes) send(wire::encode_push(push.topic, push.payload));
          return;
        }
        log_line("WS handler " + wire::to_hex(request->handler) + " answered " + std::to_string(answer.size()) +
                 " bytes, over the " + std::to_string(max_answer_bytes) + "-byte frame limit; sent too_large instead");
        return send(wire::encode_error(request->id, ErrorCode::too_large,
                                       "the answer is larger than " + std::to_string(max_answer_bytes) + " bytes"));
      }
      ErrorCode code = to_error_code(out.status);
      std::string message = out.message.empty() ? std::string(wire::to_string(code)) : out.message;
      return send(wire::encode_error(request->id, code, message));
    } catch (const std::exception& e) {
      trace = new_trace_id();
      log_line("[trace " + trace + "] handler " + wire::to_hex(request->handler) + " failed: " + e.what());
    } catch (...) {
      trace = new_trace_id();
      log_line("[trace " + trace + "] handler " + wire::to_hex(request->handler) + " failed: unknown exception");
    }
    send(wire::encode_error(request->id, ErrorCode::handler_failed, "the server failed to handle this request (trace " + trace + ")"));
  }

  void subscribe(std::uint64_t topic, std::string_view key) {
    if (!connection_) return;
    bool allowed = false;
    try {
      CallScope scope(shared_->options.database);
      SessionScope session_scope(user_session_.get());
      TabScope tab_scope(tab_key_);
      allowed = shared_->app.may_subscribe(*connection_, topic, key);
    } catch (const std::exception& e) {
      log_line("[trace " + new_trace_id() + "] authorizing a subscription failed: " + e.what());
    }
    if (!allowed)
      return send(wire::encode_error(0, ErrorCode::unauthorized, "not allowed to subscribe to topic " + wire::to_hex(topic)));
    if (!topic_hub().subscribe(topic, key, shared_from_this()))
      send(wire::encode_error(0, ErrorCode::overloaded,
                              "a socket may hold at most " + std::to_string(TopicHub::max_per_subscriber) + " subscriptions"));
  }

  // The handler's database lease lives exactly as long as this call: an idle socket holds none.
  RpcOutcome call(const wire::Request& request) {
    // Timed only when call lines are logged (RALLY_LOG=debug): a clock read is not free.
    const bool logged = shared_->options.log_calls;
    const auto started = logged ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    CallScope scope(shared_->options.database);
    SessionScope session_scope(user_session_.get());
    TabScope tab_scope(tab_key_);
    std::string outcome = "failed";
    auto log = [&] {
      if (!logged) return;
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
      std::string line = "WS call " + wire::to_hex(request.handler) + " " + outcome + " " + std::to_string(us) + "us";
      if (auto stats = scope.stats(); stats.count > 0) line += " (" + rally::db::to_string(stats) + ")";
      log_routine(line);
    };
    try {
      RpcOutcome out = shared_->app.call(*connection_, request.handler, request.payload);
      if (logged) outcome = out.status == RpcOutcome::Status::ok ? "ok" : std::string(wire::to_string(to_error_code(out.status)));
      log();
      return out;
    } catch (...) {
      log();
      throw;
    }
  }

  void send(std::string frame) {
    if (closed_) return;
    if (!queue_.push(std::move(frame))) {
      log_line("WS closing a socket whose client does not read its answers (" + std::to_string(max_queued_frames) +
               " frames queued)");
      return hard_close();
    }
    if (queue_.start_write()) do_write();
  }

  void do_write() {
    ws_.async_write(net::buffer(queue_.in_flight()), beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    queue_.write_done();
    // After a hard close the socket is gone: whatever the outcome, there is nothing more to write.
    if (queue_.closed()) return;
    if (ec) return report("write", ec);
    if (queue_.start_write()) return do_write();
    if (close_after_writes_ && !closed_) {
      closed_ = true;
      ws_.async_close(websocket::close_reason(websocket::close_code::normal, "reload"),
                      beast::bind_front_handler(&WebSocketSession::on_close, shared_from_this()));
    }
  }

  void on_close(beast::error_code ec) {
    if (ec) report("close", ec);
  }

  // The frame being written stays queued until its handler runs (see WriteQueue::close).
  void hard_close() {
    closed_ = true;
    queue_.close();
    beast::get_lowest_layer(ws_).close();
  }

  void report(const char* what, beast::error_code ec) {
    if (!expected_shutdown(ec)) log_line(std::string("WS ") + what + " failed: " + ec.message());
  }

  websocket::stream<beast::tcp_stream> ws_;
  http::request<http::string_body> upgrade_;
  std::shared_ptr<const Shared> shared_;
  std::unique_ptr<Connection> connection_;  // null: contract mismatch, the socket only says "reload"
  std::shared_ptr<LiveSession> user_session_;  // the session of the page that opened it (null: none)
  std::string_view reload_reason_;  // why the tab must reload, when connection_ is null
  DevTab dev_tab_ = DevTab::none;   // a dev server's own tab: it gets the build status
  std::string tab_key_;      // this socket's audience key: 16 random bytes
  std::string session_key_;  // its session's audience key, as subscribed
  beast::flat_buffer buffer_;
  WriteQueue queue_{max_queued_frames};
  bool close_after_writes_ = false;
  bool closed_ = false;
};

}  // namespace

websocket::stream_base::timeout websocket_timeouts() {
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  // Without pings an idle tab (nothing to send for 300 s) would be dropped; with them Beast pings
  // at half the idle timeout and only a peer that stops answering is closed.
  timeouts.keep_alive_pings = true;
  return timeouts;
}

void start_websocket_session(beast::tcp_stream stream, http::request<http::string_body> upgrade,
                             std::shared_ptr<const Shared> shared, std::unique_ptr<Connection> connection,
                             std::shared_ptr<LiveSession> user_session, std::string_view reload_reason, DevTab dev_tab) {
  std::make_shared<WebSocketSession>(std::move(stream), std::move(upgrade), std::move(shared), std::move(connection),
                                     std::move(user_session), reload_reason, dev_tab)
      ->run();
}

}  // namespace rally::server::detail
