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

// --- error_text: the error as one line for the user. ---

struct CodedError {
  int code = 0;
  std::string to_string() const { return code ? "code " + std::to_string(code) : ""; }
};

TEST(Result, ErrorTextOfTheDefaultErrorList) {
  EXPECT_EQ(default_error().error_text(), "out of stock");
  rally::Result<int> several = rally::Result<int>::failure({"name is empty", "", "price\nis negative"});
  EXPECT_EQ(several.error_text(), "name is empty; price is negative");  // joined, blanks skipped, one line
}

TEST(Result, ErrorTextFallsBackWhenThereIsNoMessage) {
  rally::Result<int> none = rally::Result<int>::failure({});
  EXPECT_EQ(none.error_text(), "something went wrong");
  EXPECT_EQ(none.error_text("could not save"), "could not save");
  EXPECT_EQ(rally::Result<int>::failure({"", ""}).error_text(), "something went wrong");
  EXPECT_EQ((rally::Result<int, std::string>::failure("")).error_text("offline"), "offline");
}

TEST(Result, ErrorTextOfStringAndToStringErrors) {
  EXPECT_EQ(string_error().error_text(), "bad id");
  EXPECT_EQ((rally::Result<int, CodedError>(rally::err(CodedError{7}))).error_text(), "code 7");
  EXPECT_EQ((rally::Result<int, CodedError>(rally::err(CodedError{}))).error_text(), "something went wrong");
}

TEST(Result, ErrorTextOfAnOkResultIsEmpty) {
  EXPECT_EQ(rally::Result<int>(1).error_text(), "");
  EXPECT_EQ(rally::Result<int>(1).error_text("fallback"), "");
}

TEST(Result, ErrorTextOfTheFrameworksOwnFailures) {
  // What an RPC's on_failure builds (timeout, disconnected), for both common error types.
  using R = rally::Result<int>;
  EXPECT_EQ(R(rally::Err<std::vector<std::string>>{rally::framework_error<std::vector<std::string>>("timeout")}).error_text(),
            "timeout");
  using S = rally::Result<int, std::string>;
  EXPECT_EQ(S(rally::Err<std::string>{rally::framework_error<std::string>("disconnected")}).error_text(), "disconnected");
}

}  // namespace
