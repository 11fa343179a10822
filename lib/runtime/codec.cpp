// Base64 for the hydration model embedded in server-rendered HTML.
#include "rally/codec.hpp"

namespace rally::codec {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The 6-bit value of a base64 character, or -1.
int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  std::size_t left = bytes.size() - i;
  if (left == 1) {
    std::uint32_t v = at(i) << 16;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += "==";
  } else if (left == 2) {
    std::uint32_t v = at(i) << 16 | at(i + 1) << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += '=';
  }
  return out;
}

// Strict: only the canonical encoding is accepted (no whitespace, padding only at the end, unused
// bits zero), so every byte string has exactly one accepted text.
std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t pad_here = last ? padding : 0;
    int s[4] = {0, 0, 0, 0};
    for (std::size_t k = 0; k < 4 - pad_here; ++k) {
      s[k] = sextet(text[i + k]);
      if (s[k] < 0) return std::nullopt;  // a bad character, or '=' in the middle
    }
    std::uint32_t v = static_cast<std::uint32_t>(s[0]) << 18 | static_cast<std::uint32_t>(s[1]) << 12 |
                      static_cast<std::uint32_t>(s[2]) << 6 | static_cast<std::uint32_t>(s[3]);
    out += static_cast<char>(v >> 16 & 0xff);
    if (pad_here == 2) {
      if (v & 0xffff) return std::nullopt;  // non-zero bits that the padding says are unused
      continue;
    }
    out += static_cast<char>(v >> 8 & 0xff);
    if (pad_here == 1) {
      if (v & 0xff) return std::nullopt;
      continue;
    }
    out += static_cast<char>(v & 0xff);
  }
  return out;
}

}  // namespace rally::codec
