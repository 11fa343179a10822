#pragma once
// rally::routing: the generic steps of the generated typed routes (<ns>/routes.hpp) and of the
// generated server's 404 dispatch. They live here, compiled once into the runtime, instead of
// being emitted into every namespace's header and every client bundle.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rally::routing {

// A path resolved to one of a namespace's routes (its generated match()): the index of the Route
// alternative and the route's params, encoded as the page's units decode them.
struct Match {
  std::size_t index = 0;
  std::string params;
};

// Splits what follows `root` into segments; false if the path is not below the root. Empty
// segments are kept, so "/about/" and "/about//x" match no route.
bool below_root(std::string_view path, std::string_view root, std::vector<std::string_view>& out);

// Params named id or *_id: an optional '-' and decimal digits within std::int64_t's range, nothing
// else ('+', spaces, empty, overflow are no match, so such a path is a 404 rather than a wrong page).
bool parse_int(std::string_view s, std::int64_t& out);

// The one percent-decoder of paths, route params, queries and static file names. Strict: a
// malformed escape ("%zz", "%4", a lone '%') is an error (nullopt) and '+' stays a '+'. Form: what
// HTML forms send in a query, '+' is a space and a malformed escape stays as written (a query is
// user input; dropping it would hide what was sent), so it never fails.
enum class Decoding { strict, form };
std::optional<std::string> percent_decode(std::string_view s, Decoding mode = Decoding::strict);

// Other params: percent-decoded after the path was split at '/', so "%2F" is a slash inside the
// param. Empty or a malformed escape ("%zz", "%4") is no match; '+' stays a '+' (paths are not
// form-encoded).
bool parse_text(std::string_view s, std::string& out);

// The inverse of parse_text: everything but RFC 3986's unreserved characters is escaped, so any
// non-empty string survives a round trip through a path segment.
std::string encode_text(std::string_view s);

}  // namespace rally::routing
