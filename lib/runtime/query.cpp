// rally::parse_query: the URL query string as a map, for init()/load() that take a rally::Query.
#include <string>
#include <string_view>

#include "rally/load.hpp"

namespace rally {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Form encoding: '+' is a space (what a GET <form> sends); a malformed escape stays as written,
// because a query is user input and dropping the whole parameter would hide what was sent.
std::string decode_component(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Query parse_query(std::string_view query) {
  Query out;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);  // tolerate a leading '?'
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;  // "a=1&&b=2"
    std::size_t eq = pair.find('=');
    std::string key = decode_component(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : decode_component(pair.substr(eq + 1));
    out[std::move(key)] = std::move(value);  // a repeated key keeps its last value
  }
  return out;
}

}  // namespace rally
