// Hydration and vdom diffing against the abstract Dom (see rally/dom.hpp).
#include "rally/dom.hpp"

#include <algorithm>
#include <deque>

namespace rally::dom {

namespace {

bool is_whitespace(const std::string& s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
  return true;
}

std::string lowercase(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool same_kind(const Node& a, const Node& b) { return a.kind == b.kind && (a.is_text() || a.tag == b.tag); }

// The elements whose live state lives in properties rather than attributes.
bool is_form_element(const std::string& tag) {
  return tag == "input" || tag == "textarea" || tag == "select" || tag == "option";
}

// Indexes (into `seq`) of one longest strictly increasing subsequence of the values >= 0.
// Keyed children whose old positions form it can stay where they are; only the others move.
std::vector<bool> longest_increasing(const std::vector<int>& seq) {
  std::vector<int> tails;  // index into seq of the smallest tail of each length
  std::vector<int> prev(seq.size(), -1);
  for (int i = 0; i < static_cast<int>(seq.size()); ++i) {
    if (seq[i] < 0) continue;
    auto it = std::lower_bound(tails.begin(), tails.end(), seq[i], [&](int t, int v) { return seq[t] < v; });
    if (it != tails.begin()) prev[i] = *(it - 1);
    if (it == tails.end()) tails.push_back(i);
    else *it = i;
  }
  std::vector<bool> in(seq.size(), false);
  for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = prev[i]) in[i] = true;
  return in;
}

}  // namespace

const Node* Tree::find(Handle handle) const {
  auto it = index_.find(handle);
  return it == index_.end() ? nullptr : it->second;
}

void Tree::point(Mounted& m, const Node& node) {
  m.node = &node;
  index_[m.handle] = &node;
}

void Tree::release(Mounted& m) {
  for (auto& c : m.children) release(c);
  index_.erase(m.handle);
  dom_.release(m.handle);
  m.handle = 0;
  m.children.clear();
}

Mounted Tree::create(const Node& node) {
  Mounted m;
  if (node.is_text()) {
    m.handle = dom_.create_text(node.text);
    point(m, node);
    return m;
  }
  m.handle = dom_.create_element(node.tag);
  point(m, node);
  for (const auto& a : node.attrs) dom_.set_attribute(m.handle, a.name, a.value);
  m.children.reserve(node.children.size());
  for (const auto& child : node.children) {
    m.children.push_back(create(child));
    dom_.insert_before(m.handle, m.children.back().handle, 0);
  }
  // After the children: a <select>'s value can only pick among options that exist.
  sync_properties(m.handle, node, nullptr);
  return m;
}

void Tree::sync_properties(Handle handle, const Node& node, const Node* old) {
  if (node.is_text() || !is_form_element(node.tag)) return;
  // Every render, not only on change: the user may have typed since, and the model must win.
  // The Dom skips writes of an equal value, so the caret does not move.
  if (const Attribute* v = node.attr("value")) dom_.set_property(handle, "value", v->value);
  else if (old && old->attr("value")) dom_.set_property(handle, "value", "");
  // Boolean attributes are absent when false, so "absent" cannot be told from "uncontrolled":
  // force the property only when the view says true or just changed it to false.
  for (const char* flag : {"checked", "selected"}) {
    if (node.attr(flag)) dom_.set_bool_property(handle, flag, true);
    else if (old && old->attr(flag)) dom_.set_bool_property(handle, flag, false);
  }
}

// ---- Hydration -------------------------------------------------------------------------------

void Tree::hydrate(const Node& root) {
  std::vector<Mounted> top;
  hydrate_children(container_, &root, 1, top);
  root_ = std::move(top.front());
}

bool Tree::matches(Handle node, const Node& v) {
  NodeType t = dom_.node_type(node);
  if (v.is_text()) return t == NodeType::text;
  return t == NodeType::element && dom_.tag_name(node) == lowercase(v.tag);
}

// Moves past what SSR leaves between nodes that the vdom does not have: the `<!---->` separators
// of adjacent text nodes and whitespace-only text (when an element is expected there).
Handle Tree::skip_ignorable(Handle node, const Node* expected) {
  while (node) {
    NodeType t = dom_.node_type(node);
    bool ignorable = t == NodeType::comment || t == NodeType::other ||
                     (t == NodeType::text && (!expected || !expected->is_text()) && is_whitespace(dom_.text(node)));
    if (!ignorable) return node;
    Handle next = dom_.next_sibling(node);
    dom_.release(node);
    node = next;
  }
  return 0;
}

void Tree::adopt(Mounted& m, Handle handle, const Node& node) {
  m.handle = handle;
  point(m, node);
  ++stats_.adopted;
  if (node.is_text()) {
    if (dom_.text(handle) != node.text) {
      dom_.set_text(handle, node.text);
      ++stats_.repaired;
    }
    return;
  }
  sync_attributes(handle, node);
  hydrate_children(handle, node.children.data(), node.children.size(), m.children);
  // What the user typed before the client arrived is theirs: kept (not overwritten with the
  // server's value) and reported, so that the runtime replays it as an input event.
  if (const Attribute* v = is_form_element(node.tag) ? node.attr("value") : nullptr) {
    if (auto live = dom_.get_value(handle); live && *live != v->value) {
      typed_.push_back(handle);
      return;
    }
  }
  sync_properties(handle, node, nullptr);
}

void Tree::sync_attributes(Handle handle, const Node& node) {
  for (const auto& name : dom_.attribute_names(handle)) {
    if (!node.attr(name)) {
      dom_.remove_attribute(handle, name);
      ++stats_.repaired;
    }
  }
  for (const auto& a : node.attrs) {
    auto current = dom_.get_attribute(handle, a.name);
    if (!current || *current != a.value) {
      dom_.set_attribute(handle, a.name, a.value);
      ++stats_.repaired;
    }
  }
}

void Tree::hydrate_children(Handle parent, const Node* vchildren, std::size_t count, std::vector<Mounted>& out) {
  out.reserve(count);
  Handle cur = dom_.first_child(parent);
  auto insert_new = [&](const Node& v, Handle before) {
    out.push_back(create(v));
    dom_.insert_before(parent, out.back().handle, before);
  };
  for (std::size_t i = 0; i < count; ++i) {
    const Node& v = vchildren[i];
    cur = skip_ignorable(cur, &v);
    if (v.is_text() && v.text.empty()) {
      // SSR writes nothing for an empty text node: create it, and leave `cur` for the next one.
      insert_new(v, cur);
      continue;
    }
    if (!cur) {
      insert_new(v, 0);
      ++stats_.repaired;
      continue;
    }
    if (matches(cur, v)) {
      Handle next = dom_.next_sibling(cur);
      out.emplace_back();
      adopt(out.back(), cur, v);
      cur = next;
      continue;
    }
    ++stats_.repaired;
    // One node of lookahead on each side tells a missing node and an extra node apart from a
    // changed one, so that one bad spot in the SSR does not cost the rest of the list.
    if (i + 1 < count && !(vchildren[i + 1].is_text() && vchildren[i + 1].text.empty()) &&
        matches(cur, vchildren[i + 1])) {
      insert_new(v, cur);  // v is missing from the DOM
      continue;
    }
    Handle after = skip_ignorable(dom_.next_sibling(cur), &v);
    if (after && matches(after, v)) {  // cur is extra
      dom_.remove_child(parent, cur);
      dom_.release(cur);
      Handle next = dom_.next_sibling(after);
      out.emplace_back();
      adopt(out.back(), after, v);
      cur = next;
      continue;
    }
    insert_new(v, cur);  // cur is a different node where v belongs
    dom_.remove_child(parent, cur);
    dom_.release(cur);
    cur = after;
  }
  // Whatever is left and visible is not in the view.
  while (cur) {
    Handle next = dom_.next_sibling(cur);
    NodeType t = dom_.node_type(cur);
    if (t == NodeType::element || (t == NodeType::text && !is_whitespace(dom_.text(cur)))) {
      dom_.remove_child(parent, cur);
      ++stats_.repaired;
    }
    dom_.release(cur);
    cur = next;
  }
}

// ---- Patching --------------------------------------------------------------------------------

void Tree::patch(const Node& next) {
  if (!root_.handle) {
    root_ = create(next);
    dom_.insert_before(container_, root_.handle, 0);
    return;
  }
  patch_node(container_, root_, next);
}

void Tree::patch_node(Handle parent, Mounted& m, const Node& next) {
  const Node& old = *m.node;
  if (&old == &next) return;
  if (!same_kind(old, next)) {
    Mounted fresh = create(next);
    dom_.insert_before(parent, fresh.handle, m.handle);
    dom_.remove_child(parent, m.handle);
    release(m);
    m = std::move(fresh);
    return;
  }
  if (next.is_text()) {
    if (old.text != next.text) dom_.set_text(m.handle, next.text);
    point(m, next);
    return;
  }
  patch_attributes(m, next);
  patch_children(m, next);
  sync_properties(m.handle, next, &old);
  point(m, next);
}

void Tree::patch_attributes(Mounted& m, const Node& next) {
  const Node& old = *m.node;
  for (const auto& a : next.attrs) {
    const Attribute* before = old.attr(a.name);
    if (!before || before->value != a.value) dom_.set_attribute(m.handle, a.name, a.value);
  }
  for (const auto& a : old.attrs)
    if (!next.attr(a.name)) dom_.remove_attribute(m.handle, a.name);
}

void Tree::patch_children(Mounted& m, const Node& next) {
  bool keyed = false;
  for (const auto& c : next.children) keyed = keyed || !c.key.empty();
  if (keyed) patch_children_keyed(m.handle, m.children, next.children);
  else patch_children_by_index(m.handle, m.children, next.children);
}

void Tree::patch_children_by_index(Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next) {
  std::size_t common = std::min(old.size(), next.size());
  for (std::size_t i = 0; i < common; ++i) patch_node(parent, old[i], next[i]);
  for (std::size_t i = old.size(); i > next.size(); --i) {
    dom_.remove_child(parent, old[i - 1].handle);
    release(old[i - 1]);
  }
  old.resize(common);
  for (std::size_t i = common; i < next.size(); ++i) {
    old.push_back(create(next[i]));
    dom_.insert_before(parent, old.back().handle, 0);
  }
}

void Tree::patch_children_keyed(Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next) {
  // Pair each new child with an old one: by key when it has one, otherwise with the old unkeyed
  // children in order. An old child whose key is reused for another tag is not reused.
  std::map<std::string, int> by_key;
  std::deque<int> unkeyed;
  for (int i = 0; i < static_cast<int>(old.size()); ++i) {
    const std::string& k = old[i].node->key;
    if (k.empty() || !by_key.emplace(k, i).second) unkeyed.push_back(i);
  }
  std::vector<int> source(next.size(), -1);
  std::vector<bool> used(old.size(), false);
  for (std::size_t j = 0; j < next.size(); ++j) {
    int i = -1;
    if (!next[j].key.empty()) {
      auto it = by_key.find(next[j].key);
      if (it != by_key.end() && !used[it->second] && same_kind(*old[it->second].node, next[j])) i = it->second;
    } else {
      while (!unkeyed.empty() && used[unkeyed.front()]) unkeyed.pop_front();
      if (!unkeyed.empty()) {
        i = unkeyed.front();
        unkeyed.pop_front();
      }
    }
    if (i >= 0) {
      source[j] = i;
      used[i] = true;
    }
  }
  for (std::size_t i = 0; i < old.size(); ++i) {
    if (used[i]) continue;
    dom_.remove_child(parent, old[i].handle);
    release(old[i]);
  }

  std::vector<Mounted> result(next.size());
  for (std::size_t j = 0; j < next.size(); ++j) {
    if (source[j] < 0) continue;
    result[j] = std::move(old[source[j]]);
    patch_node(parent, result[j], next[j]);  // in place: a replacement lands where the old node was
  }
  // Children on a longest increasing run of old positions stay; the others move (or are new)
  // and are placed right to left, each before its already-placed right neighbour.
  std::vector<bool> stays = longest_increasing(source);
  for (std::size_t j = next.size(); j-- > 0;) {
    if (stays[j]) continue;
    if (source[j] < 0) result[j] = create(next[j]);
    Handle before = j + 1 < next.size() ? result[j + 1].handle : 0;
    dom_.insert_before(parent, result[j].handle, before);
  }
  old = std::move(result);
}

}  // namespace rally::dom
