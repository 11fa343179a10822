// SessionScope (the current session of a thread) and rally::Session, which acts on it. Boost- and
// libsodium-free: part of rally_app, where the page tables check page policies.
#include <stdexcept>

#include "rally/form.hpp"
#include "rally/server/session.hpp"

namespace rally::server {

namespace {
thread_local SessionScope* current_session_scope = nullptr;

// What rally::html::post_form puts in its hidden _csrf field on the server.
std::string current_csrf_token() {
  SessionBackend* session = SessionScope::current();
  return session ? session->csrf_token() : std::string();
}
}  // namespace

SessionScope::SessionScope(SessionBackend* backend) noexcept : backend_(backend), outer_(current_session_scope) {
  current_session_scope = this;
  form::set_token_source(&current_csrf_token);
}
SessionScope::~SessionScope() { current_session_scope = outer_; }
SessionBackend* SessionScope::current() noexcept { return current_session_scope ? current_session_scope->backend_ : nullptr; }

}  // namespace rally::server

namespace rally {

server::SessionBackend& Session::backend() {
  server::SessionBackend* b = server::SessionScope::current();
  if (!b)
    throw std::logic_error(
        "rally::Session used where there is no session: outside a request or server call, or in an app without a "
        "database (sessions are stored in it: rally_add_app(... MIGRATIONS <dir>))");
  return *b;
}

}  // namespace rally

