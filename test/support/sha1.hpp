#pragma once
// SHA-1 and base64, just enough for the WebSocket handshake's Sec-WebSocket-Accept check.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace rally::test {

std::array<std::uint8_t, 20> sha1(std::string_view data);
std::string base64_encode(std::string_view bytes);

}  // namespace rally::test
