#pragma once
// rally::dom::Dom over the browser's DOM, through the handle table of rally_client.js.
//
// Writes are not JS calls: they are appended to a command buffer in WASM memory (32-bit words:
// an opcode, handles, and offsets/lengths of strings in a byte arena), which one JS function,
// rally_dom_apply, runs at flush(). Handles are numbered here, so a node can be created (and
// used) before JS has seen the command: JS's table is indexed by these numbers, and the reads that
// meet a node JS has no handle for yet give it the number proposed with the call. Every read
// flushes first, so it sees the DOM as written; the runtime flushes after each hydrate and patch.
#include <cstdint>
#include <string>
#include <vector>

#include "rally/dom.hpp"

namespace rally::client {

class JsDom final : public dom::Dom {
 public:
  dom::Handle first_child(dom::Handle parent) override;
  dom::Handle next_sibling(dom::Handle node) override;
  dom::NodeType node_type(dom::Handle node) override;
  std::string tag_name(dom::Handle element) override;
  std::string text(dom::Handle text_node) override;
  std::vector<std::string> attribute_names(dom::Handle element) override;
  std::optional<std::string> get_attribute(dom::Handle element, const std::string& name) override;
  std::optional<std::string> get_value(dom::Handle element) override;

  dom::Handle create_element(const std::string& tag) override;
  dom::Handle create_text(const std::string& text) override;
  void set_attribute(dom::Handle element, const std::string& name, const std::string& value) override;
  void remove_attribute(dom::Handle element, const std::string& name) override;
  void set_property(dom::Handle element, const std::string& name, const std::string& value) override;
  void set_bool_property(dom::Handle element, const std::string& name, bool value) override;
  void set_text(dom::Handle text_node, const std::string& text) override;
  void insert_before(dom::Handle parent, dom::Handle child, dom::Handle before) override;
  void remove_child(dom::Handle parent, dom::Handle child) override;
  void remove_children(dom::Handle parent) override;
  void release(dom::Handle node) override;

  // Runs the buffered writes (one JS call; nothing when there are none).
  void flush();
  // The handle of the page's #rally-root element (0: there is none).
  dom::Handle root();

 private:
  dom::Handle allocate();
  // A handle proposed to a read that JS did not take (the node had one already).
  void unused(dom::Handle h);
  // A read's answer: the proposed handle was taken, or another (or 0) came back.
  dom::Handle answer(dom::Handle proposed, dom::Handle got);
  void op(std::uint32_t code, dom::Handle a) { ops_.push_back(code), ops_.push_back(a); }
  void str(const std::string& s);
  std::uint32_t name(const std::string& s);

  std::vector<std::uint32_t> ops_;
  std::string arena_;              // the strings of ops_, UTF-8
  std::uint32_t arena_units_ = 0;  // arena_'s length in UTF-16 code units (what JS indexes by)
  std::vector<dom::Handle> free_;  // released handles, reused
  std::vector<std::uint8_t> live_;  // by handle, 1 = in use (vector<bool>'s bit code was 3 KB of wasm)
  dom::Handle next_ = 1;           // 0 is "no node"
  // The names sent to JS (index = JS's), their FNV-1a hashes, and an open-addressing table of
  // index + 1 (0: empty) for finding them.
  std::vector<std::string> names_;
  std::vector<std::uint32_t> hashes_;
  std::vector<std::uint32_t> table_;
};

}  // namespace rally::client
