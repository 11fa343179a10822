// The fanout load client's /proc readings and RESULT lines (declared, with the histogram and the
// per-loop counters, in stats.hpp): everything that turns what a run counted into its report.
#include "stats.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>

#include <unistd.h>

namespace fanout {

std::optional<long> status_kb(int pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') return std::atol(line.c_str() + n + 1);
  return std::nullopt;
}

// utime + stime in seconds (fields 14 and 15 of /proc/<pid>/stat, after the parenthesised name).
double cpu_seconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = all.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(all.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i)
    if (i >= 14) ticks += std::atof(f.c_str());
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Busy CPU time of the whole machine (all cores, /proc/stat), in seconds: what the server and the
// client did not use of it is other work sharing the machine, which makes a run's numbers low.
double machine_busy_seconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  double v[8] = {};
  in >> cpu;
  for (double& x : v) in >> x;
  const double idle = v[3] + v[4];
  double total = 0;
  for (double x : v) total += x;
  return (total - idle) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// ---------------------------------------------------------------------------------------------
// The RESULT lines.

void print_fanout_result(const Options& o, const FanoutRun& run, const std::vector<std::unique_ptr<LoopStats>>& loops) {
  Histogram latency;
  std::uint64_t got = 0, out_of_order = 0, bad = 0, errors = run.publisher_error_frames;
  std::int64_t last_delivery = 0;
  for (auto& s : loops) {
    latency.merge(s->latency);
    got += s->delivered.load();
    out_of_order += s->out_of_order.load();
    bad += s->bad_frames.load();
    errors += s->error_frames.load();
    last_delivery = std::max(last_delivery, s->last_delivery_ns.load());
  }
  const double start = static_cast<double>(run.start_ns);
  const double pub_s = (static_cast<double>(run.end_ns) - start) / 1e9;
  const double del_s = (static_cast<double>(last_delivery) - start) / 1e9;
  // How long deliveries went on after the last call was answered (0: they kept up with the calls).
  const double drain_ms = std::max(0.0, static_cast<double>(last_delivery) - static_cast<double>(run.end_ns)) / 1e6;
  const std::uint64_t pubs = run.publications;
  const std::uint64_t expected = run.expected;
  auto us = [](std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; };
  const double server_cpu = run.server_cpu, client_cpu = run.client_cpu, cpu_wall = run.cpu_wall;
  const double other_cpu = std::max(0.0, run.machine_busy - server_cpu - client_cpu);
  // CPU time per delivery (the CPU readings span the same measured calls and their deliveries):
  // robust to other work on the machine, unlike the rates.
  auto us_per_delivery = [&](double cpu) { return got > 0 ? cpu * 1e6 / static_cast<double>(got) : 0.0; };
  std::printf(
      "RESULT mode=fanout subscribers=%d window=%d threads=%d duration_s=%.3f publications=%llu failed_calls=%llu "
      "pub_per_s=%.1f call_p50_us=%.1f call_p99_us=%.1f deliveries=%llu expected=%llu lost=%llu deliveries_per_s=%.0f "
      "p50_us=%.1f p99_us=%.1f max_us=%.1f drain_ms=%.1f disconnects=%d out_of_order=%llu bad_frames=%llu "
      "error_frames=%llu server_cpu_pct=%.0f client_cpu_pct=%.0f other_cpu_pct=%.0f server_us_per_delivery=%.2f "
      "client_us_per_delivery=%.2f\n",
      o.subscribers, o.window, o.threads, pub_s, static_cast<unsigned long long>(pubs),
      static_cast<unsigned long long>(run.failed_calls), pub_s > 0 ? static_cast<double>(pubs) / pub_s : 0.0,
      us(run.call_latency->quantile_ns(0.5)), us(run.call_latency->quantile_ns(0.99)),
      static_cast<unsigned long long>(got), static_cast<unsigned long long>(expected),
      static_cast<unsigned long long>(expected > got ? expected - got : 0),
      del_s > 0 ? static_cast<double>(got) / del_s : 0.0, us(latency.quantile_ns(0.5)), us(latency.quantile_ns(0.99)),
      us(latency.max_ns()), drain_ms, run.disconnects, static_cast<unsigned long long>(out_of_order),
      static_cast<unsigned long long>(bad), static_cast<unsigned long long>(errors),
      100.0 * server_cpu / cpu_wall, 100.0 * client_cpu / cpu_wall, 100.0 * other_cpu / cpu_wall,
      us_per_delivery(server_cpu), us_per_delivery(client_cpu));
  std::fflush(stdout);
}

void print_idle_result(const Options& o, bool subscribe, long before, long after, long after_line, int disconnects) {
  const double n = o.subscribers;
  std::printf("RESULT mode=%s conns=%d warm_conns=%d rss_before_kb=%ld rss_after_kb=%ld per_conn_kb=%.2f", subscribe ? "idle-subscribe" : "idle-connect",
              o.subscribers, o.warm_conns, before, after, static_cast<double>(after - before) / n);
  if (subscribe)
    std::printf(" rss_after_line_kb=%ld per_conn_after_line_kb=%.2f", after_line, static_cast<double>(after_line - before) / n);
  std::printf(" disconnects=%d\n", disconnects);
  std::fflush(stdout);
}

}  // namespace fanout
