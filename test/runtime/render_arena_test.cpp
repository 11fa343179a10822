// The render arena: a Node tree built inside a RenderArena::Scope takes its vectors from the
// thread's arena, not the heap, and any Node that outlives its scope stays valid.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <rally/html.hpp>
#include <rally/render.hpp>

#if defined(__SANITIZE_ADDRESS__)
#define RALLY_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define RALLY_TEST_SANITIZED 1
#endif
#endif

// Counts this thread's calls to the global operator new. Its memory comes from malloc, as the
// default operator new's does, so the default operator delete frees it. Sanitizers bring their own.
#if !defined(RALLY_TEST_SANITIZED)
namespace {
thread_local long heap_allocations = 0;
}
void* operator new(std::size_t n) {
  ++heap_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
#endif

namespace {

using namespace rally::html;
using rally::detail::RenderArena;

struct Select {
  int id = 0;
};
using Msg = std::variant<Select>;

// 1,000 keyed rows with a handler each; short texts, so that no std::string needs the heap.
rally::Node rows_table() {
  std::vector<rally::Node> rows;
  rows.reserve(1000);
  for (int i = 0; i < 1000; ++i)
    rows.push_back(tr({key(std::to_string(i)), class_(i % 2 ? "odd" : "even")},
                      {td({}, {text(std::to_string(i))}), td({}, {button({on_click(Select{i})}, {text("pick")})})}));
  return table({}, {tbody({}, std::move(rows))});
}

std::string render_in_scope() {
  RenderArena::Scope arena;
  return rally::render_html(rows_table());
}

#if !defined(RALLY_TEST_SANITIZED)
TEST(RenderArena, ATreeBuiltInAScopeTakesNothingFromTheHeapPerNode) {
  const long outside_before = heap_allocations;
  std::string html = rally::render_html(rows_table());
  const long outside = heap_allocations - outside_before;
  EXPECT_GT(outside, 5000) << "the counter sees the heap: every element's vectors come from it outside a scope";

  (void)render_in_scope();  // the thread's first scope makes its arena
  const long inside_before = heap_allocations;
  {
    RenderArena::Scope arena;
    const rally::Node tree = rows_table();
    html.clear();
    rally::render_html(tree, html);
  }
  // The one heap block is the 1,000-row vector itself: a list larger than an arena block takes one.
  EXPECT_LE(heap_allocations - inside_before, 1);
}
#endif

TEST(RenderArena, HtmlIsTheSameInsideAndOutsideAScope) {
  const std::string outside = rally::render_html(rows_table());
  EXPECT_EQ(render_in_scope(), outside);
  EXPECT_EQ(render_in_scope(), outside);  // from a rewound arena
}

TEST(RenderArena, BlocksAreCountedWhileTheScopeIsOpenAndNoneAfter) {
  {
    RenderArena::Scope arena;
    const rally::Node n = ul({}, {li({}, {text("a")}), li({}, {text("b")})});
    EXPECT_GE(RenderArena::live_blocks(), 3);  // ul's children, each li's children
  }
  EXPECT_EQ(RenderArena::live_blocks(), 0);
}

TEST(RenderArena, NestedScopesRewindOnlyAtTheOutermost) {
  RenderArena::Scope outer;
  rally::Node kept = p({}, {text("kept")});
  {
    RenderArena::Scope inner;
    const std::string other = render_in_scope();
    EXPECT_FALSE(other.empty());
  }
  EXPECT_EQ(rally::render_html(kept), "<p>kept</p>");
}

TEST(RenderArena, ANodeThatOutlivesItsScopeStaysValid) {
  rally::Node kept;
  {
    RenderArena::Scope arena;
    kept = div({class_("kept")}, {p({}, {text("still here")}), p({}, {text("and here")})});
  }
  // Later renders on this thread must not reuse its memory.
  for (int i = 0; i < 3; ++i) (void)render_in_scope();
  EXPECT_EQ(rally::render_html(kept), "<div class=\"kept\"><p>still here</p><p>and here</p></div>");
  kept = rally::Node();  // frees the last block of the arena it was built in
  EXPECT_EQ(RenderArena::live_blocks(), 0);
}

TEST(RenderArena, ANodeBuiltInAScopeCanBeFreedOnAnotherThread) {
  rally::Node moved;
  std::string html;
  {
    RenderArena::Scope arena;
    moved = rows_table();
    html = rally::render_html(moved);
    std::thread([n = std::move(moved), &html]() mutable {
      EXPECT_EQ(rally::render_html(n), html);
      n = rally::Node();
    }).join();
  }
  EXPECT_EQ(RenderArena::live_blocks(), 0);
  EXPECT_EQ(render_in_scope(), html);
}

TEST(RenderArena, ANodeBuiltOutsideAScopeCanBeFreedInsideOneAndTheOtherWayRound) {
  auto outside = std::make_unique<rally::Node>(ul({}, {li({}, {text("heap")})}));
  std::unique_ptr<rally::Node> inside;
  {
    RenderArena::Scope arena;
    outside.reset();
    inside = std::make_unique<rally::Node>(ul({}, {li({}, {text("arena")})}));
  }
  EXPECT_EQ(rally::render_html(*inside), "<ul><li>arena</li></ul>");
  inside.reset();
  EXPECT_EQ(RenderArena::live_blocks(), 0);
}

}  // namespace
