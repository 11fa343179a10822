#include "static_files.hpp"

#include "rally/routing.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cctype>
#include <system_error>
#include <utility>

namespace rally::server {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string hex(std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[v & 15]);
    v >>= 4;
  } while (v);
  return out;
}

}  // namespace

std::optional<std::filesystem::path> resolve_static_path(std::string_view root, std::string_view rel) {
  if (root.empty()) return std::nullopt;
  if (auto q = rel.find_first_of("?#"); q != std::string_view::npos) rel = rel.substr(0, q);
  auto decoded = routing::percent_decode(rel);
  if (!decoded || decoded->empty()) return std::nullopt;
  // Checked after decoding, so %2e%2e, %2f and %00 are caught like their plain forms.
  for (unsigned char c : *decoded)
    if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  std::filesystem::path result(root);
  std::string_view rest = *decoded;
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    // Dot segments: "." and ".." would climb, and dotfiles (.env, .git) are never meant to be served.
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    result /= std::string(segment);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(result, ec)) return std::nullopt;
  // A symlink under root may point anywhere: serve only what really lies inside root.
  const auto real_root = std::filesystem::canonical(std::filesystem::path(root), ec);
  if (ec) return std::nullopt;
  const auto real_file = std::filesystem::canonical(result, ec);
  if (ec) return std::nullopt;
  auto [root_end, file_it] = std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
  if (root_end != real_root.end()) return std::nullopt;
  return result;
}

std::string_view mime_type(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> types{{
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"wasm", "application/wasm"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"ico", "image/vnd.microsoft.icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"},
      {"webp", "image/webp"},
  }};
  std::size_t slash = path.find_last_of('/');
  std::size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return "application/octet-stream";
  std::string ext;
  for (char c : path.substr(dot + 1)) ext += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [e, type] : types)
    if (e == ext) return type;
  return "application/octet-stream";
}

std::optional<FileInfo> file_info(const std::filesystem::path& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  auto mtime = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
  return FileInfo{size, "\"" + hex(size) + "-" + hex(static_cast<std::uint64_t>(ns)) + "\""};
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view tag = trim(rest.substr(0, comma));
    if (tag == "*") return true;
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (!tag.empty() && tag == etag) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace rally::server
