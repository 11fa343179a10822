// The browser Dom: reads are JS calls, writes go to a command buffer that rally_dom_apply runs.
#include "js_dom.hpp"

#include "js.hpp"
#include "rally/utf8.hpp"

namespace rally::client {

namespace {

int len(const std::string& s) { return static_cast<int>(s.size()); }

// The opcodes of rally_dom_apply (rally_client.js). A string is two words: its offset and length
// in UTF-16 code units in the flush's arena; a name (tag, attribute, property) is one word, its
// index in JS's name table, defined once by op_name.
enum Op : std::uint32_t {
  op_create_element = 0,  // handle, name
  op_create_text,         // handle, string
  op_set_attr,            // handle, name, string
  op_remove_attr,         // handle, name
  op_set_prop,            // handle, name, string (skipped when equal: the caret stays)
  op_set_bool_prop,       // handle, name, 0/1
  op_set_text,            // handle, string
  op_insert,              // parent, child, before (0: append)
  op_remove,              // parent, child
  op_remove_children,     // parent
  op_release,             // handle
  op_name,                // index, string
};

// UTF-16 code units of well-formed UTF-8: one per sequence, two for a 4-byte one.
std::uint32_t utf16_units(const std::string& s) {
  std::uint32_t n = 0;
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) != 0x80) ++n;
    if (b >= 0xF0) ++n;
  }
  return n;
}

bool is_ascii(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

// Names (tags, attributes, properties) are few and repeat in every row: each goes to JS once and
// is then one word, and JS hands the DOM the same string object every time.
std::uint32_t JsDom::name(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  if (names_.size() * 2 >= table_.size()) {
    std::vector<std::uint32_t> bigger(table_.empty() ? 64 : table_.size() * 2, 0);
    for (std::uint32_t id = 0; id < names_.size(); ++id) {
      std::size_t i = hashes_[id] & (bigger.size() - 1);
      while (bigger[i]) i = (i + 1) & (bigger.size() - 1);
      bigger[i] = id + 1;
    }
    table_ = std::move(bigger);
  }
  std::size_t i = h & (table_.size() - 1);
  while (std::uint32_t slot = table_[i]) {
    if (hashes_[slot - 1] == h && names_[slot - 1] == s) return slot - 1;
    i = (i + 1) & (table_.size() - 1);
  }
  auto id = static_cast<std::uint32_t>(names_.size());
  names_.push_back(s);
  hashes_.push_back(h);
  table_[i] = id + 1;
  ops_.push_back(op_name);
  ops_.push_back(id);
  str(s);
  return id;
}

void JsDom::str(const std::string& s) {
  const std::string* text = &s;
  std::string clean;
  std::uint32_t units;
  if (is_ascii(s)) {
    units = static_cast<std::uint32_t>(s.size());
  } else {
    // JS decodes the arena in one go: an ill-formed sequence would shift every string after it.
    if (!utf8::valid(s)) {
      clean = utf8::sanitize(s);
      text = &clean;
    }
    units = utf16_units(*text);
  }
  ops_.push_back(arena_units_);
  ops_.push_back(units);
  arena_ += *text;
  arena_units_ += units;
}

void JsDom::flush() {
  if (ops_.empty()) return;
  rally_dom_apply(ops_.data(), static_cast<int>(ops_.size()), arena_.data(), len(arena_));
  ops_.clear();
  arena_.clear();
  arena_units_ = 0;
}

dom::Handle JsDom::allocate() {
  dom::Handle h;
  if (!free_.empty()) {
    h = free_.back();
    free_.pop_back();
  } else {
    h = next_++;
  }
  if (h >= live_.size()) live_.resize(h + h / 2 + 64, 0);
  live_[h] = 1;
  return h;
}

void JsDom::unused(dom::Handle h) {
  live_[h] = 0;
  free_.push_back(h);
}

dom::Handle JsDom::answer(dom::Handle proposed, dom::Handle got) {
  if (got != proposed) unused(proposed);
  return got;
}

dom::Handle JsDom::root() {
  dom::Handle h = allocate();
  return answer(h, rally_root(h));
}

// ---- Reads: the DOM as written so far ----

dom::Handle JsDom::first_child(dom::Handle parent) {
  flush();
  dom::Handle h = allocate();
  return answer(h, rally_dom_first_child(parent, h));
}
dom::Handle JsDom::next_sibling(dom::Handle node) {
  flush();
  dom::Handle h = allocate();
  return answer(h, rally_dom_next_sibling(node, h));
}
dom::NodeType JsDom::node_type(dom::Handle node) {
  flush();
  return static_cast<dom::NodeType>(rally_dom_node_type(node));
}
std::string JsDom::tag_name(dom::Handle element) {
  flush();
  return js::take_string(rally_dom_tag(element));
}
std::string JsDom::text(dom::Handle text_node) {
  flush();
  return js::take_string(rally_dom_text(text_node));
}

std::vector<std::string> JsDom::attribute_names(dom::Handle element) {
  flush();
  std::string joined = js::take_string(rally_dom_attr_names(element));
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t end = joined.find(' ', start);
    if (end == std::string::npos) end = joined.size();
    names.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

std::optional<std::string> JsDom::get_attribute(dom::Handle element, const std::string& name) {
  flush();
  int n = rally_dom_get_attr(element, name.c_str(), len(name));
  if (n < 0) return std::nullopt;
  return js::take_string(n);
}

std::optional<std::string> JsDom::get_value(dom::Handle element) {
  flush();
  int n = rally_dom_get_value(element);
  if (n < 0) return std::nullopt;
  return js::take_string(n);
}

// ---- Writes: buffered ----

dom::Handle JsDom::create_element(const std::string& tag) {
  dom::Handle h = allocate();
  std::uint32_t n = name(tag);
  op(op_create_element, h);
  ops_.push_back(n);
  return h;
}
dom::Handle JsDom::create_text(const std::string& text) {
  dom::Handle h = allocate();
  op(op_create_text, h);
  str(text);
  return h;
}
void JsDom::set_attribute(dom::Handle element, const std::string& attr, const std::string& value) {
  std::uint32_t n = name(attr);
  op(op_set_attr, element);
  ops_.push_back(n);
  str(value);
}
void JsDom::remove_attribute(dom::Handle element, const std::string& attr) {
  std::uint32_t n = name(attr);
  op(op_remove_attr, element);
  ops_.push_back(n);
}
void JsDom::set_property(dom::Handle element, const std::string& prop, const std::string& value) {
  std::uint32_t n = name(prop);
  op(op_set_prop, element);
  ops_.push_back(n);
  str(value);
}
void JsDom::set_bool_property(dom::Handle element, const std::string& prop, bool value) {
  std::uint32_t n = name(prop);
  op(op_set_bool_prop, element);
  ops_.push_back(n);
  ops_.push_back(value ? 1 : 0);
}
void JsDom::set_text(dom::Handle text_node, const std::string& text) {
  op(op_set_text, text_node);
  str(text);
}
void JsDom::insert_before(dom::Handle parent, dom::Handle child, dom::Handle before) {
  op(op_insert, parent);
  ops_.push_back(child);
  ops_.push_back(before);
}
void JsDom::remove_child(dom::Handle parent, dom::Handle child) {
  op(op_remove, parent);
  ops_.push_back(child);
}
void JsDom::remove_children(dom::Handle parent) { op(op_remove_children, parent); }
void JsDom::release(dom::Handle node) {
  // Released twice (a hydration leftover): the number may already belong to another node.
  if (node == 0 || node >= live_.size() || !live_[node]) return;
  unused(node);
  op(op_release, node);
}

}  // namespace rally::client
