// Virtual DOM -> HTML text, for server-side rendering and tests.
#include "rally/render.hpp"

#include <stdexcept>

namespace rally {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

template <class Replace>
std::string escape_with(std::string_view s, Replace replace) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    if (const char* r = replace(c)) out += r;
    else out += c;
  }
  return out;
}

// Elements whose content the HTML parser does not read as markup (RCDATA / raw text): a comment
// inside them would show up as text, so adjacent text children are written without a separator.
bool is_text_only_element(std::string_view tag) {
  return tag == "textarea" || tag == "title" || tag == "script" || tag == "style";
}

// The parser drops one newline right after these start tags; writing an extra one keeps the text.
bool drops_leading_newline(std::string_view tag) { return tag == "pre" || tag == "textarea" || tag == "listing"; }

}  // namespace

std::string escape_text(std::string_view s) {
  return escape_with(s, [](char c) -> const char* {
    switch (c) {
      case '&': return "&amp;";
      case '<': return "&lt;";
      case '>': return "&gt;";
      default: return nullptr;
    }
  });
}

std::string escape_attribute(std::string_view s) {
  return escape_with(s, [](char c) -> const char* {
    switch (c) {
      case '&': return "&amp;";
      case '<': return "&lt;";
      case '>': return "&gt;";
      case '"': return "&quot;";
      case '\'': return "&#39;";
      default: return nullptr;
    }
  });
}

bool is_void_element(std::string_view tag) {
  static constexpr std::string_view voids[] = {"area", "base", "br",   "col",   "embed", "hr",  "img",
                                               "input", "link", "meta", "source", "track", "wbr"};
  for (auto v : voids)
    if (v == tag) return true;
  return false;
}

bool is_valid_tag_name(std::string_view tag) {
  if (tag.empty() || !is_ascii_letter(tag[0])) return false;
  for (char c : tag)
    if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '-') return false;
  return true;
}

bool is_valid_attribute_name(std::string_view name) {
  if (name.empty() || !(is_ascii_letter(name[0]) || name[0] == '_' || name[0] == ':')) return false;
  for (char c : name)
    if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '-' && c != '_' && c != '.' && c != ':') return false;
  return true;
}

void render_html(const Node& node, std::string& out) {
  if (node.is_text()) {
    out += escape_text(node.text);
    return;
  }
  // Nodes may be built by hand, not only through rally::html, so names are checked here too.
  if (!is_valid_tag_name(node.tag)) throw std::invalid_argument("rally::render_html: invalid element name '" + node.tag + "'");
  out += '<';
  out += node.tag;
  for (const auto& a : node.attrs) {
    if (!is_valid_attribute_name(a.name))
      throw std::invalid_argument("rally::render_html: <" + node.tag + "> has an invalid attribute name '" + a.name + "'");
    out += ' ';
    out += a.name;
    if (!a.value.empty()) {
      out += "=\"";
      out += escape_attribute(a.value);
      out += '"';
    }
  }
  out += '>';
  if (is_void_element(node.tag)) return;

  const bool text_only = is_text_only_element(node.tag);
  if (drops_leading_newline(node.tag) && !node.children.empty() && node.children.front().is_text() &&
      !node.children.front().text.empty() && node.children.front().text.front() == '\n')
    out += '\n';
  bool previous_was_text = false;
  for (const auto& child : node.children) {
    if (child.is_text() && previous_was_text && !text_only) out += "<!---->";
    previous_was_text = child.is_text();
    render_html(child, out);
  }
  out += "</";
  out += node.tag;
  out += '>';
}

std::string render_html(const Node& node) {
  std::string out;
  render_html(node, out);
  return out;
}

}  // namespace rally
