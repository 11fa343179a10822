#include "dev_state.hpp"

#include <mutex>

namespace rally::server::detail {

namespace {
std::string stamp;
std::mutex status_mutex;
std::string status = "ok";
}  // namespace

std::string_view dev_stamp() { return stamp; }
void set_dev_stamp(std::string s) { stamp = std::move(s); }

std::string dev_status() {
  std::lock_guard lock(status_mutex);
  return status;
}

void set_dev_status(std::string s) {
  std::lock_guard lock(status_mutex);
  status = std::move(s);
}

}  // namespace rally::server::detail
