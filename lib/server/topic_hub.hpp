#pragma once
// Private: the subscriptions of this process's sockets, by topic. Boost-free.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rally::server::detail {

// A subscribed socket. deliver() may be called from any thread; it must not block (a socket posts
// the frame to its own event loop, where its bounded send queue decides).
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual void deliver(std::shared_ptr<const std::string> frame) = 0;
};

class TopicHub {
 public:
  // Per socket, at most this many subscriptions (a client asking for more gets an error frame).
  static constexpr std::size_t max_per_subscriber = 100;

  // False when the subscriber has max_per_subscriber already. Subscribing twice is one subscription.
  bool subscribe(std::uint64_t topic, std::string_view key, const std::shared_ptr<Subscriber>& who);
  void unsubscribe(std::uint64_t topic, std::string_view key, const Subscriber* who);
  void unsubscribe_all(const Subscriber* who);

  // Encodes the message frame once and hands it to every subscriber of (topic, key).
  std::size_t deliver(std::uint64_t topic, std::string_view key, std::string_view message);

  // Waits for the deliveries in flight and holds off new ones while it lives. A delivery holds its
  // subscribers alive and posts to their event loops, so a server holds this while it destroys its
  // loops: no socket then outlives its loop on another thread (a job that publishes while the
  // server stops). A delivery from the holding thread itself (an app's destructor, run by that
  // teardown, that publishes) reaches nobody instead of deadlocking.
  class DeliveryHold {
   public:
    explicit DeliveryHold(std::shared_mutex& deliveries);
    ~DeliveryHold();
    DeliveryHold(const DeliveryHold&) = delete;
    DeliveryHold& operator=(const DeliveryHold&) = delete;

   private:
    std::unique_lock<std::shared_mutex> lock_;
  };
  DeliveryHold hold_deliveries() { return DeliveryHold(deliveries_); }

  std::size_t subscriber_count(std::uint64_t topic, std::string_view key) const;
  std::size_t subscription_count() const;

 private:
  static std::string name_of(std::uint64_t topic, std::string_view key);
  mutable std::mutex mutex_;
  std::shared_mutex deliveries_;  // shared by each deliver(); see hold_deliveries()
  // "<8 bytes of topic id><key bytes>" -> its subscribers.
  std::unordered_map<std::string, std::vector<std::weak_ptr<Subscriber>>> topics_;
  // Each subscriber's topic names, to enforce the limit and to leave them all at close.
  std::unordered_map<const Subscriber*, std::vector<std::string>> by_subscriber_;
};

TopicHub& topic_hub();

}  // namespace rally::server::detail
