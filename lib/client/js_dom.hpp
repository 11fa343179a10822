#pragma once
// rally::dom::Dom over the browser's DOM, through the handle table of rally_client.js.
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
  void release(dom::Handle node) override;
};

}  // namespace rally::client
