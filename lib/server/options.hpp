#pragma once
// Parsing of configuration values (environment and command line). Boost-free.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rally::server {

// "8080" -> 8080; "0" -> 0 (any free port). Anything else (empty, signs, spaces, > 65535) throws
// std::invalid_argument naming `what`: PORT="abc" is not a port number (1-65535).
std::uint16_t parse_port(std::string_view text, std::string_view what);

// "4" -> 4; 0 means one thread per core. Throws std::invalid_argument like parse_port.
int parse_threads(std::string_view text, std::string_view what);

// "example.com, .example.com" -> {"example.com", ".example.com"}; names are lowercased. Throws
// std::invalid_argument naming `what` for an empty list or an entry that is not a host name, a
// ".domain", an IPv4 address, a [bracketed IPv6] address or "*" (ports do not belong there).
std::vector<std::string> parse_allowed_hosts(std::string_view text, std::string_view what);

// Whether a Host header value ("name", "name:port", "[::1]:8080") names an allowed host. A value
// that is not a well-formed host is never allowed.
bool host_allowed(std::string_view host_header, const std::vector<std::string>& allowed);

}  // namespace rally::server
