// Text rules of HTTP shared by the request, session, option and form code.
#include "http_text.hpp"

#include <cstdlib>

#include <algorithm>
#include <cctype>

namespace rally::server::detail {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_token(std::string_view s) {
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
         });
}

bool same_origin(std::string_view origin, std::string_view host) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;  // includes the opaque "null" origin
  const std::string scheme = lowercase(origin.substr(0, scheme_end));
  std::string authority = lowercase(origin.substr(scheme_end + 3));
  std::string host_lower = lowercase(host);
  // Browsers leave the default port out of both headers, but a hand-made request may not.
  const std::string default_port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
  auto drop_default_port = [&](std::string& s) {
    if (!default_port.empty() && s.size() > default_port.size() &&
        s.compare(s.size() - default_port.size(), default_port.size(), default_port) == 0)
      s.resize(s.size() - default_port.size());
  };
  drop_default_port(authority);
  drop_default_port(host_lower);
  return !authority.empty() && authority == host_lower;
}

std::optional<std::string_view> query_param(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<int> parse_call_timeout(std::string_view value) {
  if (value.empty() || value.size() > 7 || value.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const int ms = std::stoi(std::string(value));
  if (ms < 100 || ms > 3'600'000) return std::nullopt;
  return ms;
}

int call_timeout_ms() {
  static const int ms = [] {
    const char* value = std::getenv("RALLY_CALL_TIMEOUT_MS");
    return value ? parse_call_timeout(value).value_or(0) : 0;
  }();
  return ms;
}

}  // namespace rally::server::detail
