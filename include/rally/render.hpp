#pragma once
// HTML rendering of the virtual DOM, used by server-side rendering and by tests.
#include <string>
#include <string_view>

#include "element.hpp"

namespace rally {

std::string escape_text(std::string_view s);       // & < > 
std::string escape_attribute(std::string_view s);  // & < > " '

// Renders `node` as HTML. Event handlers are not rendered (the client delegates events).
// Adjacent text nodes are separated by an empty comment `<!---->` so that the browser's parser
// keeps them apart and hydration finds one DOM text node per virtual text node.
void render_html(const Node& node, std::string& out);
std::string render_html(const Node& node);

bool is_void_element(std::string_view tag);

// Names the DSL accepts (ASCII, as the DOM's setAttribute/createElement also accept them):
// a tag is a letter then letters, digits or '-'; an attribute name is a letter, '_' or ':' then
// letters, digits, '-', '_', '.' or ':'. Anything else could break out of the markup.
bool is_valid_tag_name(std::string_view tag);
bool is_valid_attribute_name(std::string_view name);

}  // namespace rally
