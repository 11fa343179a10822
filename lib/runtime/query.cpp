// rally::parse_query: the URL query string as a map, for init()/load() that take a rally::Query.
#include <string>
#include <string_view>

#include "rally/load.hpp"
#include "rally/routing.hpp"
#include "rally/utf8.hpp"

namespace rally {

Query parse_query(std::string_view query) {
  Query out;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);  // tolerate a leading '?'
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;  // "a=1&&b=2"
    std::size_t eq = pair.find('=');
    std::string key = *routing::percent_decode(pair.substr(0, eq), routing::Decoding::form);
    std::string value =
        eq == std::string_view::npos ? std::string() : *routing::percent_decode(pair.substr(eq + 1), routing::Decoding::form);
    // Query text is user input: ill-formed UTF-8 and NUL become U+FFFD rather than reaching a page.
    out[utf8::sanitize(key)] = utf8::sanitize(value);  // a repeated key keeps its last value
  }
  return out;
}

}  // namespace rally
