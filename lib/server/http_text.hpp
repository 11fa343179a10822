#pragma once
// Small text rules of HTTP shared by the server's parsers (Boost-free, in rally_app).
#include <optional>
#include <string>
#include <string_view>

namespace rally::server::detail {

// ASCII lowercase (header names, host names, setting values).
std::string lowercase(std::string_view s);

// RFC 9110 token: what a header or cookie name may be.
bool is_token(std::string_view s);

// Whether an Origin header ("http://host:port") names the host a request was sent to (its Host
// header). Default ports are ignored on both sides; the opaque origin "null" is never same-origin.
bool same_origin(std::string_view origin, std::string_view host);

// The value of `key` in a query string ("a=1&contract=abc"), not percent-decoded; nullopt if absent.
std::optional<std::string_view> query_param(std::string_view query, std::string_view key);

}  // namespace rally::server::detail
