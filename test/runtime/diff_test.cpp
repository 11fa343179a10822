// Hydration and patching against an in-memory Dom that records every write.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "rally/dom.hpp"
#include "rally/html.hpp"

namespace {

using rally::Node;
using rally::dom::Handle;
using rally::dom::NodeType;
namespace h = rally::html;

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

struct Click {};

class DiffTest : public ::testing::Test {
 protected:
  FakeDom dom;  // before root: members initialize in declaration order
  FakeNode* root = dom.el("div", {{"id", "rally-root"}});
  rally::dom::Tree tree{dom, dom.handle_of(root)};
  std::string html() { return FakeDom::dump(root); }
};

TEST_F(DiffTest, HydrateAdoptsServerRenderedNodes) {
  FakeNode* text = dom.txt("Count: 0");
  FakeNode* button = dom.el("button", {{"class", "big"}}, {text});
  FakeDom::append(root, button);
  Node v = h::button({h::class_("big"), h::on_click(Click{})}, {h::text("Count: 0")});
  tree.hydrate(v);
  EXPECT_EQ(dom.creates, 0);
  EXPECT_TRUE(dom.ops.empty()) << dom.ops.front();
  EXPECT_EQ(tree.root()->handle, dom.handle_of(button));
  EXPECT_EQ(tree.root()->children.at(0).handle, dom.handle_of(text));
  // The handle leads back to the vdom node that has the click handler.
  ASSERT_EQ(tree.find(dom.handle_of(button)), &v);
  EXPECT_EQ(tree.find(dom.handle_of(button))->events.at(0).event, "click");
  EXPECT_EQ(tree.stats().adopted, 2u);
  EXPECT_EQ(tree.stats().repaired, 0u);
}

TEST_F(DiffTest, HydrateKeepsWhatTheUserTypedBeforeTheClientArrived) {
  FakeNode* typed = dom.el("input", {{"name", "email"}, {"value", ""}});
  typed->props["value"] = "ada@exa";  // typed while the client was loading
  FakeNode* untouched = dom.el("input", {{"name", "other"}, {"value", "x"}});
  FakeDom::append(root, dom.el("div", {}, {typed, untouched}));
  tree.hydrate(h::div({}, {h::input({h::name("email"), h::value("")}), h::input({h::name("other"), h::value("x")})}));
  EXPECT_EQ(typed->props["value"], "ada@exa") << "not overwritten with the server's empty value";
  EXPECT_EQ(tree.typed_before_hydration(), std::vector<Handle>{dom.handle_of(typed)});
  EXPECT_EQ(dom.creates, 0);
}

TEST_F(DiffTest, HydrateAdoptsAcrossTextSeparatorsAndWhitespace) {
  // What the browser parses from "\n  <p>a<!---->b</p>\n" in the root.
  FakeNode* a = dom.txt("a");
  FakeNode* b = dom.txt("b");
  FakeNode* p = dom.el("p", {}, {a, dom.comment(), b});
  FakeDom::append(root, dom.txt("\n  "));
  FakeDom::append(root, p);
  FakeDom::append(root, dom.txt("\n"));
  Node v = h::p({}, {h::text("a"), h::text("b")});
  tree.hydrate(v);
  EXPECT_EQ(dom.creates, 0);
  EXPECT_TRUE(dom.ops.empty());
  EXPECT_EQ(tree.root()->handle, dom.handle_of(p));
  EXPECT_EQ(tree.root()->children.at(0).handle, dom.handle_of(a));
  EXPECT_EQ(tree.root()->children.at(1).handle, dom.handle_of(b));
}

TEST_F(DiffTest, HydrateCreatesEmptyTextThatSsrCannotWrite) {
  FakeNode* a = dom.txt("a");
  FakeNode* b = dom.txt("b");
  FakeDom::append(root, dom.el("p", {}, {a, dom.comment(), dom.comment(), b}));
  Node v = h::p({}, {h::text("a"), h::text(""), h::text("b")});
  tree.hydrate(v);
  EXPECT_EQ(dom.creates, 1);
  EXPECT_EQ(tree.root()->children.at(0).handle, dom.handle_of(a));
  EXPECT_EQ(tree.root()->children.at(2).handle, dom.handle_of(b));
  EXPECT_EQ(tree.stats().repaired, 0u);
}

TEST_F(DiffTest, HydrateRepairsAMismatchedTree) {
  // Server sent: <div class="old" data-x="1"><span>x</span><b>extra</b><p>keep</p>stale</div>
  FakeNode* keep = dom.el("p", {}, {dom.txt("keep")});
  FakeNode* div = dom.el("div", {{"class", "old"}, {"data-x", "1"}},
                         {dom.el("span", {}, {dom.txt("x")}), dom.el("b", {}, {dom.txt("extra")}), keep,
                          dom.txt("stale")});
  FakeDom::append(root, div);
  // The view wants: <div class="new"><em>y</em><p>keep</p>fresh<i></i></div>
  Node v = h::div({h::class_("new")}, {h::em({}, {h::text("y")}), h::p({}, {h::text("keep")}), h::text("fresh"),
                                       h::element("i")});
  tree.hydrate(v);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div class=\"new\"><em>y</em><p>keep</p>fresh<i></i></div></div>");
  EXPECT_EQ(tree.root()->handle, dom.handle_of(div));
  EXPECT_EQ(tree.root()->children.at(1).handle, dom.handle_of(keep));  // adopted past the extra <b>
  EXPECT_GT(tree.stats().repaired, 0u);
  // The repaired tree is fully mounted: later patches work on it.
  Node v2 = h::div({h::class_("new")}, {h::em({}, {h::text("z")}), h::p({}, {h::text("keep")}), h::text("fresh"),
                                        h::element("i")});
  tree.patch(v2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div class=\"new\"><em>z</em><p>keep</p>fresh<i></i></div></div>");
}

