// Calibration of QueryClock: the TSC counts at a constant rate on CPUs that say so (CPUID
// 0x80000007, EDX bit 8: "invariant TSC"), so one ratio against steady_clock holds for the
// process. It is measured over 1 ms. Each end is a steady_clock read bracketed by two TSC reads,
// the tightest of a few tries; a bracket wider than a thousandth of the window means the thread
// was paused there, and the measurement is taken again (steady_clock stays after three misses).
#include "query_clock.hpp"

#include <cstdint>
#include <mutex>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace rally::db::detail {

std::atomic<double> QueryClock::ns_per_tick_{0};

#if defined(__x86_64__)
namespace {
using Steady = std::chrono::steady_clock;

struct Sample {
  Steady::time_point time;
  std::uint64_t ticks = 0;   // the middle of the bracket
  std::uint64_t spread = 0;  // the bracket's width
};

Sample sample() {
  Sample best;
  best.spread = UINT64_MAX;
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t before = __rdtsc();
    const Steady::time_point time = Steady::now();
    const std::uint64_t after = __rdtsc();
    if (after >= before && after - before < best.spread) best = {time, before + (after - before) / 2, after - before};
  }
  return best;
}

// Nanoseconds per tick, or 0 when no clean measurement was had.
double measure() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const Sample start = sample();
    while (Steady::now() - start.time < std::chrono::milliseconds(1)) {
    }
    const Sample end = sample();
    if (end.ticks <= start.ticks) continue;
    const std::uint64_t window = end.ticks - start.ticks;
    if (start.spread > window / 1000 || end.spread > window / 1000) continue;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(end.time - start.time).count();
    return static_cast<double>(ns) / static_cast<double>(window);
  }
  return 0;
}
}  // namespace
#endif

void QueryClock::calibrate() {
  static std::once_flag once;
  std::call_once(once, [] {
#if defined(__x86_64__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx) == 0 || (edx & (1u << 8)) == 0) return;
    ns_per_tick_.store(measure(), std::memory_order_relaxed);
#endif
  });
}

}  // namespace rally::db::detail
