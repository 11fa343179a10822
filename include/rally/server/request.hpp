#pragma once
// rally::Request: what the server shows app code of an HTTP request or a WebSocket upgrade (e.g.
// `ServerContext make_server_context(const rally::Request&)`). Boost-free and cheap to include.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rally {

struct Request {
  std::string method;   // "GET"
  std::string target;   // "/products/4?tab=x", as sent
  std::string path;     // "/products/4", not yet percent-decoded
  std::string query;    // "tab=x", without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::vector<std::pair<std::string, std::string>> cookies;  // from the Cookie header, in order
  std::string body;
  std::string remote_address;  // the peer's IP address ("127.0.0.1"); a proxy's, behind one

  // The first header with that (lowercase) name, or "".
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
  // The first cookie with that name (browsers send the most specific first), or nullopt.
  std::optional<std::string_view> cookie(std::string_view name) const {
    for (const auto& [k, v] : cookies)
      if (k == name) return std::string_view(v);
    return std::nullopt;
  }
};

// The cookies of a Cookie header value ("a=1; b=\"two\""), in order (RFC 6265 5.4). Pairs that are
// not `token=cookie-value` are skipped, never an error: a browser may hold cookies other software
// set. Quotes around a value are removed.
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

}  // namespace rally
