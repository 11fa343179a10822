// rally::system: start hooks, registered by static initializers of the app's source files.
#include "rally/server/system.hpp"

#include <mutex>
#include <stdexcept>
#include <vector>

namespace rally::system {

namespace {
// A function-local static: hooks register from other translation units' static initializers,
// whose order against this file's is unspecified.
struct Hooks {
  std::mutex mutex;
  std::vector<StartHook> list;
};
Hooks& hooks() {
  static Hooks h;
  return h;
}
}  // namespace

rally::db::Connection& Startup::db() const {
  if (!db_)
    throw std::logic_error("rally::system::Startup::db(): this app has no database (rally_add_app(... MIGRATIONS <dir>))");
  return *db_;
}

bool on_start(StartHook hook) {
  Hooks& h = hooks();
  std::lock_guard lock(h.mutex);
  h.list.push_back(std::move(hook));
  return true;
}

void run_start_hooks(Startup& startup) {
  std::vector<StartHook> list;
  {
    Hooks& h = hooks();
    std::lock_guard lock(h.mutex);
    list = h.list;
  }
  for (const auto& hook : list) hook(startup);
}

}  // namespace rally::system
