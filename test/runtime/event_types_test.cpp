// Tree::event_types(): the event types the runtime registers with the browser after each patch.
// Every type a mounted node handles must be there (lazy expansions and nodes a later patch adds
// included), and a patch that reaches no node with new or changed handlers must not look at any.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "fake_dom.hpp"
#include "rally/dom.hpp"
#include "rally/html.hpp"

namespace {

using rally::Node;
using rally::test::FakeDom;
using rally::test::FakeNode;
namespace h = rally::html;

struct Hit {
  int id;
};
using Msg = std::variant<Hit>;

struct RowDeps {
  int id;
  std::string event;  // the row's one handler ("" for none)
  bool operator==(const RowDeps&) const = default;
};

rally::Element<Msg> row_view(const RowDeps& r) {
  std::vector<h::Attr> attrs = {h::class_("row")};
  if (!r.event.empty()) attrs.push_back(h::on(r.event, Hit{r.id}));
  return h::li(std::move(attrs), {h::text(std::to_string(r.id))});
}

Node lazy_rows(const std::vector<RowDeps>& rows) {
  std::vector<Node> items;
  for (const RowDeps& r : rows) items.push_back(h::lazy(h::Key{std::to_string(r.id)}, r, row_view));
  return h::ul({}, std::move(items));
}

// The same rows without lazy: every patch diffs every row.
Node plain_rows(const std::vector<RowDeps>& rows) {
  std::vector<Node> items;
  for (const RowDeps& r : rows) {
    Node li = row_view(r);
    li.key = h::Key(std::to_string(r.id)).value;  // through a Key, as views do: it links the keyed diff
    items.push_back(std::move(li));
  }
  return h::ul({}, std::move(items));
}

// What the runtime used to register after every patch: a walk of the whole mounted tree.
void walk(const rally::dom::Mounted& m, std::set<std::string>& out) {
  for (const auto& handler : m.node->events) out.insert(handler.event);
  for (const auto& c : m.children) walk(c, out);
}

class EventTypesTest : public ::testing::Test {
 protected:
  FakeDom dom;
  FakeNode* root = dom.el("div", {{"id", "rally-root"}});
  rally::dom::Tree tree{dom, dom.handle_of(root)};
  std::deque<Node> views;  // every vdom patched in stays alive, at a stable address

