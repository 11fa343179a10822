#include "rally/client/callback.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <type_traits>

namespace {

using rally::client::Callback;

TEST(Callback, EmptyUntilGivenAFunction) {
  Callback<int(int)> none;
  EXPECT_FALSE(none);
  Callback<int(int)> null = nullptr;
  EXPECT_FALSE(null);
  int (*no_function)(int) = nullptr;
  Callback<int(int)> from_null_pointer = no_function;
  EXPECT_FALSE(from_null_pointer);
  Callback<int(int)> twice = [](int x) { return 2 * x; };
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice(21), 42);
}

TEST(Callback, KeepsWhatTheLambdaCapturedAcrossCopies) {
  int base = 40;
  std::string suffix = "!";
  Callback<std::string(int)> f = [&base, &suffix](int x) { return std::to_string(base + x) + suffix; };
  Callback<std::string(int)> copy = f;
  base = 1;
  EXPECT_EQ(copy(2), "3!");
  EXPECT_EQ(f(2), "3!");
  f = [](int) { return std::string("replaced"); };
  EXPECT_EQ(f(0), "replaced");
  EXPECT_EQ(copy(0), "1!");
}

TEST(Callback, MovesByValueArgumentsAndPassesReferences) {
  Callback<int(std::unique_ptr<int>, std::string&)> take = [](std::unique_ptr<int> p, std::string& out) {
    out = "took " + std::to_string(*p);
    return *p;
  };
  std::string out;
  EXPECT_EQ(take(std::make_unique<int>(7), out), 7);
  EXPECT_EQ(out, "took 7");
}

TEST(Callback, IsAsSmallAsTwoPointersAndACallAndCopiesTrivially) {
  EXPECT_EQ(sizeof(Callback<void()>), 3 * sizeof(void*));
  EXPECT_TRUE(std::is_trivially_copyable_v<Callback<void()>>);
}

}  // namespace
