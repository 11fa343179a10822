// Options::from_env and the value parsers it shares with the command line.
#include "options.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "rally/server/run.hpp"

namespace rally::server {

namespace {

// Only plain decimal digits: from_chars alone would accept a leading '-'.
bool parse_decimal(std::string_view text, unsigned long& out) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

std::string quoted(std::string_view what, std::string_view text) {
  return std::string(what) + "=\"" + std::string(text) + "\"";
}

}  // namespace

std::uint16_t parse_port(std::string_view text, std::string_view what) {
  unsigned long v = 0;
  if (!parse_decimal(text, v) || v > 65535)
    throw std::invalid_argument(quoted(what, text) + " is not a port number (1-65535, or 0 for any free port)");
  return static_cast<std::uint16_t>(v);
}

// An upper bound that catches typos (RALLY_THREADS=40000) before they spawn a thread storm.
constexpr unsigned long max_threads = 1024;

int parse_threads(std::string_view text, std::string_view what) {
  unsigned long v = 0;
  if (!parse_decimal(text, v) || v > max_threads)
    throw std::invalid_argument(quoted(what, text) + " is not a thread count (0-" + std::to_string(max_threads) +
                                ", 0 for one per core)");
  return static_cast<int>(v);
}

Options Options::from_env(Options defaults) {
  if (const char* host = std::getenv("HOST")) {
    if (*host == '\0') throw std::invalid_argument("HOST=\"\" is empty; set an address such as 127.0.0.1 or 0.0.0.0");
    defaults.host = host;
  }
  if (const char* port = std::getenv("PORT")) defaults.port = parse_port(port, "PORT");
  if (const char* dir = std::getenv("RALLY_CLIENT_DIR")) defaults.client_dir = dir;
  if (const char* threads = std::getenv("RALLY_THREADS")) defaults.threads = parse_threads(threads, "RALLY_THREADS");
  return defaults;
}

}  // namespace rally::server
