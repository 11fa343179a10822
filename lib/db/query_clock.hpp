#pragma once
// Private: the clock that times statement runs. A run reads it twice, so it must be cheap. On
// x86-64 with an invariant TSC it reads the TSC (measured here: 11 ns a read, against 29 ns for
// steady_clock through the kvm-clock vDSO, which was a tenth of a point lookup), scaled by a
// ratio measured once per process against steady_clock; elsewhere it is steady_clock.
#include <atomic>
#include <chrono>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace rally::db::detail {

class QueryClock {
 public:
  using Ticks = std::int64_t;

  // Once per process, before the first now() (open() calls it); cheap after the first call.
  static void calibrate();

  static Ticks now() noexcept {
#if defined(__x86_64__)
    if (ns_per_tick() > 0) return static_cast<Ticks>(__rdtsc());
#endif
    return std::chrono::steady_clock::now().time_since_epoch().count();
  }

  // Never negative: a thread moved between cores whose counters disagree reads 0.
  static std::chrono::nanoseconds since(Ticks start) noexcept {
    Ticks ticks = now() - start;
    if (ticks <= 0) return std::chrono::nanoseconds(0);
    if (double scale = ns_per_tick(); scale > 0)
      return std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(ticks) * scale));
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::duration(ticks));
  }

 private:
  // Set once, by calibrate(), before any statement can run (every Connection comes from open()).
  static double ns_per_tick() noexcept { return ns_per_tick_.load(std::memory_order_relaxed); }
  static std::atomic<double> ns_per_tick_;  // 0: steady_clock ticks
};

}  // namespace rally::db::detail
