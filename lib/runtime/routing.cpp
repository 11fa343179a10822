// rally::routing: path splitting and route-param parsing/encoding for the generated routes.
#include "rally/routing.hpp"
#include "rally/utf8.hpp"

#include <utility>

namespace rally::routing {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool below_root(std::string_view path, std::string_view root, std::vector<std::string_view>& out) {
  out.clear();
  std::string_view rest;
  if (root == "/") {
    if (path.empty() || path[0] != '/') return false;
    if (path.size() == 1) return true;
    rest = path.substr(1);
  } else if (path == root) {
    return true;
  } else if (path.size() > root.size() && path.substr(0, root.size()) == root && path[root.size()] == '/') {
    rest = path.substr(root.size() + 1);
  } else {
    return false;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || rest[i] == '/') {
      out.push_back(rest.substr(start, i - start));
      start = i + 1;
    }
  }
  return true;
}

bool parse_int(std::string_view s, std::int64_t& out) {
  // 20 chars: "-9223372036854775808"; anything longer cannot be in range.
  if (s.empty() || s.size() > 20) return false;
  bool negative = s[0] == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty()) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    std::uint64_t next = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (next / 10 != v) return false;  // wrapped around std::uint64_t
    v = next;
  }
  std::uint64_t limit = negative ? 9223372036854775808ull : 9223372036854775807ull;
  if (v > limit) return false;
  // 0 - v in unsigned arithmetic, so INT64_MIN needs no signed overflow.
  out = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return true;
}

std::optional<std::string> percent_decode(std::string_view s, Decoding mode) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && mode == Decoding::form) {
      out += ' ';
      continue;
    }
    if (c != '%') {
      out += c;
      continue;
    }
    int hi = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      if (mode == Decoding::strict) return std::nullopt;
      out += c;  // kept as written
      continue;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool parse_text(std::string_view s, std::string& out) {
  out.clear();
  if (s.empty()) return false;
  auto decoded = percent_decode(s);
  if (!decoded || !utf8::valid(*decoded)) return false;  // a param is text: "%FF" is no match
  out = std::move(*decoded);
  return true;
}

std::string encode_text(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~';
    if (plain) {
      out += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      out += '%';
      out += digits[u >> 4];
      out += digits[u & 15];
    }
  }
  return out;
}

}  // namespace rally::routing
