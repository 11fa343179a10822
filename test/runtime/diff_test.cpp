// Hydration and patching against an in-memory Dom that records every write.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "fake_dom.hpp"
#include "rally/dom.hpp"
#include "rally/html.hpp"

namespace {

using rally::Node;
using rally::dom::Handle;
using rally::dom::NodeType;
using rally::test::FakeDom;
using rally::test::FakeNode;
namespace h = rally::html;

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
