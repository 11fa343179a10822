// Keyed children: the DOM operations of the js-framework-benchmark's list updates, counted on the
// in-memory Dom. A row is one keyed <li> with no children, so every op counted is a list op.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fake_dom.hpp"
#include "rally/dom.hpp"
#include "rally/html.hpp"

namespace {

using rally::Node;
using rally::dom::Handle;
using rally::test::count_ops;
using rally::test::FakeDom;
using rally::test::FakeNode;
namespace h = rally::html;

class KeyedTest : public ::testing::Test {
 protected:
  FakeDom dom;
  FakeNode* root = dom.el("div", {{"id", "rally-root"}});
  rally::dom::Tree tree{dom, dom.handle_of(root)};
  std::deque<Node> views;  // every vdom patched in stays alive, at a stable address

  static Node list(const std::vector<int>& ids) {
    std::vector<Node> rows;
    for (int id : ids) rows.push_back(h::li({h::key(std::to_string(id)), h::attr("data-id", std::to_string(id))}));
    return h::ul({}, std::move(rows));
  }
  static std::vector<int> range(int from, int to) {
    std::vector<int> ids;
    for (int i = from; i <= to; ++i) ids.push_back(i);
    return ids;
  }
  void show(const std::vector<int>& ids) {
    views.push_back(list(ids));
    tree.patch(views.back());
  }
  // The ids as the DOM has them, in order.
  std::vector<int> dom_ids() {
    std::vector<int> ids;
    for (FakeNode* li : root->children.at(0)->children) ids.push_back(std::stoi(li->attrs.at(0).second));
    return ids;
  }
  std::map<int, Handle> handles() {
    std::map<int, Handle> by_id;
    for (const auto& m : tree.root()->children) by_id[std::stoi(m.node->key)] = m.handle;
    return by_id;
  }
  void expect_kept(const std::map<int, Handle>& before) {
    for (const auto& m : tree.root()->children) {
      auto it = before.find(std::stoi(m.node->key));
      if (it != before.end()) {
        EXPECT_EQ(m.handle, it->second) << "row " << m.node->key << " was recreated";
      }
    }
  }
};

TEST_F(KeyedTest, SwapRows2And999Moves2Nodes) {
  show(range(1, 1000));
  auto before = handles();
  dom.clear_ops();
  std::vector<int> ids = range(1, 1000);
  std::swap(ids[1], ids[998]);
  show(ids);
  EXPECT_EQ(dom_ids(), ids);
  EXPECT_EQ(count_ops(dom, "insert"), 2);
  EXPECT_EQ(dom.ops.size(), 2u) << "no other op";
  expect_kept(before);
}

TEST_F(KeyedTest, RemoveOneRowIsOneRemovalAndNoMove) {
  show(range(1, 1000));
  auto before = handles();
  dom.clear_ops();
  std::vector<int> ids = range(1, 1000);
  ids.erase(ids.begin() + 499);
  show(ids);
  EXPECT_EQ(dom_ids(), ids);
  EXPECT_EQ(dom.ops, std::vector<std::string>{"remove"});
  expect_kept(before);
}

TEST_F(KeyedTest, AppendOnlyInserts) {
  show(range(1, 1000));
  auto before = handles();
  dom.clear_ops();
  show(range(1, 2000));
  EXPECT_EQ(dom_ids(), range(1, 2000));
  EXPECT_EQ(dom.creates, 1000);
  EXPECT_EQ(count_ops(dom, "insert"), 1000);
  EXPECT_EQ(count_ops(dom, "remove"), 0);
  expect_kept(before);
}

TEST_F(KeyedTest, PrependAndInsertInTheMiddleMoveNothing) {
  show(range(1, 100));
  auto before = handles();
  dom.clear_ops();
  std::vector<int> ids = range(1, 100);
  ids.insert(ids.begin() + 50, 1000);
  ids.insert(ids.begin(), 1001);
  show(ids);
  EXPECT_EQ(dom_ids(), ids);
  EXPECT_EQ(dom.creates, 2);
  EXPECT_EQ(count_ops(dom, "insert"), 2);
  expect_kept(before);
}

TEST_F(KeyedTest, ClearIsOneDomCall) {
  show(range(1, 1000));
  dom.clear_ops();
  show({});
  EXPECT_TRUE(root->children.at(0)->children.empty());
  EXPECT_EQ(dom.ops, std::vector<std::string>{"remove-children"});
  EXPECT_TRUE(tree.root()->children.empty());
}

TEST_F(KeyedTest, ReplacingEveryRowEmptiesTheListInOneCall) {
  show(range(1, 1000));
  dom.clear_ops();
  show(range(1001, 2000));
  EXPECT_EQ(dom_ids(), range(1001, 2000));
  EXPECT_EQ(count_ops(dom, "remove-children"), 1);
  EXPECT_EQ(count_ops(dom, "remove"), 0);
  EXPECT_EQ(count_ops(dom, "insert"), 1000);
}

TEST_F(KeyedTest, UnkeyedListsClearInOneCallToo) {
  views.push_back(h::ul({}, {h::li({}, {h::text("a")}), h::li({}, {h::text("b")})}));
  tree.patch(views.back());
  dom.clear_ops();
  views.push_back(h::ul({}, {}));
  tree.patch(views.back());
  EXPECT_EQ(dom.ops, std::vector<std::string>{"remove-children"});
}

// Any reordering (with removals and additions) ends in the right order, keeps every surviving
// row's node, and moves exactly the rows off a longest increasing run of their old positions.
TEST_F(KeyedTest, RandomReordersMoveOnlyRowsOffTheLongestIncreasingRun) {
  std::mt19937 rng(7);
  std::vector<int> ids = range(1, 60);
  show(ids);
  int next_id = 1000;
  for (int round = 0; round < 200; ++round) {
    std::vector<int> next = ids;
    std::shuffle(next.begin() + static_cast<long>(rng() % 10), next.end() - static_cast<long>(rng() % 10), rng);
    if (rng() % 2 && !next.empty()) next.erase(next.begin() + static_cast<long>(rng() % next.size()));
    if (rng() % 2) next.insert(next.begin() + static_cast<long>(rng() % (next.size() + 1)), next_id++);
    // The expected number of moves: survivors not on a longest increasing subsequence.
    std::map<int, int> old_pos;
    for (std::size_t i = 0; i < ids.size(); ++i) old_pos[ids[i]] = static_cast<int>(i);
    std::vector<int> tails;
    int survivors = 0, added = 0;
    for (int id : next) {
      auto it = old_pos.find(id);
      if (it == old_pos.end()) {
        ++added;
        continue;
      }
      ++survivors;
      auto t = std::lower_bound(tails.begin(), tails.end(), it->second);
      if (t == tails.end()) tails.push_back(it->second);
      else *t = it->second;
    }
    auto before = handles();
    dom.clear_ops();
    show(next);
    ASSERT_EQ(dom_ids(), next) << "round " << round;
    EXPECT_EQ(count_ops(dom, "insert"), survivors - static_cast<long>(tails.size()) + added) << "round " << round;
    EXPECT_EQ(dom.creates, added);
    expect_kept(before);
    ids = next;
  }
}

// Keys are optional and may repeat: unkeyed old children pair with unkeyed new ones in order, and
// a repeated key counts for its first child only (the others pair like unkeyed ones).
TEST_F(KeyedTest, MixedAndRepeatedKeysPatchToTheNewListKeepingKeyedRows) {
  auto row = [](const char* key, const char* id) {
    std::vector<rally::html::Attr> attrs;
    if (*key != '\0') attrs.push_back(h::key(key));
    attrs.push_back(h::attr("data-id", id));
    return h::li(std::move(attrs));
  };
  auto ids_in_dom = [&] {
    std::vector<std::string> ids;
    for (FakeNode* li : root->children.at(0)->children) ids.push_back(li->attrs.back().second);
    return ids;
  };
  views.push_back(h::ul({}, {row("a", "1"), row("", "2"), row("b", "3"), row("b", "4"), row("", "5"), row("c", "6")}));
  tree.patch(views.back());
  std::map<std::string, Handle> keyed;
  for (const auto& m : tree.root()->children)
    if (!m.node->key.empty() && !keyed.count(m.node->key)) keyed[m.node->key] = m.handle;

  views.push_back(h::ul({}, {row("c", "16"), row("", "12"), row("b", "13"), row("a", "11"), row("", "15"), row("d", "17")}));
  tree.patch(views.back());
  EXPECT_EQ(ids_in_dom(), (std::vector<std::string>{"16", "12", "13", "11", "15", "17"}));
  const auto& now = tree.root()->children;
  ASSERT_EQ(now.size(), 6u);
  EXPECT_EQ(now[0].handle, keyed["c"]);
  EXPECT_EQ(now[2].handle, keyed["b"]) << "the first child keyed b is the one kept";
  EXPECT_EQ(now[3].handle, keyed["a"]);
}

}  // namespace
