// rally::html::lazy: the view function runs only when its deps change; the subtree it built is
// kept (no DOM work) otherwise; hydration, SSR and the message check see the expansion.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "fake_dom.hpp"
#include "rally/dom.hpp"
#include "rally/html.hpp"
#include "rally/render.hpp"

namespace {

using rally::Node;
using rally::dom::Handle;
using rally::test::count_ops;
using rally::test::FakeDom;
using rally::test::FakeNode;
namespace h = rally::html;

struct Select {
  int id;
};
struct Other {};
using Msg = std::variant<Select>;

struct Row {
  int id;
  std::string label;
  bool operator==(const Row& o) const { return id == o.id && label == o.label; }
};

int calls = 0;  // how many times row_view ran

rally::Element<Msg> row_view(const Row& r) {
  ++calls;
  return h::li({h::class_("row"), h::on_click(Select{r.id})}, {h::text(r.label)});
}

Node view(const std::vector<Row>& rows) {
  std::vector<Node> items;
  for (const Row& r : rows) items.push_back(h::lazy(h::Key{std::to_string(r.id)}, r, row_view));
  return h::ul({}, std::move(items));
}

class LazyTest : public ::testing::Test {
 protected:
  void SetUp() override { calls = 0; }
  FakeDom dom;
  FakeNode* root = dom.el("div", {{"id", "rally-root"}});
  rally::dom::Tree tree{dom, dom.handle_of(root)};
  std::deque<Node> views;  // the vdoms patched in, at stable addresses

  void show(Node v) {
    views.push_back(std::move(v));
    tree.patch(views.back());
  }
  std::string html() { return FakeDom::dump(root); }
};

TEST_F(LazyTest, EqualDepsDoNotRunTheViewFunctionNorTouchTheDom) {
  std::vector<Row> rows = {{1, "one"}, {2, "two"}, {3, "three"}};
  show(view(rows));
  EXPECT_EQ(calls, 3);
  dom.clear_ops();
  show(view(rows));
  EXPECT_EQ(calls, 3) << "no row's deps changed";
  EXPECT_TRUE(dom.ops.empty());
  EXPECT_EQ(tree.stats().lazy_reused, 3u);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li class=\"row\">one</li><li class=\"row\">two</li>"
                    "<li class=\"row\">three</li></ul></div>");
}

TEST_F(LazyTest, ChangedDepsRunItForThatPlaceOnly) {
  std::vector<Row> rows = {{1, "one"}, {2, "two"}, {3, "three"}};
  show(view(rows));
  Handle second = tree.root()->children.at(1).handle;
  dom.clear_ops();
  rows[1].label = "TWO";
  show(view(rows));
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(dom.ops, std::vector<std::string>{"text TWO"});
  EXPECT_EQ(tree.root()->children.at(1).handle, second) << "patched, not recreated";
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li class=\"row\">one</li><li class=\"row\">TWO</li>"
                    "<li class=\"row\">three</li></ul></div>");
}

TEST_F(LazyTest, KeyedLazyRowsMoveWithoutBeingRebuilt) {
  std::vector<Row> rows;
  for (int i = 1; i <= 10; ++i) rows.push_back({i, "row " + std::to_string(i)});
  show(view(rows));
  dom.clear_ops();
  std::swap(rows[1], rows[8]);
  rows.erase(rows.begin() + 4);
  show(view(rows));
  EXPECT_EQ(calls, 10);
  EXPECT_EQ(count_ops(dom, "insert"), 2);
  EXPECT_EQ(count_ops(dom, "remove"), 1);
  EXPECT_EQ(dom.creates, 0);
  std::string expected = "<div id=\"rally-root\"><ul>";
  for (const Row& r : rows) expected += "<li class=\"row\">" + r.label + "</li>";
  EXPECT_EQ(html(), expected + "</ul></div>");
}

TEST_F(LazyTest, HandlesInAKeptSubtreeOutliveThePreviousVdom) {
  auto first = std::make_unique<Node>(view({{1, "one"}}));
  tree.patch(*first);
  Handle li = tree.root()->children.at(0).handle;
  auto second = std::make_unique<Node>(view({{1, "one"}}));
  tree.patch(*second);
  first.reset();  // what the runtime does after a patch
  const Node* found = tree.find(li);
  ASSERT_NE(found, nullptr);
  ASSERT_EQ(found->events.size(), 1u);
  EXPECT_EQ(found->events[0].event, "click");
  EXPECT_EQ(calls, 1);
}

