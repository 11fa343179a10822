#pragma once
// HTML rendering of the virtual DOM, used by server-side rendering and by tests.
#include <string>
#include <string_view>

#include "element.hpp"

namespace rally {

std::string escape_text(std::string_view s);       // & < > 
std::string escape_attribute(std::string_view s);  // & < > " '
// The same, appended to `out` (no string of their own: the renderer's path).
void append_escaped_text(std::string& out, std::string_view s);
void append_escaped_attribute(std::string& out, std::string_view s);

// Renders `node` as HTML. Event handlers are not rendered (the client delegates events).
// Text inside script and style is written unescaped (it must not contain "</script" or "</style",
// any case, and these elements hold no element children: std::invalid_argument); inside textarea
// and title it is escaped. Hand-built nodes get the same name and URL checks as rally::html.
// Adjacent text nodes are separated by an empty comment `<!---->` so that the browser's parser
// keeps them apart and hydration finds one DOM text node per virtual text node.
void render_html(const Node& node, std::string& out);
std::string render_html(const Node& node);

bool is_void_element(std::string_view tag);

// Names the DSL accepts (ASCII, as the DOM's setAttribute/createElement also accept them):
// a tag is a lowercase letter then lowercase letters, digits or '-', and not one of plaintext,
// xmp, noembed, noframes (the parser treats them in ways the DSL cannot represent); an attribute
// name is a letter, '_' or ':' then letters, digits, '-', '_', '.' or ':'. Anything else could
// break out of the markup.
bool is_valid_tag_name(std::string_view tag);
bool is_valid_attribute_name(std::string_view name);

// Why an attribute name is refused even though it is well formed, or "": inline event handlers
// (on*, any case; events go through rally::html::on) and srcdoc (markup run as a document).
std::string refused_attribute_reason(std::string_view name);

// The value a URL attribute (href, src, action, formaction, xlink:href, poster, cite, background)
// is given: a javascript: or vbscript: URL, as the browser would parse it (leading spaces and
// controls skipped, tabs and newlines ignored, any case), becomes blocked_url; the rest is kept.
inline constexpr std::string_view blocked_url = "about:blank#blocked";
std::string safe_attribute_value(std::string_view name, std::string value);
// Whether safe_attribute_value would replace the value (without copying it).
bool is_blocked_url(std::string_view name, std::string_view value);

}  // namespace rally
