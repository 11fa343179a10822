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
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "codec.hpp"
#include "element.hpp"
#include "html.hpp"

namespace rally {

// Specialized for each topic type by generated code (rally-gen finds every struct with a nested
// `using Message = ...;` in the headers it reads): the topic type's 64-bit id.
template <class Topic>
struct TopicTraits;

// One topic a page listens to: its type id, its encoded key, and how a publication becomes the
// page's message.
struct Subscription {
  std::uint64_t topic = 0;
  std::string key;
  std::function<AnyMsg(std::string_view payload, std::string& error)> to_msg;
};

template <class Topic, class F>
Subscription subscribe(const Topic& topic, F to_msg) {
  using Message = typename Topic::Message;
  using M = std::decay_t<std::invoke_result_t<F, Message>>;
  static_assert(html::detail::is_page_message<M>,
                "rally::subscribe: the message made from a publication is not an alternative of the page's Msg");
  Subscription s;
  s.topic = TopicTraits<Topic>::id;
  s.key = codec::to_bytes(topic);
  s.to_msg = [f = std::move(to_msg)](std::string_view payload, std::string& error) -> AnyMsg {
    Message message{};
    if (!codec::from_bytes(payload, message, &error)) return AnyMsg();
    return AnyMsg::of(f(std::move(message)));
  };
  return s;
}

}  // namespace rally
