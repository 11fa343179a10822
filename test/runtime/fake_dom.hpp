#pragma once
// An in-memory rally::dom::Dom that records every write, for the diff, hydration and lazy tests.
#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "rally/dom.hpp"

namespace rally::test {

using rally::dom::Handle;
using rally::dom::NodeType;

struct FakeNode {
  NodeType type = NodeType::element;
  std::string tag;
  std::string text;
  std::vector<std::pair<std::string, std::string>> attrs;
  std::map<std::string, std::string> props;
  FakeNode* parent = nullptr;
  std::vector<FakeNode*> children;
};

// A DOM tree in memory. Nodes get a handle on first sight and keep it until released, like the
// browser's handle table.
class FakeDom : public rally::dom::Dom {
 public:
  FakeNode* make(NodeType type, std::string tag_or_text) {
    nodes_.push_back(std::make_unique<FakeNode>());
    FakeNode* n = nodes_.back().get();
    n->type = type;
    if (type == NodeType::element) n->tag = std::move(tag_or_text);
    else n->text = std::move(tag_or_text);
    return n;
  }
  FakeNode* el(std::string tag, std::vector<std::pair<std::string, std::string>> attrs = {},
               std::vector<FakeNode*> children = {}) {
    FakeNode* n = make(NodeType::element, std::move(tag));
    n->attrs = std::move(attrs);
    for (auto* c : children) append(n, c);
    return n;
  }
  FakeNode* txt(std::string s) { return make(NodeType::text, std::move(s)); }
  FakeNode* comment() { return make(NodeType::comment, ""); }
  static void append(FakeNode* parent, FakeNode* child) {
    child->parent = parent;
    parent->children.push_back(child);
  }

  Handle handle_of(FakeNode* n) {
    if (!n) return 0;
    auto it = handles_.find(n);
    if (it != handles_.end()) return it->second;
    Handle h = ++next_;
    handles_[n] = h;
    by_handle_[h] = n;
    return h;
  }
  FakeNode* node(Handle h) {
    auto it = by_handle_.find(h);
    if (it == by_handle_.end()) throw std::logic_error("use of unknown or released handle " + std::to_string(h));
    return it->second;
  }

  // Reads.
  Handle first_child(Handle p) override {
    FakeNode* n = node(p);
    return n->children.empty() ? 0 : handle_of(n->children.front());
  }
  Handle next_sibling(Handle h) override {
    FakeNode* n = node(h);
    if (!n->parent) return 0;
    auto& sib = n->parent->children;
    auto it = std::find(sib.begin(), sib.end(), n);
    return it + 1 == sib.end() ? 0 : handle_of(*(it + 1));
  }
  NodeType node_type(Handle h) override { return node(h)->type; }
  std::string tag_name(Handle h) override { return node(h)->tag; }
  std::string text(Handle h) override { return node(h)->text; }
  std::vector<std::string> attribute_names(Handle h) override {
    std::vector<std::string> out;
    for (auto& [k, v] : node(h)->attrs) out.push_back(k);
    return out;
  }
  std::optional<std::string> get_attribute(Handle h, const std::string& name) override {
    for (auto& [k, v] : node(h)->attrs)
      if (k == name) return v;
    return std::nullopt;
  }

  // Writes.
  Handle create_element(const std::string& tag) override {
    ops.push_back("create " + tag);
    ++creates;
    return handle_of(make(NodeType::element, tag));
  }
  Handle create_text(const std::string& s) override {
    ops.push_back("create #" + s);
    ++creates;
    return handle_of(make(NodeType::text, s));
  }
  void set_attribute(Handle h, const std::string& name, const std::string& value) override {
    ops.push_back("set " + name + "=" + value);
    for (auto& [k, v] : node(h)->attrs)
      if (k == name) {
        v = value;
        return;
      }
    node(h)->attrs.emplace_back(name, value);
  }
  void remove_attribute(Handle h, const std::string& name) override {
    ops.push_back("remove-attr " + name);
    auto& a = node(h)->attrs;
    a.erase(std::remove_if(a.begin(), a.end(), [&](auto& kv) { return kv.first == name; }), a.end());
  }
  // Like the browser: an input's value is what was typed, else its value attribute.
  std::optional<std::string> get_value(Handle h) override {
    FakeNode* n = node(h);
    if (auto p = n->props.find("value"); p != n->props.end()) return p->second;
    for (auto& [k, v] : n->attrs)
      if (k == "value") return v;
    return n->tag == "input" ? std::optional<std::string>("") : std::nullopt;
  }
  void set_property(Handle h, const std::string& name, const std::string& value) override {
    ops.push_back("prop " + name + "=" + value);
    node(h)->props[name] = value;
  }
  void set_bool_property(Handle h, const std::string& name, bool value) override {
    ops.push_back("prop " + name + "=" + (value ? "true" : "false"));
    node(h)->props[name] = value ? "true" : "false";
  }
  void set_text(Handle h, const std::string& s) override {
    ops.push_back("text " + s);
    node(h)->text = s;
  }
  void insert_before(Handle p, Handle c, Handle before) override {
    ops.push_back("insert");
    FakeNode* parent = node(p);
    FakeNode* child = node(c);
    if (child->parent) detach(child);
    child->parent = parent;
    auto& sib = parent->children;
    auto at = before ? std::find(sib.begin(), sib.end(), node(before)) : sib.end();
    if (before && at == sib.end()) throw std::logic_error("insert_before: reference node is not a child");
    sib.insert(at, child);
  }
  void remove_child(Handle p, Handle c) override {
    ops.push_back("remove");
    FakeNode* child = node(c);
    if (child->parent != node(p)) throw std::logic_error("remove_child: not a child");
    detach(child);
  }
  // What a browser does with parent.textContent = "".
  void remove_children(Handle p) override {
    ops.push_back("remove-children");
    FakeNode* parent = node(p);
    for (FakeNode* c : parent->children) c->parent = nullptr;
    parent->children.clear();
  }
  void release(Handle h) override {
    FakeNode* n = node(h);
    handles_.erase(n);
    by_handle_.erase(h);
  }

  static void detach(FakeNode* n) {
    auto& sib = n->parent->children;
    sib.erase(std::find(sib.begin(), sib.end(), n));
    n->parent = nullptr;
  }

  // HTML-like dump of what is in the tree (comments shown, so that adoption around them shows).
  static std::string dump(const FakeNode* n) {
    if (n->type == NodeType::text) return n->text;
    if (n->type == NodeType::comment) return "<!---->";
    std::string s = "<" + n->tag;
    for (auto& [k, v] : n->attrs) s += " " + k + "=\"" + v + "\"";
    s += ">";
    for (auto* c : n->children) s += dump(c);
    return s + "</" + n->tag + ">";
  }
  void clear_ops() {
    ops.clear();
    creates = 0;
  }

  std::vector<std::string> ops;
  int creates = 0;

 private:
  std::vector<std::unique_ptr<FakeNode>> nodes_;
  std::map<FakeNode*, Handle> handles_;
  std::map<Handle, FakeNode*> by_handle_;
  Handle next_ = 0;
};

// How many recorded ops are exactly `op` (e.g. "insert", "remove").
inline long count_ops(const FakeDom& dom, const std::string& op) {
  return std::count(dom.ops.begin(), dom.ops.end(), op);
}

}  // namespace rally::test
