// Hydration and vdom diffing against the abstract Dom (see rally/dom.hpp).
#include "rally/dom.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "rally/wire.hpp"  // fnv1a64, for the keyed diff's hash table

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

// Whether two nodes' handlers are for the same event types, in the same order (the usual case:
// one view's handlers render to render).
bool same_event_types(const Node& a, const Node& b) {
  if (a.events.size() != b.events.size()) return false;
  for (std::size_t i = 0; i < a.events.size(); ++i)
    if (a.events[i].event != b.events[i].event) return false;
  return true;
}

// The elements whose live state lives in properties rather than attributes.
bool is_form_element(const std::string& tag) {
  return tag == "input" || tag == "textarea" || tag == "select" || tag == "option";
}

// Flags by position. Bytes rather than std::vector<bool>, whose bit machinery only this file
// used (700 bytes of the client's wasm); std::vector<std::uint8_t> is there anyway (Blob).
using Flags = std::vector<std::uint8_t>;

// Indexes (into `seq`) of one longest strictly increasing subsequence of the values >= 0.
// Keyed children whose old positions form it can stay where they are; only the others move.
Flags longest_increasing(const std::vector<int>& seq) {
  std::vector<int> tails;  // index into seq of the smallest tail of each length
  std::vector<int> prev(seq.size(), -1);
  for (int i = 0; i < static_cast<int>(seq.size()); ++i) {
    if (seq[i] < 0) continue;
    auto it = std::lower_bound(tails.begin(), tails.end(), seq[i], [&](int t, int v) { return seq[t] < v; });
    if (it != tails.begin()) prev[i] = *(it - 1);
    if (it == tails.end()) tails.push_back(i);
    else *it = i;
  }
  Flags in(seq.size(), 0);
  for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = prev[i]) in[i] = 1;
  return in;
}

// Parts of the diff that only a program making Keys or Lazys links (rally::detail::link_keyed_diff,
// link_lazy_diff), through these pointers; null until then, when no node has a key or is lazy.
// Atomic for the server's threads, which make them while rendering (and only store the same
// function): after the first, a call is a read, with no write to a shared line.
using KeyedDiff = void (*)(Tree&, Handle, std::vector<Mounted>&, const std::vector<Node>&);
std::atomic<KeyedDiff> keyed_diff{nullptr};
using ExpandLazy = Node (*)(const Lazy&);
std::atomic<ExpandLazy> expand_lazy{nullptr};

template <class F>
void link_once(std::atomic<F>& slot, F f) {
  if (!slot.load(std::memory_order_relaxed)) slot.store(f, std::memory_order_relaxed);
}

Node expand(const Lazy& lazy) { return expand_lazy.load(std::memory_order_relaxed)(lazy); }

}  // namespace

}  // namespace rally::dom

void rally::detail::link_keyed_diff() noexcept {
  using namespace rally::dom;
  link_once<KeyedDiff>(keyed_diff, [](Tree& tree, Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next) {
    tree.patch_children_keyed(parent, old, next);
  });
}

void rally::detail::link_lazy_diff() noexcept {
  using namespace rally::dom;
  link_once<ExpandLazy>(expand_lazy, [](const Lazy& lazy) { return lazy.expand(); });
}

