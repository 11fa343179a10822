// Timers: C++ keeps the callbacks, JS keeps only the browser's timeout tokens.
#include "loop.hpp"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <utility>
#include <list>

#include "js.hpp"

namespace rally::client::loop {

namespace {
struct Timer {
  TimerId id = 0;
  int token = 0;
  SharedFunction<void()> fn;
};
// A page has a handful of timers at a time (one per pending call, a reconnect): a list searched
// from the front is as fast as a map at that count, and smaller code than a vector, from which
// timers would leave from anywhere (91 B gzip).
std::list<Timer>& timers() {
  static std::list<Timer> t;
  return t;
}
TimerId next_id = 1;
std::list<Timer>::iterator find(TimerId id) {
  auto& t = timers();
  return std::find_if(t.begin(), t.end(), [id](const Timer& timer) { return timer.id == id; });
}
}  // namespace

TimerId set_timeout(int ms, SharedFunction<void()> fn) {
  TimerId id = next_id++;
  timers().push_back({id, rally_set_timeout(id, ms), std::move(fn)});
  return id;
}

void clear_timeout(TimerId id) {
  auto it = find(id);
  if (it == timers().end()) return;
  rally_clear_timeout(it->token);
  timers().erase(it);
}

}  // namespace rally::client::loop

extern "C" EMSCRIPTEN_KEEPALIVE void rally_on_timer(int id) {
  auto it = rally::client::loop::find(id);
  if (it == rally::client::loop::timers().end()) return;  // cleared after the browser queued it
  auto fn = std::move(it->fn);
  rally::client::loop::timers().erase(it);
  fn();
}
