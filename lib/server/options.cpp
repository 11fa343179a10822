// Options::from_env and the value parsers it shares with the command line.
#include "options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "rally/server/env.hpp"
#include "rally/server/run.hpp"

#include "http_text.hpp"

namespace rally::server {

namespace {

using detail::lowercase;

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

// A DNS name or IPv4 address (letters, digits, '-' and '.'), or a bracketed IPv6 address; lowercase.
bool is_host_name(std::string_view h) {
  if (h.empty() || h.size() > 255) return false;
  if (h.front() == '[')
    return h.size() > 2 && h.back() == ']' &&
           std::all_of(h.begin() + 1, h.end() - 1, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
  if (h.front() == '.' || h.front() == '-') return false;
  return std::all_of(h.begin(), h.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

void trim(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
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

std::vector<std::string> parse_allowed_hosts(std::string_view text, std::string_view what) {
  std::vector<std::string> hosts;
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    std::string_view entry = rest.substr(0, comma);
    trim(entry);
    const std::string host = lowercase(entry);
    const bool ok = host == "*" || (host.size() > 1 && host.front() == '.' ? is_host_name(host.substr(1)) : is_host_name(host));
    if (!ok)
      throw std::invalid_argument(quoted(what, text) + ": \"" + std::string(entry) +
                                  "\" is not a host name (example.com), a .domain for it and its subdomains, an IP address or *");
    hosts.push_back(host);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return hosts;
}

bool host_allowed(std::string_view host_header, const std::vector<std::string>& allowed) {
  std::string host = lowercase(host_header);
  // Drop the port: after the ']' of an IPv6 address, else after the only ':'.
  const std::size_t colon = host.rfind(':');
  const bool bracketed = !host.empty() && host.front() == '[';
  if (colon != std::string::npos && (!bracketed || host[colon - 1] == ']')) {
    const std::string_view port = std::string_view(host).substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    host.resize(colon);
  }
  if (!host.empty() && host.back() == '.') host.pop_back();  // "example.com." is the same name
  if (!is_host_name(host)) return false;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) {
    if (a == "*" || a == host) return true;
    return a.size() > 1 && a.front() == '.' &&
           (host == std::string_view(a).substr(1) ||
            (host.size() > a.size() && host.compare(host.size() - a.size(), a.size(), a) == 0));
  });
}

Options Options::from_env(Options defaults) {
  if (const char* host = std::getenv("HOST")) {
    if (*host == '\0') throw std::invalid_argument("HOST=\"\" is empty; set an address such as 127.0.0.1 or 0.0.0.0");
    defaults.host = host;
  }
  if (const char* port = std::getenv("PORT")) defaults.port = parse_port(port, "PORT");
  if (const char* dir = std::getenv("RALLY_CLIENT_DIR")) defaults.client_dir = dir;
  if (const char* threads = std::getenv("RALLY_THREADS")) defaults.threads = parse_threads(threads, "RALLY_THREADS");
  if (const char* sessions = std::getenv("RALLY_SESSIONS")) {
    const std::string_view v = sessions;
    if (v != "0" && v != "1") throw std::invalid_argument(quoted("RALLY_SESSIONS", v) + " is not 0 or 1");
    defaults.sessions = v == "1";
  }
  const char* log = std::getenv("RALLY_LOG");
  const std::string_view level = log ? std::string_view(log) : env::is_prod() ? "info" : "debug";
  if (level != "error" && level != "info" && level != "debug")
    throw std::invalid_argument(quoted("RALLY_LOG", level) +
                                " is not error, info or debug (info: a line per request, debug: also per server call)");
  defaults.log_requests = level != "error";
  defaults.log_calls = level == "debug";
  if (const char* hosts = std::getenv("RALLY_ALLOWED_HOSTS")) defaults.allowed_hosts = parse_allowed_hosts(hosts, "RALLY_ALLOWED_HOSTS");
  // Read where pages are rendered (detail::call_timeout_ms); checked here so a typo stops the start.
  if (const char* timeout = std::getenv("RALLY_CALL_TIMEOUT_MS"); timeout && !detail::parse_call_timeout(timeout))
    throw std::invalid_argument(quoted("RALLY_CALL_TIMEOUT_MS", timeout) +
                                " is not a number of milliseconds from 100 to 3600000 (how long a page waits for a server call)");
  return defaults;
}

}  // namespace rally::server
