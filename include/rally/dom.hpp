#pragma once
// Hydration and patching of a real DOM from the virtual DOM, written against an abstract,
// handle-based Dom so that the algorithm is portable: the WASM client implements Dom over a
// JavaScript handle table, and native tests implement it in memory.
//
// A Tree keeps a mounted tree parallel to the current vdom: every mounted node holds the DOM
// handle and a pointer to its vdom Node. The caller keeps the vdom passed to hydrate()/patch()
// alive until the next patch() returns (patch reads the old nodes and repoints to the new ones).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "element.hpp"

namespace rally::detail {
void link_keyed_diff() noexcept;  // rally/html.hpp
}  // namespace rally::detail

namespace rally::dom {

// A DOM node as the Dom implementation names it. 0 is "no node".
using Handle = std::uint32_t;

enum class NodeType : std::uint8_t { element, text, comment, other };

class Dom {
 public:
  virtual ~Dom() = default;

  // Reads, used by hydration only. A node keeps the same handle for as long as it is not released,
  // so reading it twice gives the same handle.
  virtual Handle first_child(Handle parent) = 0;
  virtual Handle next_sibling(Handle node) = 0;
  virtual NodeType node_type(Handle node) = 0;
  virtual std::string tag_name(Handle element) = 0;  // lowercase, like Element.localName
  virtual std::string text(Handle text_node) = 0;
  virtual std::vector<std::string> attribute_names(Handle element) = 0;
  virtual std::optional<std::string> get_attribute(Handle element, const std::string& name) = 0;
  // The live value of a form element (what the user typed, which the attribute does not show);
  // nullopt when it cannot be read.
  virtual std::optional<std::string> get_value(Handle) { return std::nullopt; }

  // Writes.
  virtual Handle create_element(const std::string& tag) = 0;
  virtual Handle create_text(const std::string& text) = 0;
  virtual void set_attribute(Handle element, const std::string& name, const std::string& value) = 0;
  virtual void remove_attribute(Handle element, const std::string& name) = 0;
  // Live form state (value, checked, selected): the attribute only sets the default, so the
  // property is set too. Implementations may skip the write when the property already has it, so
  // that the caret of an input being typed into does not jump.
  virtual void set_property(Handle element, const std::string& name, const std::string& value) = 0;
  virtual void set_bool_property(Handle element, const std::string& name, bool value) = 0;
  virtual void set_text(Handle text_node, const std::string& text) = 0;
  // Inserts (or moves) `child` before `before`, or appends when `before` is 0.
  virtual void insert_before(Handle parent, Handle child, Handle before) = 0;
  virtual void remove_child(Handle parent, Handle child) = 0;
  // Removes every child of `parent` at once (a list emptied or replaced whole). The runtime
  // releases the handles it holds itself. The default removes them one by one.
  virtual void remove_children(Handle parent) {
    while (Handle child = first_child(parent)) remove_child(parent, child);
  }
  // The runtime no longer needs this handle (the node may live on in the DOM).
  virtual void release(Handle node) = 0;
};

// One DOM node the tree owns, parallel to a vdom Node.
struct Mounted {
  Handle handle = 0;
  const Node* node = nullptr;  // for a lazy place: the root of its expansion
  std::vector<Mounted> children;
  // A place where the view has a rally::html::lazy node: that node (in the current vdom) and its
  // expansion, which `node` points into and which lives as long as it is mounted.
  const Node* lazy = nullptr;
  std::unique_ptr<const Node> expansion;
};

// What a hydration or patch did, for logs and tests.
struct Stats {
  std::size_t adopted = 0;   // hydration: existing nodes taken over as they were
  std::size_t repaired = 0;  // hydration: nodes created, removed or changed to match the vdom
  std::size_t lazy_built = 0;   // lazy nodes whose view function ran (since the tree was made)
  std::size_t lazy_reused = 0;  // lazy nodes that kept their previous subtree (equal deps)
  // Nodes whose handlers were looked up in event_types(): built or adopted nodes with handlers,
  // and patched ones whose handlers' types changed. Nodes a patch does not reach cost nothing.
  std::size_t handler_scans = 0;
};

class Tree {
 public:
  Tree(Dom& dom, Handle container) : dom_(dom), container_(container) {}
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  Tree(Tree&&) = default;

  // Adopts the server-rendered children of the container as the mounted tree of `root`: nodes
  // that match are kept (never recreated); comment nodes and whitespace-only text the vdom does
  // not have are skipped; anything else that differs is repaired by patching.
  void hydrate(const Node& root);
  // Brings the DOM from the current vdom to `next` with the fewest DOM writes it can find: keyed
  // children keep their DOM nodes and only those off a longest run of unchanged order move; a
  // lazy node whose deps equal the previous render's is skipped whole.
  void patch(const Node& next);

  // The vdom node (and so its event handlers) currently mounted at `handle`, or nullptr.
  const Node* find(Handle handle) const;
  const Mounted* root() const { return root_.handle ? &root_ : nullptr; }
  Handle container() const { return container_; }
  const Stats& stats() const { return stats_; }
  // Inputs the user had typed into before hydration (their value differs from the server's): the
  // tree kept what they typed; the runtime replays an input event on each so the model hears it.
  const std::vector<Handle>& typed_before_hydration() const { return typed_; }
  // Every event type a handler of a mounted node has had since the tree was made (lazy expansions
  // included), in the order first seen; it only grows. It is kept as nodes are built, adopted and
  // patched, so that after a patch the runtime registers the types past the count it has already
  // taken, without walking the mounted tree.
  const std::vector<std::string>& event_types() const { return event_types_; }

 private:
  friend void rally::detail::link_keyed_diff() noexcept;
  const Node& resolve(Mounted& m, const Node& v);
  Mounted create(const Node& node);
  void build(Mounted& m, const Node& node);
  void release(Mounted& m);
  void remove_all(Handle parent, std::vector<Mounted>& old);
  void adopt(Mounted& m, Handle handle, const Node& node);
  void hydrate_children(Handle parent, const Node* vchildren, std::size_t count, std::vector<Mounted>& out);
  Handle skip_ignorable(Handle node, const Node* expected);
  bool matches(Handle node, const Node& v);
  void sync_attributes(Handle handle, const Node& node);
  void patch_node(Handle parent, Mounted& m, const Node& next);
  void patch_resolved(Handle parent, Mounted& m, const Node& next);
  void patch_attributes(Mounted& m, const Node& next);
  void patch_children(Mounted& m, const Node& next);
  void patch_children_by_index(Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next);
  void patch_children_keyed(Handle parent, std::vector<Mounted>& old, const std::vector<Node>& next);
  void sync_properties(Handle handle, const Node& node, const Node* old);
  void point(Mounted& m, const Node& node);
  void note_events(const Node& node);

  Dom& dom_;
  Handle container_;
  Mounted root_;
  std::vector<const Node*> index_;  // by handle: handles are small numbers, reused when released
  Stats stats_;
  std::vector<Handle> typed_;
  std::vector<std::string> event_types_;
};

}  // namespace rally::dom
