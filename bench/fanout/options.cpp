// The fanout load client's command line: its flags, their ranges and defaults (see the usage text),
// and the checks between them. Apart from main.cpp because it is plain parsing, unrelated to the
// sockets and the measurement.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

#include "common.hpp"

namespace fanout {
namespace {

[[noreturn]] void usage(const std::string& why) {
  if (!why.empty()) std::fprintf(stderr, "fanout: %s\n", why.c_str());
  std::fprintf(stderr,
               "usage: fanout --port P --contract HEX --handler HEX [--mode fanout|idle-connect|idle-subscribe]\n"
               "              [--host 127.0.0.1] [--room 1] [-n SUBSCRIBERS] [-w WINDOW] [-d SECONDS] [--warmup SECONDS]\n"
               "              [-t THREADS] [--server-pid PID] [--warm-conns 16] [--settle SECONDS] [--drain-max SECONDS]\n"
               "              [--watchdog SECONDS] [--cookie 'rally_session=...']\n");
  std::exit(1);
}

double parse_number(const std::string& flag, const char* text, double lo, double hi) {
  char* end = nullptr;
  double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= lo && v <= hi))
    usage(flag + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not '" + text + "'");
  return v;
}

std::uint64_t parse_hex64(const std::string& flag, std::string_view text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.size() != 16 || ec != std::errc{} || end != text.data() + text.size()) usage(flag + " takes 16 hex digits");
  return v;
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--mode") {
      const std::string m = value();
      if (m == "fanout") o.mode = Mode::fanout;
      else if (m == "idle-connect") o.mode = Mode::idle_connect;
      else if (m == "idle-subscribe") o.mode = Mode::idle_subscribe;
      else usage("unknown mode '" + m + "'");
    } else if (a == "--host") o.host = value();
    else if (a == "--port") o.port = static_cast<unsigned short>(parse_number(a, value(), 1, 65535));
    else if (a == "--contract") o.contract = value(), parse_hex64(a, o.contract);
    else if (a == "--handler") o.handler = parse_hex64(a, value());
    else if (a == "--room") o.room = static_cast<std::int64_t>(parse_number(a, value(), 1, 1e15));
    else if (a == "-n" || a == "--subscribers") o.subscribers = static_cast<int>(parse_number(a, value(), 1, 60000));
    else if (a == "-w" || a == "--window") o.window = static_cast<int>(parse_number(a, value(), 1, 255));
    else if (a == "-d" || a == "--duration") o.duration_s = parse_number(a, value(), 0.1, 600);
    else if (a == "--warmup") o.warmup_s = parse_number(a, value(), 0, 60);
    else if (a == "-t" || a == "--threads") o.threads = static_cast<int>(parse_number(a, value(), 1, 64));
    else if (a == "--server-pid") o.server_pid = static_cast<int>(parse_number(a, value(), 1, 1 << 30));
    else if (a == "--warm-conns") o.warm_conns = static_cast<int>(parse_number(a, value(), 0, 1000));
    else if (a == "--settle") o.settle_s = parse_number(a, value(), 0, 60);
    else if (a == "--drain-max") o.drain_max_s = parse_number(a, value(), 0.1, 120);
    else if (a == "--watchdog") o.watchdog_s = parse_number(a, value(), 1, 3600);
    else if (a == "--cookie") o.cookie = value();
    else if (a == "-h" || a == "--help") usage("");
    else usage("unknown argument '" + a + "'");
  }
  if (o.port == 0) usage("--port is required");
  if (o.contract.empty()) usage("--contract is required");
  if (o.handler == 0 && o.mode != Mode::idle_connect) usage("--handler is required");
  // A load generator pointed elsewhere would be a different tool.
  if (o.host != "127.0.0.1" && o.host != "localhost") usage("only loopback targets (127.0.0.1) are accepted");
  if (o.mode != Mode::fanout && o.server_pid == 0) usage("the idle modes need --server-pid to read its VmRSS");
  if (o.watchdog_s == 0)
    o.watchdog_s = o.mode == Mode::fanout ? o.warmup_s + o.duration_s + o.drain_max_s + 90 : 4 * o.settle_s + 90;
  return o;
}

}  // namespace fanout
