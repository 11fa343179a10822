#pragma once
// Topics: publish a typed message to every client subscribed to a topic, from any server code
// (a handler, a job, a thread of the app's own).
//
//   struct Room {                // a topic: its key fields...
//     std::int64_t id;
//     using Message = ChatLine;  // ...and the type of what is published to it
//   };
//   rally::publish(Room{7}, ChatLine{"ada", "hello"});
//
// A topic's identity is its type (a hash rally-gen computes, see rally/topic.hpp) plus its encoded
// key, so Room{7} and Room{8} are two topics. Delivery: every socket
// subscribed to the topic when the publication reaches this process, the publisher's own tab
// included, in publication order per publisher; at most once (a socket that is down misses it).
// See docs/live.md. Boost-free.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "../topic.hpp"

namespace rally {

namespace server {

// Where publications go: the seam for more than one server process. The default is in-process:
// this process's subscribed sockets. A backend that carries publications between instances
// (Redis pub/sub, PostgreSQL LISTEN/NOTIFY) implements publish() by sending them out, and hands
// every publication it receives, its own included, to deliver_local() on each instance.
class PubSub {
 public:
  virtual ~PubSub() = default;
  virtual void publish(std::uint64_t topic, std::string_view key, std::string_view message) = 0;
};

// The process's PubSub (the in-process one unless set_pubsub installed another). Not owned.
PubSub& pubsub();
void set_pubsub(PubSub* backend);  // nullptr: back to in-process

// Delivers a publication to this process's sockets subscribed to (topic, key); returns how many.
std::size_t deliver_local(std::uint64_t topic, std::string_view key, std::string_view message);

// How many sockets of this process are subscribed to (topic, key), and to anything at all.
std::size_t subscriber_count(std::uint64_t topic, std::string_view key);
std::size_t subscription_count();

}  // namespace server

template <class Topic>
void publish(const Topic& topic, const typename Topic::Message& message) {
  const TopicOps& ops = topic_ops<Topic>();
  server::pubsub().publish(ops.id, ops.key(&topic), ops.encode(&message));
}

}  // namespace rally
