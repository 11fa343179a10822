// Topics and server messages (rally::Topic subscriptions, rally::send): the running page's
// subscriptions, kept in step with its model, and the publications and server messages that reach
// it. Reached only through topic_hooks(), which a generated page entry names when its page has
// subscriptions() or from_server(): a client whose pages have neither carries none of this code.
#include <algorithm>
#include <string>
#include <utility>

#include "rally/wire.hpp"
#include "runtime.hpp"

namespace rally::client {

namespace {
std::string topic_name(std::uint64_t topic, std::string_view key) {
  std::string name(8, '\0');
  for (int i = 0; i < 8; ++i) name[static_cast<std::size_t>(i)] = static_cast<char>(topic >> (8 * i));
  return name.append(key.data(), key.size());
}
template <class List>
auto find_named(List& list, std::string_view name) {
  return std::find_if(list.begin(), list.end(), [name](const auto& entry) { return entry.first == name; });
}
template <class List>
bool has_named(const List& list, std::string_view name) {
  return find_named(list, name) != list.end();
}
// Adds `s` under its name unless the list has that name already (the first one stays).
template <class List>
void add_named(List& list, std::string name, Subscription s) {
  if (!has_named(list, name)) list.emplace_back(std::move(name), std::move(s));
}
}  // namespace

// After every render (a new model, a new page): the server learns what changed. What cannot be
// sent now (the socket is down) is sent again from scratch when it opens.
void Runtime::sync_subscriptions() {
  Subscriptions wanted;
  if (page_) {
    for (auto& s : page_->subscriptions()) {
      std::string name = topic_name(s.topic, s.key);  // before `s` is moved: arguments have no set order
      add_named(wanted, std::move(name), std::move(s));
    }
    // A page that takes server messages hears the ones sent to its path and to the whole app (the
    // server puts every socket in its tab's and its session's audience itself).
    if (page_->takes_server_messages()) {
      const std::string path = location_.substr(0, location_.find('?'));
      add_named(wanted, topic_name(wire::audience_page, path), Subscription{wire::audience_page, path, {}});
      add_named(wanted, topic_name(wire::audience_app, {}), Subscription{wire::audience_app, {}, {}});
    }
  }
  for (const auto& [name, s] : subscriptions_)
    if (!has_named(wanted, name)) transport_.send_now(wire::encode_unsubscribe(s.topic, s.key));
  for (const auto& [name, s] : wanted)
    if (!has_named(subscriptions_, name)) transport_.send_now(wire::encode_subscribe(s.topic, s.key));
  subscriptions_ = std::move(wanted);
}

void Runtime::on_topic_message(std::uint64_t topic, std::string_view key, std::string_view payload) {
  if (!page_) return;
  if (wire::is_audience(topic)) return on_server_message(topic, key, payload);
  auto found = find_named(subscriptions_, topic_name(topic, key));
  if (found == subscriptions_.end()) return;  // a topic this page has left: dropped
  std::string error;
  AnyMsg msg = found->second.to_msg(payload, error);
  if (msg.empty()) return log_error("rally: dropped a publication that did not decode: " + error);
  page_->handle(msg);
}

// A server message: the 8-byte type id, then the message. The page decodes the types it takes; any
// other is for a page this tab has left (or one sent to the tab or session whatever its page).
void Runtime::on_server_message(std::uint64_t audience, std::string_view key, std::string_view payload) {
  if (audience == wire::audience_page && !has_named(subscriptions_, topic_name(audience, key))) return;  // a page left
  if (payload.size() < 8) return log_error("rally: dropped a server message without its type");
  std::uint64_t type = 0;
  for (int i = 0; i < 8; ++i) type |= std::uint64_t{static_cast<unsigned char>(payload[static_cast<std::size_t>(i)])} << (8 * i);
  std::string error;
  AnyMsg msg = page_->receive(type, payload.substr(8), error);
  if (msg.empty()) {
    if (!error.empty()) log_error("rally: dropped a server message that did not decode: " + error);
    return;
  }
  page_->handle(msg);
}

void Runtime::resubscribe() {
  for (const auto& [name, s] : subscriptions_) transport_.send_now(wire::encode_subscribe(s.topic, s.key));
}

const TopicHooks* topic_hooks() {
  static constexpr TopicHooks hooks{&Runtime::sync_subscriptions, &Runtime::on_topic_message, &Runtime::resubscribe};
  return &hooks;
}

}  // namespace rally::client
