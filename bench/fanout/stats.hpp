// The fanout load client's measurements: the latency histogram, the per-loop counters the
// subscribers update, the /proc readings (server RSS, CPU time of both processes and of the
// machine), and the RESULT lines built from them. Kept apart from the sockets (conn.hpp) and the
// modes (main.cpp) so the numbers a run reports, and how they are derived, are read in one place.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

namespace fanout {

// ---------------------------------------------------------------------------------------------
// Latency histogram: log-linear buckets (64 per power of two above 128 ns: under 1.6% error), so
// that memory stays fixed whatever the number of deliveries.

class Histogram {
 public:
  void add(std::int64_t ns) {
    const std::uint64_t v = ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
    ++counts_[index(v)];
    ++total_;
    max_ = std::max(max_, v);
  }
  void merge(const Histogram& o) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += o.counts_[i];
    total_ += o.total_;
    max_ = std::max(max_, o.max_);
  }
  std::uint64_t count() const { return total_; }
  std::uint64_t max_ns() const { return max_; }
  // The lower bound of the bucket holding the q-quantile (0 when empty).
  std::uint64_t quantile_ns(double q) const {
    if (total_ == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(lower_bound(i), max_);
    }
    return max_;
  }

 private:
  static std::size_t index(std::uint64_t v) {
    if (v < 128) return static_cast<std::size_t>(v);
    const int shift = 63 - std::countl_zero(v) - 6;  // v >> shift is in [64, 128)
    return static_cast<std::size_t>(shift) * 64 + static_cast<std::size_t>(v >> shift);
  }
  static std::uint64_t lower_bound(std::size_t i) {
    if (i < 128) return i;
    const std::size_t shift = i / 64 - 1;
    return static_cast<std::uint64_t>(i % 64 + 64) << shift;
  }
  std::array<std::uint64_t, 64 * 60> counts_{};
  std::uint64_t total_ = 0;
  std::uint64_t max_ = 0;
};

// ---------------------------------------------------------------------------------------------
// What the subscribers of one event loop counted. Atomics: the controller thread reads them while
// the loop runs (relaxed is enough, they are progress counters); the histogram is read after join.

struct alignas(64) LoopStats {
  std::atomic<std::uint64_t> delivered{0};        // measured publications received
  std::atomic<std::int64_t> last_delivery_ns{0};  // when the latest measured one arrived
  std::atomic<std::uint64_t> out_of_order{0};     // a sequence number not above the previous one
  std::atomic<std::uint64_t> bad_frames{0};       // undecodable, unexpected kind, wrong topic
  std::atomic<std::uint64_t> error_frames{0};
  Histogram latency;
};

// ---------------------------------------------------------------------------------------------
// /proc readings of the server (and of ourselves).

std::optional<long> status_kb(int pid, const char* field);
// utime + stime in seconds (fields 14 and 15 of /proc/<pid>/stat, after the parenthesised name).
double cpu_seconds(const std::string& pid);
// Busy CPU time of the whole machine (all cores, /proc/stat), in seconds: what the server and the
// client did not use of it is other work sharing the machine, which makes a run's numbers low.
double machine_busy_seconds();

// ---------------------------------------------------------------------------------------------
// The report: the last line, for scripts (key=value).

// What a fanout run measured, as the controller read it once the loops had stopped.
struct FanoutRun {
  std::uint64_t publications = 0;           // measured calls answered with a line
  std::uint64_t failed_calls = 0;           // measured calls answered otherwise
  std::uint64_t publisher_error_frames = 0;
  std::int64_t start_ns = 0;                // the first measured call sent
  std::int64_t end_ns = 0;                  // the last measured answer read
  const Histogram* call_latency = nullptr;  // request sent -> answer read
  std::uint64_t expected = 0;               // publications x subscribers
  int disconnects = 0;
  // CPU seconds over the measured part (and its drain), and the wall time they span.
  double server_cpu = 0, client_cpu = 0, machine_busy = 0, cpu_wall = 0;
};

// Merges the loops' counters with the run's and prints the RESULT line of mode=fanout.
void print_fanout_result(const Options& o, const FanoutRun& run, const std::vector<std::unique_ptr<LoopStats>>& loops);

// The RESULT line of the idle modes: the server's VmRSS (KB) before and after the N sockets opened
// (and, subscribed, after each had received a line).
void print_idle_result(const Options& o, bool subscribe, long before, long after, long after_line, int disconnects);

}  // namespace fanout
