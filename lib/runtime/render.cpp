// Virtual DOM -> HTML text, for server-side rendering and tests.
#include "rally/render.hpp"

#include <stdexcept>

#include "rally/utf8.hpp"

namespace rally {

namespace {

bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_letter(char c) { return is_ascii_lower(c) || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
char to_ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_ascii_lower(c);
  return out;
}

// Escapes with `replace`; NUL and ill-formed UTF-8 become U+FFFD (what the HTML parser would show),
// so no byte of a string reaches the page raw.
template <class Replace>
std::string escape_with(std::string_view s, Replace replace) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      if (const char* r = replace(c)) out += r;
      else if (c == '\0') out += "\xEF\xBF\xBD";
      else out += c;
      ++i;
      continue;
    }
    const std::size_t n = utf8::sequence_length(s.substr(i));
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

// Raw text: the parser reads everything up to "</tag" as is, so text is written unescaped (CSS and
// scripts need their '<', '>' and '&') and must not contain "</tag" itself.
bool is_raw_text_element(std::string_view tag) { return tag == "script" || tag == "style"; }

// Escapable raw text (RCDATA): entities are decoded but tags are not, so text is escaped as usual.
bool is_escapable_raw_text_element(std::string_view tag) { return tag == "textarea" || tag == "title"; }

// Elements whose content the HTML parser does not read as markup: a comment inside them would show
// up as text, so adjacent text children are written without a separator.
bool is_text_only_element(std::string_view tag) { return is_raw_text_element(tag) || is_escapable_raw_text_element(tag); }

// Elements the parser treats in ways the DSL cannot represent: plaintext never ends, and xmp,
// noembed and noframes are raw text that nothing needs. iframe and noscript are raw text to a
// browser too, but their children are escaped like any other text, which stays inert there.
bool is_refused_element(std::string_view tag) {
  return tag == "plaintext" || tag == "xmp" || tag == "noembed" || tag == "noframes";
}

bool contains_ascii_ci(std::string_view haystack, std::string_view needle) {
  return ascii_lower(haystack).find(ascii_lower(needle)) != std::string::npos;
}

// Raw text children are written as they are, so what would end the element early is refused, and
// so are element children: their own text would be checked against the wrong end tag.
void render_raw_text_children(const Node& node, std::string& out) {
  const std::string end_tag = "</" + node.tag;
  for (const auto& child : node.children) {
    if (!child.is_text())
      throw std::invalid_argument("rally::render_html: <" + node.tag + "> holds only text, not a <" + child.tag + "> element");
    if (contains_ascii_ci(child.text, end_tag))
      throw std::invalid_argument("rally::render_html: text inside <" + node.tag + "> contains '" + end_tag +
                                  "', which would end the element early");
    out += child.text;
  }
}

// URL attributes whose value the browser may run as code (javascript:, and vbscript: for old IE).
bool is_url_attribute(std::string_view lower_name) {
  static constexpr std::string_view names[] = {"href",   "src",  "action", "formaction", "xlink:href",
                                               "poster", "cite", "background"};
  for (auto n : names)
    if (n == lower_name) return true;
  return false;
}

// The scheme as a browser's URL parser sees it: leading C0 controls and spaces are skipped, and
// tabs and newlines anywhere are removed ("java\tscript:" is javascript:).
bool runs_script(std::string_view value) {
  std::string cleaned;
  bool leading = true;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (leading && u <= 0x20) continue;
    leading = false;
    if (c == '\t' || c == '\n' || c == '\r') continue;
    cleaned += to_ascii_lower(c);
    if (cleaned.size() >= 11) break;  // enough for "javascript:"
  }
  return cleaned.rfind("javascript:", 0) == 0 || cleaned.rfind("vbscript:", 0) == 0;
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
  // Lowercase only: the DOM lowercases HTML tag names, so "BR" would neither diff nor match the
  // void-element list.
  if (tag.empty() || !is_ascii_lower(tag[0])) return false;
  for (char c : tag)
    if (!is_ascii_lower(c) && !is_ascii_digit(c) && c != '-') return false;
  return !is_refused_element(tag);
}

bool is_valid_attribute_name(std::string_view name) {
  if (name.empty() || !(is_ascii_letter(name[0]) || name[0] == '_' || name[0] == ':')) return false;
  for (char c : name)
    if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '-' && c != '_' && c != '.' && c != ':') return false;
  return true;
}

std::string refused_attribute_reason(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower.rfind("on", 0) == 0)
    return "'" + std::string(name) + "' is an inline event handler; events go through rally::html::on and its helpers";
  if (lower == "srcdoc") return "'srcdoc' would render its value as a document";
  return {};
}

std::string safe_attribute_value(std::string_view name, std::string value) {
  if (is_url_attribute(ascii_lower(name)) && runs_script(value)) return std::string(blocked_url);
  return value;
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
    if (std::string why = refused_attribute_reason(a.name); !why.empty())
      throw std::invalid_argument("rally::render_html: <" + node.tag + "> attribute refused: " + why);
    out += ' ';
    out += a.name;
    const std::string value = safe_attribute_value(a.name, a.value);
    if (!value.empty()) {
      out += "=\"";
      out += escape_attribute(value);
      out += '"';
    }
  }
  out += '>';
  if (is_void_element(node.tag)) return;
  if (is_raw_text_element(node.tag)) {
    render_raw_text_children(node, out);
    out += "</";
    out += node.tag;
    out += '>';
    return;
  }

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
