#pragma once
// Timers on the browser's event loop (setTimeout), for request timeouts, reconnect backoff and
// callbacks that must not run synchronously. WASM only.
#include "rally/shared.hpp"

namespace rally::client::loop {

using TimerId = int;  // 0 is "no timer"

TimerId set_timeout(int ms, SharedFunction<void()> fn);
void clear_timeout(TimerId id);
// Runs `fn` on a later turn of the event loop.
inline void defer(SharedFunction<void()> fn) { set_timeout(0, std::move(fn)); }

}  // namespace rally::client::loop
