// The process's topic subscriptions, and the in-process PubSub that delivers to them.
#include "topic_hub.hpp"

#include <algorithm>
#include <atomic>

#include "rally/server/topics.hpp"
#include "rally/wire.hpp"

namespace rally::server {

namespace detail {

std::string TopicHub::name_of(std::uint64_t topic, std::string_view key) {
  std::string name(8, '\0');
  for (int i = 0; i < 8; ++i) name[static_cast<std::size_t>(i)] = static_cast<char>(topic >> (8 * i));
  name.append(key.data(), key.size());
  return name;
}

bool TopicHub::subscribe(std::uint64_t topic, std::string_view key, const std::shared_ptr<Subscriber>& who) {
  const std::string name = name_of(topic, key);
  std::lock_guard lock(mutex_);
  auto& mine = by_subscriber_[who.get()];
  if (std::find(mine.begin(), mine.end(), name) != mine.end()) return true;
  // The server's own (a socket's tab and session audiences) do not count against the client.
  auto client_chosen = [](const std::string& n) {
    std::uint64_t t = 0;
    for (int i = 0; i < 8; ++i) t |= std::uint64_t{static_cast<unsigned char>(n[static_cast<std::size_t>(i)])} << (8 * i);
    return t != wire::audience_tab && t != wire::audience_session;
  };
  if (client_chosen(name) && static_cast<std::size_t>(std::count_if(mine.begin(), mine.end(), client_chosen)) >= max_per_subscriber)
    return false;
  mine.push_back(name);
  topics_[name].push_back(who);
  return true;
}

void TopicHub::unsubscribe(std::uint64_t topic, std::string_view key, const Subscriber* who) {
  const std::string name = name_of(topic, key);
  std::lock_guard lock(mutex_);
  auto mine = by_subscriber_.find(who);
  if (mine == by_subscriber_.end()) return;
  std::erase(mine->second, name);
  if (mine->second.empty()) by_subscriber_.erase(mine);
  auto subscribers = topics_.find(name);
  if (subscribers == topics_.end()) return;
  std::erase_if(subscribers->second, [&](const std::weak_ptr<Subscriber>& s) {
    auto live = s.lock();
    return !live || live.get() == who;
  });
  if (subscribers->second.empty()) topics_.erase(subscribers);
}

void TopicHub::unsubscribe_all(const Subscriber* who) {
  std::lock_guard lock(mutex_);
  auto mine = by_subscriber_.find(who);
  if (mine == by_subscriber_.end()) return;
  for (const std::string& name : mine->second) {
    auto subscribers = topics_.find(name);
    if (subscribers == topics_.end()) continue;
    // `who` is being destroyed: its weak_ptrs have expired, and so have those of any other gone one.
    std::erase_if(subscribers->second, [&](const std::weak_ptr<Subscriber>& s) {
      auto live = s.lock();
      return !live || live.get() == who;
    });
    if (subscribers->second.empty()) topics_.erase(subscribers);
  }
  by_subscriber_.erase(mine);
}

namespace {
thread_local bool this_thread_holds_deliveries = false;
}  // namespace

TopicHub::DeliveryHold::DeliveryHold(std::shared_mutex& deliveries) : lock_(deliveries) {
  this_thread_holds_deliveries = true;
}

TopicHub::DeliveryHold::~DeliveryHold() { this_thread_holds_deliveries = false; }

std::size_t TopicHub::deliver(std::uint64_t topic, std::string_view key, std::string_view message) {
  if (this_thread_holds_deliveries) return 0;
  std::shared_lock in_flight(deliveries_);
  std::vector<std::shared_ptr<Subscriber>> to;
  {
    std::lock_guard lock(mutex_);
    auto subscribers = topics_.find(name_of(topic, key));
    if (subscribers == topics_.end()) return 0;
    to.reserve(subscribers->second.size());
    for (const auto& s : subscribers->second)
      if (auto live = s.lock()) to.push_back(std::move(live));
  }
  if (to.empty()) return 0;
  auto frame = std::make_shared<const std::string>(wire::encode_message(topic, key, message));
  for (const auto& s : to) s->deliver(frame);
  return to.size();
}

std::size_t TopicHub::subscriber_count(std::uint64_t topic, std::string_view key) const {
  std::lock_guard lock(mutex_);
  auto subscribers = topics_.find(name_of(topic, key));
  return subscribers == topics_.end() ? 0 : subscribers->second.size();
}

std::size_t TopicHub::subscription_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [who, names] : by_subscriber_) n += names.size();
  return n;
}

TopicHub& topic_hub() {
  static TopicHub hub;
  return hub;
}

}  // namespace detail

namespace {

class InProcess final : public PubSub {
 public:
  void publish(std::uint64_t topic, std::string_view key, std::string_view message) override {
    detail::topic_hub().deliver(topic, key, message);
  }
};

InProcess in_process;
std::atomic<PubSub*> installed{nullptr};

}  // namespace

PubSub& pubsub() {
  PubSub* p = installed.load(std::memory_order_acquire);
  return p ? *p : in_process;
}

void set_pubsub(PubSub* backend) { installed.store(backend, std::memory_order_release); }

std::size_t deliver_local(std::uint64_t topic, std::string_view key, std::string_view message) {
  return detail::topic_hub().deliver(topic, key, message);
}

std::size_t subscriber_count(std::uint64_t topic, std::string_view key) {
  return detail::topic_hub().subscriber_count(topic, key);
}

std::size_t subscription_count() { return detail::topic_hub().subscription_count(); }

}  // namespace rally::server
