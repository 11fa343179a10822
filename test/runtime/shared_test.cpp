#include "rally/shared.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "rally/element.hpp"
#include "rally/render_arena.hpp"

namespace {

using rally::make_shared_value;
using rally::Shared;
using rally::SharedFunction;

// Counts its live instances, so that a test sees when a box destroys its value.
struct Tracked {
  explicit Tracked(int* live, std::string name = "") : live(live), name(std::move(name)) { ++*live; }
  Tracked(const Tracked& o) : live(o.live), name(o.name) { ++*live; }
  ~Tracked() { --*live; }
  int* live;
  std::string name;
};

TEST(Shared, TheLastCopyDestroysTheValue) {
  int live = 0;
  {
    Shared<const Tracked> a = make_shared_value<const Tracked>(&live, "one");
    EXPECT_EQ(live, 1);
    Shared<const Tracked> b = a;
    Shared<const Tracked> c;
    c = b;
    EXPECT_EQ(b.get(), a.get());
    EXPECT_EQ(c->name, "one");
    a = nullptr;
    b = Shared<const Tracked>();
    EXPECT_EQ(live, 1);  // c still holds it
    EXPECT_EQ((*c).name, "one");
  }
  EXPECT_EQ(live, 0);
}

TEST(Shared, MovingLeavesTheSourceEmptyAndTheCountAlone) {
  int live = 0;
  Shared<Tracked> a = make_shared_value<Tracked>(&live);
  Shared<Tracked> b = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): what a move leaves is the point
  EXPECT_TRUE(a == nullptr);
  ASSERT_TRUE(b);
  b = std::move(b);  // NOLINT: self-move keeps the value
  ASSERT_TRUE(b);
  b->name = "mutable through a non-const Shared";
  EXPECT_EQ(b->name, "mutable through a non-const Shared");
  b = nullptr;
  EXPECT_EQ(live, 0);
}

TEST(Shared, ErasesToConstVoidAndToABaseAndStillDestroysTheWholeValue) {
  int live = 0;
  {
    Shared<const void> erased = make_shared_value<Tracked>(&live, "erased");
    EXPECT_EQ(static_cast<const Tracked*>(erased.get())->name, "erased");
    Shared<const void> copy = erased;
    EXPECT_EQ(copy.get(), erased.get());
  }
  EXPECT_EQ(live, 0);

  struct Base {
    int* live;
  };
  struct Derived : Base {
    explicit Derived(int* l) : Base{l} { ++*live; }
    ~Derived() { --*live; }
  };
  {
    Shared<const Base> base = make_shared_value<const Derived>(&live);
    EXPECT_EQ(live, 1);
  }
  EXPECT_EQ(live, 0);  // the box destroys a Derived, not a Base
}

TEST(SharedFunction, EmptyUntilGivenAFunction) {
  SharedFunction<int(int)> none;
  EXPECT_FALSE(none);
  SharedFunction<int(int)> null = nullptr;
  EXPECT_FALSE(null);
  int (*no_function)(int) = nullptr;
  SharedFunction<int(int)> from_null_pointer = no_function;
  EXPECT_FALSE(from_null_pointer);
  SharedFunction<int(int)> twice = [](int x) { return 2 * x; };
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice(21), 42);
}

TEST(SharedFunction, CopiesShareOneTargetThatTheLastCopyDestroys) {
  int live = 0;
  {
    Tracked captured(&live, "!");
    SharedFunction<std::string(const std::string&)> f = [captured](const std::string& s) { return s + captured.name; };
    EXPECT_EQ(live, 2);  // the local and the lambda's copy
    SharedFunction<std::string(const std::string&)> copy = f;
    EXPECT_EQ(live, 2);  // a copy shares the lambda: nothing is cloned
    f = nullptr;
    EXPECT_EQ(copy("hi"), "hi!");
  }
  EXPECT_EQ(live, 0);
}

TEST(SharedFunction, AVoidFunctionDropsTheTargetsResult) {
  int calls = 0;
  SharedFunction<void()> count = [&calls] { return ++calls; };
  count();
  count();
  EXPECT_EQ(calls, 2);
}

TEST(SharedFunction, AMovedFromFunctionIsEmpty) {
  std::string label(40, 'x');  // too large to be kept in place: the target is boxed
  SharedFunction<std::size_t()> boxed = [label] { return label.size(); };
  SharedFunction<std::size_t()> taken = std::move(boxed);
  EXPECT_FALSE(boxed);  // NOLINT(bugprone-use-after-move): what a move leaves is the point
  EXPECT_EQ(taken(), 40u);
  SharedFunction<int()> small = [] { return 1; };
  SharedFunction<int()> assigned;
  assigned = std::move(small);
  EXPECT_FALSE(small);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(assigned(), 1);
}

TEST(SharedFunction, MovesByValueArgumentsAndPassesReferences) {
  SharedFunction<int(std::unique_ptr<int>, std::string&)> take = [](std::unique_ptr<int> p, std::string& out) {
    out = "took " + std::to_string(*p);
    return *p;
  };
  std::string out;
  EXPECT_EQ(take(std::make_unique<int>(7), out), 7);
  EXPECT_EQ(out, "took 7");
}

// On the server a render's boxes are part of its tree: they come from the render arena like the
// tree's vectors. A handler whose target is small and trivially copyable (a message of plain
// fields, a pointer) needs no box at all.
TEST(Shared, BoxesMadeInARenderComeFromItsArenaAndSmallHandlersNeedNone) {
  using rally::detail::RenderArena;
  const long before = RenderArena::live_blocks();
  {
    RenderArena::Scope scope;
    Shared<const int> in_render = make_shared_value<const int>(42);
    EXPECT_EQ(RenderArena::live_blocks(), before + 1);
    rally::EventHandler small;
    struct Select {
      int id;
    };
    small.make = [msg = Select{7}](const rally::EventData&) { return rally::AnyMsg::of(msg); };
    EXPECT_EQ(RenderArena::live_blocks(), before + 1);
    rally::EventHandler large;
    large.make = [label = std::string(40, 'x')](const rally::EventData&) { return rally::AnyMsg::of(label); };
    EXPECT_EQ(RenderArena::live_blocks(), before + 2);
    rally::EventHandler copy = small;
    EXPECT_EQ(copy.make(rally::EventData{}).get<Select>()->id, 7);
    EXPECT_EQ(*large.make(rally::EventData{}).get<std::string>(), std::string(40, 'x'));
    EXPECT_EQ(*in_render, 42);
  }
  EXPECT_EQ(RenderArena::live_blocks(), before);
  Shared<const int> outside = make_shared_value<const int>(1);
  EXPECT_EQ(RenderArena::live_blocks(), before);  // outside a render: the heap
}

}  // namespace