TEST_F(LazyTest, AnotherViewFunctionAtThePlaceRunsEvenWithEqualDeps) {
  int other_calls = 0;
  auto other = [&other_calls](const Row& r) {
    ++other_calls;
    return h::li({}, {h::text("other " + r.label)});
  };
  show(h::ul({}, {h::lazy(Row{1, "one"}, row_view)}));
  show(h::ul({}, {h::lazy(Row{1, "one"}, other)}));
  EXPECT_EQ(other_calls, 1);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li>other one</li></ul></div>");
  // Between a lazy node and a plain one, both ways.
  show(h::ul({}, {h::li({}, {h::text("plain")})}));
  show(h::ul({}, {h::lazy(Row{1, "one"}, other)}));
  EXPECT_EQ(other_calls, 2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><ul><li>other one</li></ul></div>");
}

TEST_F(LazyTest, TupleDepsAndAThunkWithoutArguments) {
  int n = 0;
  std::string label = "x";
  auto make = [&](bool selected) {
    return h::lazy(std::make_tuple(label, selected), [label, selected, &n] {
      ++n;
      return h::p({h::class_(selected ? "on" : "off")}, {h::text(label)});
    });
  };
  show(make(false));
  show(make(false));
  EXPECT_EQ(n, 1);
  show(make(true));
  EXPECT_EQ(n, 2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><p class=\"on\">x</p></div>");
}

TEST_F(LazyTest, NestedLazyAndLazyRoot) {
  int outer = 0, inner = 0;
  auto make = [&](int v) {
    return h::lazy(v, [&outer, &inner](int x) {
      ++outer;
      return h::div({}, {h::lazy(x * 2, [&inner](int y) {
                            ++inner;
                            return h::span({}, {h::text(std::to_string(y))});
                          })});
    });
  };
  show(make(1));
  show(make(1));
  EXPECT_EQ(outer, 1);
  EXPECT_EQ(inner, 1);
  show(make(2));
  EXPECT_EQ(outer, 2);
  EXPECT_EQ(inner, 2);
  EXPECT_EQ(html(), "<div id=\"rally-root\"><div><span>4</span></div></div>");
}

TEST_F(LazyTest, HydrationBuildsTheExpansionAndAdoptsTheServerNodes) {
  // What the server sent for view({{1, "one"}, {2, "two"}}).
  FakeNode* li1 = dom.el("li", {{"class", "row"}}, {dom.txt("one")});
  FakeNode* li2 = dom.el("li", {{"class", "row"}}, {dom.txt("two")});
  FakeDom::append(root, dom.el("ul", {}, {li1, li2}));
  views.push_back(view({{1, "one"}, {2, "two"}}));
  tree.hydrate(views.back());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(dom.creates, 0);
  EXPECT_TRUE(dom.ops.empty());
  EXPECT_EQ(tree.root()->children.at(1).handle, dom.handle_of(li2));
  EXPECT_EQ(tree.find(dom.handle_of(li1))->events.at(0).event, "click");
  // The next render keeps both rows.
  show(view({{1, "one"}, {2, "two"}}));
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(dom.ops.empty());
}

TEST(LazySsr, RendersLikeItsExpansion) {
  Node plain = h::ul({}, {h::li({h::class_("row")}, {h::text("a & b")})});
  Node lazy = h::ul({}, {h::lazy(Row{1, "a & b"}, [](const Row& r) { return h::li({h::class_("row")}, {h::text(r.label)}); })});
  EXPECT_EQ(rally::render_html(lazy), rally::render_html(plain));
  // A text expansion next to text stays its own DOM text node (separated like adjacent text).
  Node texts = h::p({}, {h::text("a"), h::lazy(1, [](int) { return h::text("b"); })});
  EXPECT_EQ(rally::render_html(texts), "<p>a<!---->b<!----></p>");
}

TEST(LazyCheck, TheExpansionsHandlersAreCheckedWhenItIsBuilt) {
  // A Node-returning view function: check_messages cannot look inside before it runs.
  Node v = h::div({}, {h::lazy(1, [](int) { return Node(h::button({h::on_click(Other{})})); })});
  EXPECT_NO_THROW(rally::check_messages<Msg>(v));
  FakeDom dom;
  FakeNode* root = dom.el("div");
  rally::dom::Tree tree{dom, dom.handle_of(root)};
  EXPECT_THROW(tree.patch(v), std::logic_error);
  // The same on the server.
  EXPECT_THROW(rally::render_html(v), std::logic_error);
  // A typed sub-view (Element<Msg>) is checked against its own Msg even without check_messages.
  Node ok = h::lazy(Row{1, "x"}, row_view);
  EXPECT_NO_THROW(rally::render_html(ok));
}

}  // namespace
