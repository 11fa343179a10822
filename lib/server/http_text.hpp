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

// RALLY_CALL_TIMEOUT_MS: how long a page waits for a server call's answer (default 30,000): a
// whole number of milliseconds from 100 to 3,600,000, else nullopt.
std::optional<int> parse_call_timeout(std::string_view value);
// The process's setting (0 when RALLY_CALL_TIMEOUT_MS is unset or bad: the client's default);
// Options::from_env refuses a bad value before the server starts.
int call_timeout_ms();

}  // namespace rally::server::detail
