#pragma once
// A hand-written App standing in for generated code in the server tests.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "rally/codec.hpp"
#include "rally/server/app.hpp"
#include "rally/server/session.hpp"
#include "rally/wire.hpp"

namespace rally::server::testing {

inline constexpr std::uint64_t echo_handler = 42;
inline constexpr std::uint64_t throwing_handler = 7;
inline constexpr std::uint64_t guarded_handler = 9;
// Answers with a payload of max_frame_bytes: with the frame header, too large to send.
inline constexpr std::uint64_t oversized_handler = 13;
// Answers "user <id>" or "anonymous": the socket's rally::Session.
inline constexpr std::uint64_t session_handler = 21;

inline std::string who(const rally::Session& session) {
  auto user = session.user_id();
  return user ? "user " + std::to_string(*user) : "anonymous";
}

class FakeApp : public App {
 public:
  std::string_view name() const override { return "fake"; }
  std::string_view contract_hash() const override { return "00000000000000ab"; }

  Response render(const Request& r) override {
    ++renders;
    if (r.path == "/boom") throw std::runtime_error("secret database password");
    Response res;
    if (r.path == "/") {
      res.body = "<p>home</p>";
    } else if (r.path == "/echo") {
      res.content_type = "text/plain";
      res.headers.emplace_back("X-Echo", "yes");
      res.body = r.method + "|" + r.target + "|" + r.path + "|" + r.query + "|" + std::string(r.header("x-test")) + "|" +
                 r.remote_address + "|" + r.body;
    } else if (r.path == "/held") {
      hold_until_released();
      res.body = "<p>released</p>";
    } else if (r.path == "/session") {
      res.body = who(rally::Session());
    } else if (r.path == "/session/sign-in") {
      rally::Session().sign_in(7);
      res.body = who(rally::Session());
    } else if (r.path == "/cookies") {
      res.content_type = "text/plain";
      for (const auto& [name, value] : r.cookies) res.body += name + "=" + value + ";";
    } else if (r.path == "/bad/content-type") {
      res.content_type = "text/html\r\nSet-Cookie: stolen=1";
    } else if (r.path == "/bad/header-value") {
      res.headers.emplace_back("X-Note", "a\nSet-Cookie: stolen=1");
    } else if (r.path == "/bad/header-name") {
      res.headers.emplace_back("X Note", "a");
    } else if (r.path == "/bad/framing") {
      res.headers.emplace_back(r.query, "5");  // ?Content-Length, ?Transfer-Encoding, ...
    } else {
      res.status = 404;
      res.body = "<p>no page at " + r.path + "</p>";
    }
    return res;
  }

  std::unique_ptr<Connection> connect(const Request& upgrade) override {
    ++connects;
    if (upgrade.header("x-refuse") == "1") return nullptr;
    return std::make_unique<FakeConnection>(on_connection_closed);
  }

  RpcOutcome call(Connection&, std::uint64_t handler, std::string_view payload) override {
    if (handler == echo_handler) return {RpcOutcome::Status::ok, std::string(payload), {}};
    if (handler == throwing_handler) throw std::runtime_error("secret handler detail");
    if (handler == oversized_handler)
      return {RpcOutcome::Status::ok, std::string(rally::codec::Limits::max_frame_bytes, 'x'), {}};
    if (handler == session_handler) return {RpcOutcome::Status::ok, who(rally::Session()), {}};
    if (handler == guarded_handler) return {RpcOutcome::Status::unauthorized, {}, "sign in first"};
    return {RpcOutcome::Status::unknown_handler, {}, "no handler " + rally::wire::to_hex(handler)};
  }

  // "/held" renders only once release_held() is called: a request that takes long. Each wait is
  // bounded (5 s), so a test that goes wrong fails instead of hanging.
  bool wait_until_held() {
    std::unique_lock lock(held_mutex_);
    return held_cv_.wait_for(lock, std::chrono::seconds(5), [&] { return held_; });
  }
  void release_held() {
    std::lock_guard lock(held_mutex_);
    released_ = true;
    held_cv_.notify_all();
  }

  // Runs when a socket's connection is destroyed (the socket closed, or the server stopped).
  std::function<void()> on_connection_closed;
  std::atomic<int> connects{0};
  std::atomic<int> renders{0};
  // Subscriptions to this key are refused (empty: none).
  std::string refused_topic_key;
  bool may_subscribe(Connection&, std::uint64_t, std::string_view key) override { return key != refused_topic_key; }

 private:
  class FakeConnection : public Connection {
   public:
    explicit FakeConnection(std::function<void()> on_closed) : on_closed_(std::move(on_closed)) {}
    ~FakeConnection() override {
      if (on_closed_) on_closed_();
    }

   private:
    std::function<void()> on_closed_;
  };

  void hold_until_released() {
    std::unique_lock lock(held_mutex_);
    held_ = true;
    held_cv_.notify_all();
    held_cv_.wait_for(lock, std::chrono::seconds(5), [&] { return released_; });
  }

  std::mutex held_mutex_;
  std::condition_variable held_cv_;
  bool held_ = false;
  bool released_ = false;
};

}  // namespace rally::server::testing
