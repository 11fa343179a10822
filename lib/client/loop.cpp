// Timers: C++ keeps the callbacks, JS keeps only the browser's timeout tokens.
#include "loop.hpp"

#include <emscripten/emscripten.h>

#include <map>
#include <utility>

#include "js.hpp"

namespace rally::client::loop {

namespace {
struct Timer {
  int token = 0;
  std::function<void()> fn;
};
std::map<TimerId, Timer>& timers() {
  static std::map<TimerId, Timer> t;
  return t;
}
TimerId next_id = 1;
}  // namespace

TimerId set_timeout(int ms, std::function<void()> fn) {
  TimerId id = next_id++;
  auto& t = timers()[id];
  t.fn = std::move(fn);
  t.token = rally_set_timeout(id, ms);
  return id;
}

void clear_timeout(TimerId id) {
  auto it = timers().find(id);
  if (it == timers().end()) return;
  rally_clear_timeout(it->second.token);
  timers().erase(it);
}

}  // namespace rally::client::loop

extern "C" EMSCRIPTEN_KEEPALIVE void rally_on_timer(int id) {
  auto& t = rally::client::loop::timers();
  auto it = t.find(id);
  if (it == t.end()) return;  // cleared after the browser queued it
  auto fn = std::move(it->second.fn);
  t.erase(it);
  fn();
}
