// rally::Result and rally::err: how handlers spell success and failure for any error type.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rally/result.hpp"

namespace {

struct FieldError {
  std::string field;
  std::string message;
};

rally::Result<int> default_error() { return rally::err("out of stock"); }
rally::Result<int, std::string> string_error() { return rally::err("bad id"); }
rally::Result<int, FieldError> custom_error() { return rally::err(FieldError{"title", "empty"}); }
rally::Result<std::string, std::string> same_types_error() {
  std::string why = "same types";
  return rally::err(why);
}

TEST(Result, ValueConvertsToOk) {
  rally::Result<int> r = 7;
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 7);
}

TEST(Result, MessageBecomesTheDefaultErrorList) {
  auto r = default_error();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), std::vector<std::string>{"out of stock"});
}

TEST(Result, MessageBecomesAStringError) {
  auto r = string_error();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "bad id");
}

TEST(Result, CustomErrorTypePassesThrough) {
  auto r = custom_error();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "title");
}

TEST(Result, ErrorIsAnErrEvenWhenValueAndErrorTypesMatch) {
  auto r = same_types_error();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "same types");
  EXPECT_THROW(r.value(), std::logic_error);
}

}  // namespace
