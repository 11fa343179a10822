// parse_cookie_header: the Cookie request header (RFC 6265 4.2.1 and 5.4), leniently.
#include "rally/server/request.hpp"

#include <algorithm>
#include <cctype>

#include "http_text.hpp"

namespace rally {

namespace {

// cookie-octet: visible US-ASCII except DQUOTE, comma, semicolon and backslash.
bool is_cookie_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x21 && u <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    const std::size_t semi = header.find(';');
    const std::string_view pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = trim(pair.substr(0, eq));
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!server::detail::is_token(name) || !is_cookie_value(value)) continue;
    out.emplace_back(name, value);
  }
  return out;
}

}  // namespace rally
