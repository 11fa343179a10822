// The browser Dom: every call is one JS function of rally_client.js.
#include "js_dom.hpp"

#include "js.hpp"

namespace rally::client {

namespace {
int len(const std::string& s) { return static_cast<int>(s.size()); }
}  // namespace

dom::Handle JsDom::first_child(dom::Handle parent) { return rally_dom_first_child(parent); }
dom::Handle JsDom::next_sibling(dom::Handle node) { return rally_dom_next_sibling(node); }
dom::NodeType JsDom::node_type(dom::Handle node) { return static_cast<dom::NodeType>(rally_dom_node_type(node)); }
std::string JsDom::tag_name(dom::Handle element) { return js::take_string(rally_dom_tag(element)); }
std::string JsDom::text(dom::Handle text_node) { return js::take_string(rally_dom_text(text_node)); }

std::vector<std::string> JsDom::attribute_names(dom::Handle element) {
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
  int n = rally_dom_get_attr(element, name.c_str(), len(name));
  if (n < 0) return std::nullopt;
  return js::take_string(n);
}

std::optional<std::string> JsDom::get_value(dom::Handle element) {
  int n = rally_dom_get_value(element);
  if (n < 0) return std::nullopt;
  return js::take_string(n);
}

dom::Handle JsDom::create_element(const std::string& tag) { return rally_dom_create_element(tag.c_str(), len(tag)); }
dom::Handle JsDom::create_text(const std::string& text) { return rally_dom_create_text(text.c_str(), len(text)); }
void JsDom::set_attribute(dom::Handle element, const std::string& name, const std::string& value) {
  rally_dom_set_attr(element, name.c_str(), len(name), value.c_str(), len(value));
}
void JsDom::remove_attribute(dom::Handle element, const std::string& name) {
  rally_dom_remove_attr(element, name.c_str(), len(name));
}
void JsDom::set_property(dom::Handle element, const std::string& name, const std::string& value) {
  rally_dom_set_prop(element, name.c_str(), len(name), value.c_str(), len(value));
}
void JsDom::set_bool_property(dom::Handle element, const std::string& name, bool value) {
  rally_dom_set_bool_prop(element, name.c_str(), len(name), value ? 1 : 0);
}
void JsDom::set_text(dom::Handle text_node, const std::string& text) { rally_dom_set_text(text_node, text.c_str(), len(text)); }
void JsDom::insert_before(dom::Handle parent, dom::Handle child, dom::Handle before) {
  rally_dom_insert_before(parent, child, before);
}
void JsDom::remove_child(dom::Handle parent, dom::Handle child) { rally_dom_remove_child(parent, child); }
void JsDom::release(dom::Handle node) { rally_dom_release(node); }

}  // namespace rally::client
