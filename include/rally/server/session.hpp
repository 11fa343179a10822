#pragma once
// rally::Session: who is on the other end of a request or a WebSocket.
//
//   struct ServerContext { rally::server::Db db; rally::Session session; };
//   ...
//   if (auto user = ctx.session.user_id()) ...
//   rally::auth::sign_in(ctx, user.id);
//
// Like rally::server::Db, a Session holds nothing itself: the server opens a session scope around
// every SSR request and every server call, and a Session acts on that scope's session (the one the
// request's cookie names, or a new anonymous one). The record is kept server-side in the app's
// SQLite database (table rally_sessions); the browser only holds a random id in an HttpOnly cookie.
// See docs/sessions-and-auth.md. No Boost, no sqlite3.h: the WASM client compiles this too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rally {

namespace server {

// What a Session acts on: implemented by the server library (and by fakes in handler tests).
class SessionBackend {
 public:
  virtual ~SessionBackend() = default;
  virtual std::optional<std::int64_t> user_id() const = 0;
  // Both give the session a new id (no fixation): the old cookie stops working.
  virtual void sign_in(std::int64_t user_id) = 0;
  virtual void sign_out() = 0;
  // A token bound to this session, for forms (the same for the session's lifetime, new after a
  // sign-in or sign-out).
  virtual std::string csrf_token() const = 0;
  // Whether `token` is this session's CSRF token (compared in constant time).
  virtual bool check_csrf_token(std::string_view token) const = 0;
  // The key of this session's audience for server messages (rally::audience::this_session): derived
  // from the id, so it changes with it; "" when the session has none.
  virtual std::string audience_key() const { return {}; }
};

// Makes `backend` the current session of this thread until the scope ends (scopes nest). Opened
// by the server library; a test of a handler may open one over a fake backend.
class SessionScope {
 public:
  explicit SessionScope(SessionBackend* backend) noexcept;
  ~SessionScope();
  SessionScope(const SessionScope&) = delete;
  SessionScope& operator=(const SessionScope&) = delete;

  // The innermost scope's backend on this thread, or null.
  static SessionBackend* current() noexcept;

 private:
  SessionBackend* backend_;
  SessionScope* outer_;
};

}  // namespace server

class Session {
 public:
  // The signed-in user's id, or nullopt for an anonymous session. Where there is no session (an
  // app without a database, RALLY_SESSIONS=0, outside a request) nobody is signed in: nullopt.
  std::optional<std::int64_t> user_id() const {
    server::SessionBackend* b = server::SessionScope::current();
    return b ? b->user_id() : std::nullopt;
  }
  bool signed_in() const { return user_id().has_value(); }
  // These need a session: without one they throw std::logic_error saying why.
  void sign_in(std::int64_t user_id) { backend().sign_in(user_id); }
  void sign_out() { backend().sign_out(); }
  std::string csrf_token() const { return backend().csrf_token(); }

 private:
  // Throws std::logic_error when there is no session here: used outside a request or server call,
  // or in an app without a database (sessions are stored in it).
  static server::SessionBackend& backend();
};

namespace auth {

// Signs the request's session in as `user_id` (a new session id; the browser gets the new cookie
// with this response). `ctx` is the app's ServerContext, with a `rally::Session session` member.
template <class ServerContext>
void sign_in(ServerContext& ctx, std::int64_t user_id) {
  ctx.session.sign_in(user_id);
}
template <class ServerContext>
void sign_out(ServerContext& ctx) {
  ctx.session.sign_out();
}

}  // namespace auth

}  // namespace rally
