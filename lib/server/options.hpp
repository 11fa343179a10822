#pragma once
// Parsing of configuration values (environment and command line). Boost-free.
#include <cstdint>
#include <string_view>

namespace rally::server {

// "8080" -> 8080; "0" -> 0 (any free port). Anything else (empty, signs, spaces, > 65535) throws
// std::invalid_argument naming `what`: PORT="abc" is not a port number (1-65535).
std::uint16_t parse_port(std::string_view text, std::string_view what);

// "4" -> 4; 0 means one thread per core. Throws std::invalid_argument like parse_port.
int parse_threads(std::string_view text, std::string_view what);

}  // namespace rally::server
