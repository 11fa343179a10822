#pragma once
// Subscribing a page to topics (see rally/server/topics.hpp for publishing). A page declares
//
//   inline std::vector<rally::Subscription> subscriptions(const Model& model) {
//     return {rally::subscribe(Room{model.room}, [](ChatLine line) { return GotLine{std::move(line)}; })};
//   }
//
// and the client keeps the socket subscribed to exactly what it returns: it asks again after every
// update, subscribes to what is new, unsubscribes from what is gone, leaves them all with the page
// and subscribes again after a reconnect. Each publication becomes the page's message. Portable.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "element.hpp"
#include "html.hpp"

namespace rally {

// What Rally needs of a topic type, without its codecs in sight: its 64-bit id, its key's encoding,
// and its message's. rally-gen finds every struct with a nested `using Message = ...;` in the
// headers it reads and defines topic_ops<T>() for it in the generated topics.cpp, so any
// translation unit that sees the topic type may subscribe or publish.
struct TopicOps {
  std::uint64_t id = 0;
  std::string (*key)(const void* topic) = nullptr;
  bool (*decode)(std::string_view payload, void* message, std::string& error) = nullptr;
  std::string (*encode)(const void* message) = nullptr;
};
template <class Topic>
const TopicOps& topic_ops();

// What Rally needs of a server message type (a struct a page takes with `from_server`, sent with
// rally::send): its 64-bit id and encoding. Defined for each in the generated topics.cpp.
struct ServerMessageOps {
  std::uint64_t id = 0;
  std::string (*encode)(const void* message) = nullptr;
};
template <class Message>
const ServerMessageOps& server_message_ops();

// One topic a page listens to: its type id, its encoded key, and how a publication becomes the
// page's message.
struct Subscription {
  std::uint64_t topic = 0;
  std::string key;
  SharedFunction<AnyMsg(std::string_view payload, std::string& error)> to_msg;
};

template <class Topic, class F>
Subscription subscribe(const Topic& topic, F to_msg) {
  using Message = typename Topic::Message;
  using M = std::decay_t<std::invoke_result_t<F, Message>>;
  static_assert(html::detail::is_page_message<M>,
                "rally::subscribe: the message made from a publication is not an alternative of the page's Msg");
  const TopicOps& ops = topic_ops<Topic>();
  Subscription s;
  s.topic = ops.id;
  s.key = ops.key(&topic);
  s.to_msg = [f = std::move(to_msg), &ops](std::string_view payload, std::string& error) -> AnyMsg {
    Message message{};
    if (!ops.decode(payload, &message, error)) return AnyMsg();
    return AnyMsg::of(f(std::move(message)));
  };
  return s;
}

}  // namespace rally
