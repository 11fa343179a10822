#include "log.hpp"

#include <cstdio>
#include <mutex>
#include <random>

#include "rally/render.hpp"
#include "rally/wire.hpp"

namespace rally::server {

std::string new_trace_id() {
  thread_local std::mt19937_64 rng{(static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}()};
  return rally::wire::to_hex(rng());
}

void log_line(std::string_view line) {
  static std::mutex mutex;
  std::string out;
  out.reserve(line.size() + 8);
  out += "rally: ";
  out += line;
  out += '\n';
  std::lock_guard lock(mutex);
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
}

std::string error_page(int status, std::string_view title, std::string_view trace_id) {
  std::string t = rally::escape_text(title);
  std::string s = std::to_string(status);
  std::string out = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + s + " " + t +
                    "</title></head>\n<body><h1>" + s + " " + t + "</h1>\n";
  if (!trace_id.empty()) out += "<p>Trace id: <code>" + rally::escape_text(trace_id) + "</code></p>\n";
  out += "</body></html>\n";
  return out;
}

}  // namespace rally::server
