#include "write_gate.hpp"

#include <map>

namespace rally::db::detail {

bool WriteGate::lock_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::uint64_t ticket = next_++;
  if (turn_.wait_for(lock, timeout, [&] { return serving_ == ticket; })) return true;
  abandoned_.insert(ticket);
  return false;
}

void WriteGate::unlock() {
  {
    std::lock_guard lock(mutex_);
    ++serving_;
    while (abandoned_.erase(serving_) > 0) ++serving_;
  }
  // Every waiter checks whether it is next; there are only as many as threads writing.
  turn_.notify_all();
}

std::shared_ptr<WriteGate> write_gate_for(const std::string& key) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<WriteGate>> gates;
  std::lock_guard lock(mutex);
  // Drop the entries of files nobody has open any more, so the map stays small.
  std::erase_if(gates, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = gates[key];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<WriteGate>();
    slot = gate;
  }
  return gate;
}

}  // namespace rally::db::detail
