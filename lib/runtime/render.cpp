// Virtual DOM -> HTML text, for server-side rendering and tests.
#include "rally/render.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include "rally/fail.hpp"
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

bool equals_ascii_ci(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_ascii_lower(a[i]) != lower[i]) return false;
  return true;
}

// Which ASCII bytes a text or attribute value cannot hold as they are: 1 in text and attributes
// (& < > NUL), 2 in attributes only (" '). Bytes from 0x80 are checked as UTF-8 separately.
constexpr std::array<std::uint8_t, 128> escape_classes = [] {
  std::array<std::uint8_t, 128> t{};
  t['&'] = t['<'] = t['>'] = t['\0'] = 1;
  t['"'] = t['\''] = 2;
  return t;
}();

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// Appends `s` escaped to `out`: runs of plain bytes are copied at once, so a text without anything
// to escape (most of them) costs one scan and one append. NUL and ill-formed UTF-8 become U+FFFD
// (what the HTML parser would show), so no byte of a string reaches the page raw.
template <bool attribute>
void append_escaped(std::string& out, std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;
  while (p != end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x80) {
      const std::uint8_t cls = escape_classes[c];
      if (cls == 0 || (cls == 2 && !attribute)) {
        ++p;
        continue;
      }
      out.append(run, p);
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += replacement_character; break;  // NUL
      }
      run = ++p;
      continue;
    }
    const std::size_t n = utf8::sequence_length(std::string_view(p, static_cast<std::size_t>(end - p)));
    if (n == 0) {
      out.append(run, p);
      out += replacement_character;
      run = ++p;
    } else {
      p += n;
    }
  }
  out.append(run, end);
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
      rally::fail<std::invalid_argument>("rally::render_html: <" + node.tag + "> holds only text, not a <" + child.tag + "> element");
    if (contains_ascii_ci(child.text, end_tag))
      rally::fail<std::invalid_argument>("rally::render_html: text inside <" + node.tag + "> contains '" + end_tag +
                                  "', which would end the element early");
    out += child.text;
  }
}

// URL attributes whose value the browser may run as code (javascript:, and vbscript: for old IE).
bool is_url_attribute(std::string_view name) {
  static constexpr std::string_view names[] = {"href",   "src",  "action", "formaction", "xlink:href",
                                               "poster", "cite", "background"};
  for (auto n : names)
    if (equals_ascii_ci(name, n)) return true;
  return false;
}

// The scheme as a browser's URL parser sees it: leading C0 controls and spaces are skipped, and
// tabs and newlines anywhere are removed ("java\tscript:" is javascript:).
bool runs_script(std::string_view value) {
  char cleaned[11];  // enough for "javascript:"
  std::size_t n = 0;
  bool leading = true;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (leading && u <= 0x20) continue;
    leading = false;
    if (c == '\t' || c == '\n' || c == '\r') continue;
    cleaned[n++] = to_ascii_lower(c);
    if (n == sizeof cleaned) break;
  }
  const std::string_view scheme(cleaned, n);
  return scheme.rfind("javascript:", 0) == 0 || scheme.rfind("vbscript:", 0) == 0;
}

// Whether a well-formed attribute name is refused (see refused_attribute_reason), without building
// the reason: the check every attribute of every render goes through.
bool is_refused_attribute(std::string_view name) {
  return (name.size() >= 2 && to_ascii_lower(name[0]) == 'o' && to_ascii_lower(name[1]) == 'n') ||
         equals_ascii_ci(name, "srcdoc");
}

// The parser drops one newline right after these start tags; writing an extra one keeps the text.
bool drops_leading_newline(std::string_view tag) { return tag == "pre" || tag == "textarea" || tag == "listing"; }

}  // namespace

std::string escape_text(std::string_view s) {
  std::string out;
  append_escaped<false>(out, s);
  return out;
}

std::string escape_attribute(std::string_view s) {
  std::string out;
  append_escaped<true>(out, s);
  return out;
}

void append_escaped_text(std::string& out, std::string_view s) { append_escaped<false>(out, s); }
void append_escaped_attribute(std::string& out, std::string_view s) { append_escaped<true>(out, s); }

bool is_void_element(std::string_view tag) {
  // By length first: every element of every render asks, and most tags are 1-3 letters long.
  switch (tag.size()) {
    case 2: return tag == "br" || tag == "hr";
    case 3: return tag == "col" || tag == "img" || tag == "wbr";
    case 4: return tag == "area" || tag == "base" || tag == "link" || tag == "meta";
    case 5: return tag == "embed" || tag == "input" || tag == "track";
    case 6: return tag == "source";
    default: return false;
  }
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
  if (!is_refused_attribute(name)) return {};
  if (equals_ascii_ci(name, "srcdoc")) return "'srcdoc' would render its value as a document";
  return "'" + std::string(name) + "' is an inline event handler; events go through rally::html::on and its helpers";
}

bool is_blocked_url(std::string_view name, std::string_view value) { return is_url_attribute(name) && runs_script(value); }

std::string safe_attribute_value(std::string_view name, std::string value) {
  if (is_blocked_url(name, value)) return std::string(blocked_url);
  return value;
}

void render_html(const Node& node, std::string& out) {
  if (node.lazy) {  // rally::html::lazy: its expansion; a text one between separators, like adjacent text
    const Node expanded = node.lazy->expand();
    if (expanded.is_text()) out += "<!---->";
    render_html(expanded, out);
    if (expanded.is_text()) out += "<!---->";
    return;
  }
  if (node.is_text()) {
    append_escaped<false>(out, node.text);
    return;
  }
  // Nodes may be built by hand, not only through rally::html, so names are checked here too.
  if (!is_valid_tag_name(node.tag)) rally::fail<std::invalid_argument>("rally::render_html: invalid element name '" + node.tag + "'");
  out += '<';
  out += node.tag;
  for (const auto& a : node.attrs) {
    if (!is_valid_attribute_name(a.name))
      rally::fail<std::invalid_argument>("rally::render_html: <" + node.tag + "> has an invalid attribute name '" + a.name + "'");
    if (is_refused_attribute(a.name))
      rally::fail<std::invalid_argument>("rally::render_html: <" + node.tag + "> attribute refused: " + refused_attribute_reason(a.name));
    out += ' ';
    out += a.name;
    const std::string_view value = is_blocked_url(a.name, a.value) ? blocked_url : std::string_view(a.value);
    if (!value.empty()) {
      out += "=\"";
      append_escaped<true>(out, value);
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
