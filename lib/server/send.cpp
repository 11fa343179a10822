// The audiences of server messages (rally/server/send.hpp) and the thread's current tab. Boost-free:
// part of rally_app.
#include "rally/server/send.hpp"

#include <stdexcept>

#include "rally/server/session.hpp"

namespace rally {

namespace server {

namespace {
thread_local TabScope* current_tab_scope = nullptr;
}  // namespace

TabScope::TabScope(std::string_view tab_key) noexcept : key_(tab_key), outer_(current_tab_scope) {
  current_tab_scope = this;
}
TabScope::~TabScope() { current_tab_scope = outer_; }
const TabScope* TabScope::current() noexcept { return current_tab_scope; }

}  // namespace server

namespace audience {

Audience this_tab() {
  const server::TabScope* tab = server::TabScope::current();
  if (!tab)
    throw std::logic_error(
        "rally::audience::this_tab() used where no tab is calling: only a server call, load() or topic authorization over a "
        "WebSocket has one (an SSR request or a form post does not)");
  return {wire::audience_tab, std::string(tab->key())};
}

Audience this_session() {
  server::SessionBackend* session = server::SessionScope::current();
  std::string key = session ? session->audience_key() : std::string();
  if (key.empty())
    throw std::logic_error(
        "rally::audience::this_session() used where there is no session: outside a request or server call, or in an app "
        "without a database (sessions are stored in it: rally_add_app(... MIGRATIONS <dir>))");
  return {wire::audience_session, std::move(key)};
}

Audience page(std::string_view path) { return {wire::audience_page, std::string(path)}; }

Audience everyone() { return {wire::audience_app, {}}; }

}  // namespace audience

}  // namespace rally
