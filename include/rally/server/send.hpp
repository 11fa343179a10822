#pragma once
// Server messages: a typed message from server code to browser tabs, delivered to the page's
// update() as one of its messages. A page declares what it takes, one overload per type:
//
//   struct Typing { std::string who; };                       // a server message: a plain struct
//   inline Msg from_server(Typing t) { return SomeoneTyping{std::move(t.who)}; }
//
// and any server code sends it to an audience:
//
//   rally::send(rally::audience::page("/rooms/7"), Typing{"ada"});   // every tab showing /rooms/7
//   rally::send(rally::audience::this_tab(), Saved{});               // the tab whose call is running
//   rally::send(rally::audience::this_session(), SignedIn{});        // every tab of the browser
//   rally::send(rally::audience::everyone(), Notice{"restarting"});  // every tab of the app
//
// A tab whose page does not take the type (it navigated away, or never did) drops it. Delivery is
// that of topics (rally/server/topics.hpp, docs/live.md): at most once, in order per sender,
// through the same PubSub seam. Boost-free.
#include <cstdint>
#include <string>
#include <string_view>

#include "../topic.hpp"
#include "../wire.hpp"
#include "topics.hpp"

namespace rally {

// Who a server message goes to. Copyable: keep one (e.g. this_tab() from a call) and send to it
// later from any thread; it reaches nobody once its tab or session is gone.
struct Audience {
  std::uint64_t topic = 0;
  std::string key;
};

namespace audience {
// The tab (WebSocket) whose server call, load or topic authorization is running on this thread.
// Throws std::logic_error elsewhere (an SSR request or a form post has no tab).
Audience this_tab();
// Every tab of the browser whose request or call is running on this thread (its session). Throws
// std::logic_error without one (an app without a database has no sessions). A sign-in or sign-out
// gives the session a new id: an Audience taken before it no longer reaches the browser.
Audience this_session();
// Every tab showing the page at `path`: the path as in the address bar, without the query
// ("/rooms/7"). A tab only hears a page it may see (its policy is checked when it subscribes).
Audience page(std::string_view path);
// Every tab of the app whose page takes server messages.
Audience everyone();
}  // namespace audience

template <class Message>
void send(const Audience& to, const Message& message) {
  const ServerMessageOps& ops = server_message_ops<Message>();
  std::string payload(8, '\0');
  for (int i = 0; i < 8; ++i) payload[static_cast<std::size_t>(i)] = static_cast<char>(ops.id >> (8 * i));
  payload += ops.encode(&message);
  server::pubsub().publish(to.topic, to.key, payload);
}

namespace server {

// Makes `tab_key` (the socket's audience key) this thread's tab until the scope ends; opened by
// the server library around each call of a socket. Scopes nest.
class TabScope {
 public:
  explicit TabScope(std::string_view tab_key) noexcept;
  ~TabScope();
  TabScope(const TabScope&) = delete;
  TabScope& operator=(const TabScope&) = delete;
  static const TabScope* current() noexcept;
  std::string_view key() const noexcept { return key_; }

 private:
  std::string_view key_;
  TabScope* outer_;
};

}  // namespace server

}  // namespace rally