TEST_F(DiffTest, HydrateInsertsAMissingNodeWithoutRecreatingTheRest) {
  // Matching is structural (same tag), so the missing node must differ from its neighbour.
  FakeNode* second = dom.el("p", {}, {dom.txt("2")});
  FakeDom::append(root, dom.el("div", {}, {second}));
  Node v = h::div({}, {h::h1({}, {h::text("1")}), h::p({}, {h::text("2")})});
  tree.hydrate(v);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div><h1>1</h1><p>2</p></div></div>");
  EXPECT_EQ(tree.root()->children.at(1).handle, dom.handle_of(second));
  EXPECT_EQ(dom.creates, 2);  // <h1> and its text only
}

TEST_F(DiffTest, HydrateIntoAnEmptyContainerBuildsTheView) {
  Node v = h::div({}, {h::text("hi")});
  tree.hydrate(v);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div>hi</div></div>");
}

class PatchTest : public DiffTest {
 protected:
  // Mounts `v` into the empty container (patch with nothing mounted builds it), then forgets the ops.
  void mount(const Node& v) {
    tree.patch(v);
    dom.clear_ops();
  }
};

TEST_F(PatchTest, TextUpdateSetsTextInPlace) {
  Node v1 = h::button({}, {h::text("Count: 0")});
  mount(v1);
  Handle text = tree.root()->children.at(0).handle;
  Node v2 = h::button({}, {h::text("Count: 1")});
  tree.patch(v2);
  EXPECT_EQ(dom.ops, (std::vector<std::string>{"text Count: 1"}));
  EXPECT_EQ(tree.root()->children.at(0).handle, text);
  EXPECT_EQ(tree.find(text), &v2.children[0]);
}

TEST_F(PatchTest, AttributesAreAddedChangedAndRemoved) {
  Node v1 = h::div({h::class_("a"), h::title("t"), h::attr("data-x", "1")});
  mount(v1);
  Node v2 = h::div({h::class_("b"), h::attr("data-x", "1"), h::id("n")});
  tree.patch(v2);
  EXPECT_EQ(dom.ops, (std::vector<std::string>{"set class=b", "set id=n", "remove-attr title"}));
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div class=\"b\" data-x=\"1\" id=\"n\"></div></div>");
}

