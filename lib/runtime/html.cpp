// rally::html builders: turn the mixed attribute list of the DSL into a Node.
#include "rally/html.hpp"

#include "rally/form.hpp"

#include <stdexcept>

#include "rally/fail.hpp"
#include "rally/render.hpp"

namespace rally::html {

namespace {

// Adds or merges one attribute, keeping names unique (Node::attrs promises that).
void add_attribute(Node& node, Attribute a) {
  if (a.name.empty()) return;  // boolean(name, false): an absent attribute
  if (!is_valid_attribute_name(a.name))
    rally::fail<std::invalid_argument>("rally::html: <" + node.tag + "> has an invalid attribute name '" + a.name + "'");
  if (std::string why = refused_attribute_reason(a.name); !why.empty())
    rally::fail<std::invalid_argument>("rally::html: <" + node.tag + "> attribute refused: " + why);
  // Neutralised here rather than when rendering, so that SSR and the client's DOM patch both see
  // the same, safe value: href("javascript:...") from user data must not run.
  a.value = safe_attribute_value(a.name, std::move(a.value));
  for (auto& existing : node.attrs) {
    if (existing.name != a.name) continue;
    // `class` accumulates so that a view can add classes conditionally; everything else: last wins.
    if (a.name == "class" && !existing.value.empty() && !a.value.empty())
      existing.value += ' ' + a.value;
    else if (a.name != "class" || !a.value.empty())
      existing.value = std::move(a.value);
    return;
  }
  node.attrs.push_back(std::move(a));
}

}  // namespace

namespace {

// An element of a valid tag, with the DSL's mixed attribute list sorted into attributes, handlers
// and key.
Node build_element(std::string tag, std::vector<Attr>& attrs) {
  Node node;
  node.kind = Node::Kind::element;
  node.tag = std::move(tag);
  if (!attrs.empty()) node.attrs.reserve(attrs.size());
  for (auto& item : attrs) {
    if (auto* a = std::get_if<Attribute>(&item)) {
      add_attribute(node, std::move(*a));
    } else if (auto* h = std::get_if<EventHandler>(&item)) {
      node.events.push_back(std::move(*h));
    } else {
      node.key = std::move(std::get<Key>(item).value);
    }
  }
  return node;
}

}  // namespace

Node element(std::string tag, std::vector<Attr> attrs, Children children) {
  if (!is_valid_tag_name(tag)) rally::fail<std::invalid_argument>("rally::html: invalid element name '" + tag + "'");
  Node node = build_element(std::move(tag), attrs);
  // A void element cannot hold children in HTML; dropping them here keeps SSR and the DOM in step.
  if (!is_void_element(node.tag)) node.children = std::move(children.nodes());
  return node;
}

namespace builtin {
Node element(std::string_view tag, std::vector<Attr>&& attrs, Children&& children) {
  Node node = build_element(std::string(tag), attrs);
  node.children = std::move(children.nodes());
  return node;
}
Node void_element(std::string_view tag, std::vector<Attr>&& attrs) { return build_element(std::string(tag), attrs); }
}  // namespace builtin

Node text(std::string content) {
  Node node;
  node.kind = Node::Kind::text;
  node.text = std::move(content);
  return node;
}

Node post_form(std::string form_name, std::vector<Attr> attrs, Children children) {
  Children all{input({type("hidden"), name(std::string(form::name_field)), value(std::move(form_name))}),
               input({type("hidden"), name(std::string(form::token_field)), value(form::token())})};
  for (Node& child : children.nodes()) all.nodes().push_back(std::move(child));
  attrs.push_back(attr("method", "post"));
  return element("form", std::move(attrs), std::move(all));
}

Attr boolean(std::string name, bool on) {
  if (!on) return Attribute{};
  return Attribute{std::move(name), std::string()};
}

}  // namespace rally::html