namespace rally::dom {

const Node* Tree::find(Handle handle) const { return handle < index_.size() ? index_[handle] : nullptr; }

void Tree::point(Mounted& m, const Node& node) {
  m.node = &node;
  if (m.handle >= index_.size()) index_.resize(m.handle + m.handle / 2 + 16, nullptr);
  index_[m.handle] = &node;
}

// Keeps event_types() covering every mounted node: called for each node with handlers that is
// built or adopted, and for a patched node whose handlers' types changed. The list holds the few
// types a page uses, so a linear search is enough.
void Tree::note_events(const Node& node) {
  ++stats_.handler_scans;
  for (const auto& h : node.events)
    if (std::find(event_types_.begin(), event_types_.end(), h.event) == event_types_.end())
      event_types_.push_back(h.event);
}

void Tree::release(Mounted& m) {
  for (auto& c : m.children) release(c);
  if (m.handle < index_.size()) index_[m.handle] = nullptr;
  dom_.release(m.handle);
  m.handle = 0;
  m.children.clear();
  m.lazy = nullptr;
  m.expansion.reset();
}

// The node to mount for `v`: v itself, or for a lazy node its expansion, which `m` keeps.
const Node& Tree::resolve(Mounted& m, const Node& v) {
  if (!v.lazy) return v;
  m.expansion = std::make_unique<const Node>(expand(*v.lazy));
  m.lazy = &v;
  ++stats_.lazy_built;
  return *m.expansion;
}

Mounted Tree::create(const Node& node) {
  Mounted m;
  build(m, resolve(m, node));
  return m;
}

void Tree::build(Mounted& m, const Node& node) {
  if (!node.events.empty()) note_events(node);
  if (node.is_text()) {
    m.handle = dom_.create_text(node.text);
    point(m, node);
    return;
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
  if (!node.events.empty()) note_events(node);
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
  // Lazy children are expanded first (hydration always builds them): the matching below looks at
  // what they expand to.
  std::vector<Mounted> slots(count);
  std::vector<const Node*> vs(count);
  for (std::size_t i = 0; i < count; ++i) vs[i] = &resolve(slots[i], vchildren[i]);
  Handle cur = dom_.first_child(parent);
  auto insert_new = [&](std::size_t i, Handle before) {
    build(slots[i], *vs[i]);
    out.push_back(std::move(slots[i]));
    dom_.insert_before(parent, out.back().handle, before);
  };
  auto adopt_at = [&](std::size_t i, Handle handle) {
    out.push_back(std::move(slots[i]));
    adopt(out.back(), handle, *vs[i]);
  };
  for (std::size_t i = 0; i < count; ++i) {
    const Node& v = *vs[i];
    cur = skip_ignorable(cur, &v);
    if (v.is_text() && v.text.empty()) {
      // SSR writes nothing for an empty text node: create it, and leave `cur` for the next one.
      insert_new(i, cur);
      continue;
    }
    if (!cur) {
      insert_new(i, 0);
      ++stats_.repaired;
      continue;
    }
    if (matches(cur, v)) {
      Handle next = dom_.next_sibling(cur);
      adopt_at(i, cur);
      cur = next;
      continue;
    }
    ++stats_.repaired;
    // One node of lookahead on each side tells a missing node and an extra node apart from a
    // changed one, so that one bad spot in the SSR does not cost the rest of the list.
    if (i + 1 < count && !(vs[i + 1]->is_text() && vs[i + 1]->text.empty()) && matches(cur, *vs[i + 1])) {
      insert_new(i, cur);  // v is missing from the DOM
      continue;
    }
    Handle after = skip_ignorable(dom_.next_sibling(cur), &v);
    if (after && matches(after, v)) {  // cur is extra
      dom_.remove_child(parent, cur);
      dom_.release(cur);
      Handle next = dom_.next_sibling(after);
      adopt_at(i, after);
      cur = next;
      continue;
    }
    insert_new(i, cur);  // cur is a different node where v belongs
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
  if (next.lazy) {
    if (m.lazy && m.lazy->lazy->same(*next.lazy)) {
      // Equal deps, same view function: the mounted subtree is already what it would build.
      m.lazy = &next;
      ++stats_.lazy_reused;
      return;
    }
    auto expansion = std::make_unique<const Node>(expand(*next.lazy));
    ++stats_.lazy_built;
    auto previous = std::move(m.expansion);  // the old nodes stay alive while they are diffed
    m.lazy = nullptr;
    patch_resolved(parent, m, *expansion);
    m.lazy = &next;
    m.expansion = std::move(expansion);
    return;
  }
  auto previous = std::move(m.expansion);
  m.lazy = nullptr;
  patch_resolved(parent, m, next);
}

void Tree::patch_resolved(Handle parent, Mounted& m, const Node& next) {
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
  // The old node's types are noted already: only other types need a look.
  if (!next.events.empty() && !same_event_types(old, next)) note_events(next);
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
  KeyedDiff by_key = keyed ? keyed_diff.load(std::memory_order_relaxed) : nullptr;
  if (by_key) by_key(*this, m.handle, m.children, next.children);
  else patch_children_by_index(m.handle, m.children, next.children);
}

// Every child goes: one DOM call for the whole list.
void Tree::remove_all(Handle parent, std::vector<Mounted>& old) {
  if (old.empty()) return;
  dom_.remove_children(parent);
  for (auto& m : old) release(m);
  old.clear();
}

void Tree::patch_children_by_index(Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next) {
  if (next.empty()) return remove_all(parent, old);
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

namespace {
// A child's identity in a keyed list: a lazy node's own key, else its element's.
const std::string& key_of(const Mounted& m) { return m.lazy ? m.lazy->key : m.node->key; }
// Whether the new keyed child `v` takes over the mounted `m` (a lazy one's kind is known only once
// it is built; patching replaces it then if need be).
bool same_keyed(const Mounted& m, const Node& v) {
  return !v.key.empty() && key_of(m) == v.key && (v.lazy || same_kind(*m.node, v));
}
}  // namespace

// Keyed children (Inferno / ivi / Vue 3): the common prefix and suffix are patched in place; in
// what is left between them, children are paired by key, the unpaired old ones removed, the
// unpaired new ones created, and only the paired ones that are not on a longest increasing run of
// old positions move. So a swap of two rows moves 2 nodes, removing a row removes 1 and moves
// none, and appending only inserts.
void Tree::patch_children_keyed(Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next) {
  if (next.empty()) return remove_all(parent, old);
  const std::size_t n_old = old.size(), n_new = next.size();
  std::size_t head = 0;
  while (head < n_old && head < n_new && same_keyed(old[head], next[head])) {
    patch_node(parent, old[head], next[head]);
    ++head;
  }
  std::size_t old_end = n_old, new_end = n_new;
  while (old_end > head && new_end > head && same_keyed(old[old_end - 1], next[new_end - 1])) {
    patch_node(parent, old[old_end - 1], next[new_end - 1]);
    --old_end;
    --new_end;
  }
  if (head == n_old && head == n_new) return;  // the same keys in the same order

  std::vector<Mounted> result(n_new);
  for (std::size_t i = 0; i < head; ++i) result[i] = std::move(old[i]);
  for (std::size_t i = old_end, j = new_end; i < n_old; ++i, ++j) result[j] = std::move(old[i]);
  // Where the middle's nodes go: before the first node of the suffix.
  const Handle anchor = new_end < n_new ? result[new_end].handle : 0;

  if (head == old_end) {  // only insertions
    for (std::size_t j = head; j < new_end; ++j) {
      result[j] = create(next[j]);
      dom_.insert_before(parent, result[j].handle, anchor);
    }
    old = std::move(result);
    return;
  }
  if (head == new_end) {  // only removals
    for (std::size_t i = head; i < old_end; ++i) {
      dom_.remove_child(parent, old[i].handle);
      release(old[i]);
    }
    old = std::move(result);
    return;
  }

  // Pair each new child of the middle with an old one: by key when it has one, otherwise with
  // the old unkeyed children in order. An old child whose key is reused for another tag is not
  // reused.
  // The keys are found through a hash table of old positions (open addressing, linear probing):
  // no string copies and no tree nodes (this runs on every reordering render of a long list), and
  // in the WASM client far less code than sorting them. A key that appears twice is kept for its
  // first child; the later ones count as unkeyed.
  std::size_t slots = 2;
  while (slots < 2 * (old_end - head)) slots *= 2;
  std::vector<std::uint32_t> by_key(slots, 0);  // old position + 1; 0: empty
  auto slot_of = [&](std::string_view key) {
    std::size_t h = static_cast<std::size_t>(wire::fnv1a64(key)) & (slots - 1);
    while (by_key[h] != 0 && key_of(old[by_key[h] - 1]) != key) h = (h + 1) & (slots - 1);
    return h;
  };
  Flags duplicate(n_old, 0);
  for (std::size_t i = head; i < old_end; ++i) {
    if (const std::string& k = key_of(old[i]); !k.empty()) {
      std::uint32_t& slot = by_key[slot_of(k)];
      if (slot != 0) duplicate[i] = 1;
      else slot = static_cast<std::uint32_t>(i + 1);
    }
  }
  std::vector<std::size_t> unkeyed;  // in order; taken from the front
  std::size_t unkeyed_next = 0;
  for (std::size_t i = head; i < old_end; ++i) {
    if (key_of(old[i]).empty() || duplicate[i]) unkeyed.push_back(i);
  }
  std::vector<int> source(new_end - head, -1);  // old position of each new child, -1: new
  Flags used(n_old, 0);
  std::size_t reused = 0;
  for (std::size_t j = head; j < new_end; ++j) {
    std::size_t i = n_old;
    if (!next[j].key.empty()) {
      if (std::uint32_t found = by_key[slot_of(next[j].key)]; found != 0) {
        std::size_t at = found - 1;
        if (!used[at] && (next[j].lazy || same_kind(*old[at].node, next[j]))) i = at;
      }
    } else {
      while (unkeyed_next < unkeyed.size() && used[unkeyed[unkeyed_next]]) ++unkeyed_next;
      if (unkeyed_next < unkeyed.size()) i = unkeyed[unkeyed_next++];
    }
    if (i < n_old) {
      source[j - head] = static_cast<int>(i);
      used[i] = 1;
      ++reused;
    }
  }

  if (reused == 0 && head == 0 && new_end == n_new) {
    // Nothing is kept (a list replaced whole): empty the parent in one call, then append.
    remove_all(parent, old);
    for (std::size_t j = 0; j < n_new; ++j) {
      result[j] = create(next[j]);
      dom_.insert_before(parent, result[j].handle, 0);
    }
    old = std::move(result);
    return;
  }

  for (std::size_t i = head; i < old_end; ++i) {
    if (used[i]) continue;
    dom_.remove_child(parent, old[i].handle);
    release(old[i]);
  }
  for (std::size_t j = head; j < new_end; ++j) {
    int i = source[j - head];
    if (i < 0) continue;
    result[j] = std::move(old[static_cast<std::size_t>(i)]);
    patch_node(parent, result[j], next[j]);  // in place: a replacement lands where the old node was
  }
  // Children on a longest increasing run of old positions stay; the others move (or are new)
  // and are placed right to left, each before its already-placed right neighbour.
  Flags stays = longest_increasing(source);
  for (std::size_t j = new_end; j-- > head;) {
    if (stays[j - head]) continue;
    if (source[j - head] < 0) result[j] = create(next[j]);
    Handle before = j + 1 < n_new ? result[j + 1].handle : 0;
    dom_.insert_before(parent, result[j].handle, before);
  }
  old = std::move(result);
}

}  // namespace rally::dom