TEST_F(PatchTest, ChildrenAppendAndRemove) {
  Node v1 = h::ul({}, {h::li({}, {h::text("1")})});
  mount(v1);
  Handle first = tree.root()->children.at(0).handle;
  Node v2 = h::ul({}, {h::li({}, {h::text("1")}), h::li({}, {h::text("2")}), h::li({}, {h::text("3")})});
  tree.patch(v2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li>1</li><li>2</li><li>3</li></ul></div>");
  EXPECT_EQ(tree.root()->children.at(0).handle, first);
  Node v3 = h::ul({}, {h::li({}, {h::text("1")})});
  dom.clear_ops();
  tree.patch(v3);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li>1</li></ul></div>");
  EXPECT_EQ(dom.creates, 0);
  EXPECT_EQ(tree.root()->children.at(0).handle, first);
}

TEST_F(PatchTest, TagChangeReplacesTheNode) {
  Node v1 = h::div({}, {h::span({}, {h::text("x")})});
  mount(v1);
  Handle span = tree.root()->children.at(0).handle;
  Node v2 = h::div({}, {h::strong({}, {h::text("x")})});
  tree.patch(v2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div><strong>x</strong></div></div>");
  EXPECT_NE(tree.root()->children.at(0).handle, span);
  EXPECT_EQ(tree.find(span), nullptr);  // released
  // Element <-> text is a replacement too.
  Node v3 = h::div({}, {h::text("plain")});
  tree.patch(v3);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div>plain</div></div>");
}

TEST_F(PatchTest, KeyedReorderMovesNodesWithoutCreatingAny) {
  auto item = [](const std::string& k) { return h::li({h::key(k)}, {h::text(k)}); };
  Node v1 = h::ul({}, {item("a"), item("b"), item("c"), item("d")});
  mount(v1);
  std::map<std::string, Handle> by_key;
  for (const auto& m : tree.root()->children) by_key[m.node->key] = m.handle;

  Node v2 = h::ul({}, {item("d"), item("a"), item("c"), item("b")});
  tree.patch(v2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li>d</li><li>a</li><li>c</li><li>b</li></ul></div>");
  EXPECT_EQ(dom.creates, 0);
  for (const auto& m : tree.root()->children) EXPECT_EQ(m.handle, by_key[m.node->key]) << m.node->key;
  // a and c keep their relative order, so only d and b move.
  EXPECT_EQ(std::count(dom.ops.begin(), dom.ops.end(), "insert"), 2);

  // Removing one and adding one in the middle reuses the rest.
  dom.clear_ops();
  Node v3 = h::ul({}, {item("d"), item("e"), item("c"), item("b")});
  tree.patch(v3);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li>d</li><li>e</li><li>c</li><li>b</li></ul></div>");
  EXPECT_EQ(dom.creates, 2);  // <li> and its text
  EXPECT_EQ(tree.root()->children.at(0).handle, by_key["d"]);
  EXPECT_EQ(tree.root()->children.at(3).handle, by_key["b"]);
}

TEST_F(PatchTest, InputValueIsSetAsPropertyToo) {
  Node v1 = h::input({h::value("")});
  mount(v1);
  Handle input = tree.root()->handle;
  Node v2 = h::input({h::value("hello")});
  tree.patch(v2);
  EXPECT_EQ(dom.node(input)->props["value"], "hello");
  EXPECT_NE(std::find(dom.ops.begin(), dom.ops.end(), "set value=hello"), dom.ops.end());
  // The model wins even if the attribute did not change (the user may have typed since).
  dom.node(input)->props["value"] = "typed";
  Node v3 = h::input({h::value("hello")});
  tree.patch(v3);
  EXPECT_EQ(dom.node(input)->props["value"], "hello");

  Node c1 = h::input({h::type("checkbox"), h::checked(true)});
  tree.patch(c1);
  Handle box = tree.root()->handle;
  EXPECT_EQ(dom.node(box)->props["checked"], "true");
  Node c2 = h::input({h::type("checkbox"), h::checked(false)});
  tree.patch(c2);
  EXPECT_EQ(dom.node(box)->props["checked"], "false");
}

TEST_F(PatchTest, HandlesFindTheCurrentVdomAfterEveryPatch) {
  Node v1 = h::div({}, {h::button({h::on_click(Click{})}, {h::text("a")})});
  mount(v1);
  Handle button = tree.root()->children.at(0).handle;
  Node v2 = h::div({}, {h::button({h::on_click(Click{})}, {h::text("b")})});
  tree.patch(v2);
  EXPECT_EQ(tree.find(button), &v2.children[0]);
}

}  // namespace
