#pragma once
// UTF-8 where text enters (wire strings, route params, queries) and where it leaves (HTML).
#include <cstddef>
#include <string>
#include <string_view>

namespace rally::utf8 {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. NUL is
// well-formed; callers that must refuse it check for it themselves.
bool valid(std::string_view s);

// The length of the well-formed sequence at the start of `s` (1-4), or 0 when there is none.
std::size_t sequence_length(std::string_view s);

// `s` with every ill-formed byte sequence and every NUL replaced by U+FFFD, as an HTML parser would
// show them.
std::string sanitize(std::string_view s);

}  // namespace rally::utf8