  void show(Node v) {
    views.push_back(std::move(v));
    tree.patch(views.back());
  }
  bool has(const std::string& type) {
    const auto& t = tree.event_types();
    return std::find(t.begin(), t.end(), type) != t.end();
  }
  // Every type a mounted node handles is in event_types(), each once.
  void expect_covers_the_tree() {
    std::set<std::string> mounted;
    if (tree.root()) walk(*tree.root(), mounted);
    for (const auto& type : mounted) EXPECT_TRUE(has(type)) << type << " is handled but not in event_types()";
    std::set<std::string> unique(tree.event_types().begin(), tree.event_types().end());
    EXPECT_EQ(unique.size(), tree.event_types().size()) << "a type noted twice";
  }
};

TEST_F(EventTypesTest, HydrationNotesTheTypesOfLazyExpansions) {
  FakeDom::append(root, dom.el("ul", {}, {dom.el("li", {{"class", "row"}}, {dom.txt("1")})}));
  views.push_back(lazy_rows({{1, "pointerdown"}}));
  tree.hydrate(views.back());
  EXPECT_EQ(dom.creates, 0) << "adopted, not built";
  EXPECT_EQ(tree.event_types(), std::vector<std::string>{"pointerdown"});
}

TEST_F(EventTypesTest, AHandlerFirstSeenInALazySubtreeOnALaterPatch) {
  show(lazy_rows({{1, ""}, {2, "click"}}));
  EXPECT_EQ(tree.event_types(), std::vector<std::string>{"click"});
  // Row 1's deps change: its view function runs again and its <li> is patched, not rebuilt.
  dom.clear_ops();
  show(lazy_rows({{1, "mouseover"}, {2, "click"}}));
  EXPECT_EQ(dom.creates, 0);
  EXPECT_EQ(tree.event_types(), (std::vector<std::string>{"click", "mouseover"}));
  expect_covers_the_tree();
}

TEST_F(EventTypesTest, AKeyedChildInsertedLater) {
  show(plain_rows({{1, "click"}, {3, "click"}}));
  show(plain_rows({{1, "click"}, {2, "dragstart"}, {3, "click"}}));
  EXPECT_TRUE(has("dragstart"));
  // The same inside a lazy row inserted into a lazy list.
  show(lazy_rows({{1, "click"}, {2, "dragstart"}, {3, "click"}}));
  show(lazy_rows({{1, "click"}, {4, "wheel"}, {2, "dragstart"}, {3, "click"}}));
  EXPECT_EQ(tree.event_types(), (std::vector<std::string>{"click", "dragstart", "wheel"}));
  expect_covers_the_tree();
}

TEST_F(EventTypesTest, AHandlerAddedToAKeptElement) {
  show(h::div({}, {h::button({h::on_click(Hit{1})})}));
  FakeNode* button = root->children.at(0)->children.at(0);
  show(h::div({}, {h::button({h::on_click(Hit{1}), h::on("focusin", Hit{1})})}));
  EXPECT_EQ(root->children.at(0)->children.at(0), button) << "patched in place";
  EXPECT_EQ(tree.event_types(), (std::vector<std::string>{"click", "focusin"}));
  // A node of another kind replaces it: built, so noted.
  show(h::div({}, {h::input({h::on("blur", Hit{1})})}));
  EXPECT_TRUE(has("blur"));
  expect_covers_the_tree();
}

TEST_F(EventTypesTest, APatchThatChangesNoHandlerLooksAtNone) {
  std::vector<RowDeps> rows;
  for (int i = 1; i <= 1000; ++i) rows.push_back({i, "click"});
  show(lazy_rows(rows));
  EXPECT_EQ(tree.stats().handler_scans, 1000u) << "one per row built";
  show(lazy_rows(rows));  // equal deps: nothing is reached
  EXPECT_EQ(tree.stats().handler_scans, 1000u);
  rows[500].event = "dblclick";  // one row's handler changes: one look
  show(lazy_rows(rows));
  EXPECT_EQ(tree.stats().handler_scans, 1001u);
  // Without lazy every row is diffed, but handlers of unchanged types are not looked up again.
  show(plain_rows(rows));
  std::size_t before = tree.stats().handler_scans;
  show(plain_rows(rows));
  EXPECT_EQ(tree.stats().handler_scans, before);
  EXPECT_EQ(tree.event_types(), (std::vector<std::string>{"click", "dblclick"}));
}

// Random lists of lazy, plain, keyed and unkeyed rows with random handlers: after every patch the
// list covers what a walk of the whole mounted tree finds, as the runtime's walk did.
TEST_F(EventTypesTest, CoversWhatAWalkOfTheMountedTreeFinds) {
  const std::vector<std::string> events = {"", "click", "input", "keyup", "pointerover", "contextmenu", "copy"};
  std::mt19937 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int round = 0; round < 300; ++round) {
    std::vector<Node> items;
    int n = pick(12);
    for (int i = 0; i < n; ++i) {
      RowDeps deps{pick(15), events[static_cast<std::size_t>(pick(static_cast<int>(events.size())))]};
      bool keyed = pick(3) != 0;
      if (pick(2)) {
        items.push_back(keyed ? h::lazy(h::Key{std::to_string(deps.id)}, deps, row_view) : h::lazy(deps, row_view));
      } else {
        Node li = row_view(deps);
        if (keyed) li.key = h::Key(std::to_string(deps.id)).value;
        items.push_back(std::move(li));
      }
    }
    // Keys must be unique among siblings: keep the first of each.
    std::set<std::string> seen;
    std::vector<Node> unique;
    for (auto& item : items)
      if (item.key.empty() || seen.insert(item.key).second) unique.push_back(std::move(item));
    show(pick(5) ? h::ul({}, std::move(unique)) : h::ol({h::on("scroll", Hit{0})}, std::move(unique)));
    expect_covers_the_tree();
    if (HasFailure()) FAIL() << "after round " << round;
  }
}

}  // namespace
