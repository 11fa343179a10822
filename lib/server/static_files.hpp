#pragma once
// The Boost-free half of static file serving: which file a URL names, its MIME type, its ETag.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rally::server {

// `rel` is the URL path after the prefix ("web.js" for /_rally/web.js), still percent-encoded,
// possibly with a query. Returns the regular file it names under `root`, or nullopt (-> 404) when
// root is empty, the name is malformed or escapes root (.., ., empty segments, absolute paths,
// backslashes, control characters or NUL, also when percent-encoded), a segment starts with '.'
// (dotfiles and dot folders), the file's real path (symlinks resolved) is outside root's real
// path, or no such file exists.
std::optional<std::filesystem::path> resolve_static_path(std::string_view root, std::string_view rel);

// By extension, case-insensitive; unknown -> application/octet-stream.
std::string_view mime_type(std::string_view path);

struct FileInfo {
  std::uint64_t size = 0;
  std::string etag;  // quoted: "<size hex>-<mtime ns hex>"
};
// nullopt when the file cannot be stat'ed.
std::optional<FileInfo> file_info(const std::filesystem::path& path);

// RFC 9110 If-None-Match: "*" or a comma-separated list of (possibly weak) entity tags.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace rally::server
