// rally::parse_query: what a page's init()/load() receive as `const rally::Query&`.
#include <gtest/gtest.h>

#include <rally/load.hpp>

namespace {

TEST(Query, Empty) {
  EXPECT_TRUE(rally::parse_query("").empty());
  EXPECT_TRUE(rally::parse_query("?").empty());
  EXPECT_TRUE(rally::parse_query("&&").empty());
}

TEST(Query, PairsAndDecoding) {
  auto q = rally::parse_query("name=Ada%20Lovelace&tab=x+y&empty=&flag");
  EXPECT_EQ(q.size(), 4u);
  EXPECT_EQ(q["name"], "Ada Lovelace");
  EXPECT_EQ(q["tab"], "x y");
  EXPECT_EQ(q["empty"], "");
  EXPECT_EQ(q["flag"], "");
}

TEST(Query, LeadingQuestionMarkAndEncodedKeys) {
  auto q = rally::parse_query("?a%26b=1%3D2");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q["a&b"], "1=2");
}

TEST(Query, RepeatedKeyKeepsTheLastValue) {
  auto q = rally::parse_query("a=1&a=2&a=3");
  EXPECT_EQ(q["a"], "3");
}

TEST(Query, MalformedEscapesAreKeptLiterally) {
  auto q = rally::parse_query("a=%zz&b=%4&c=100%&d=%41");
  EXPECT_EQ(q["a"], "%zz");
  EXPECT_EQ(q["b"], "%4");
  EXPECT_EQ(q["c"], "100%");
  EXPECT_EQ(q["d"], "A");
}

TEST(Query, ValueMayContainEquals) {
  auto q = rally::parse_query("expr=a=b");
  EXPECT_EQ(q["expr"], "a=b");
}

TEST(Query, NulAndIllFormedBytesBecomeTheReplacementCharacter) {
  auto q = rally::parse_query("x=%00%ff%C3%A9");
  EXPECT_EQ(q["x"], "\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9");
}

}  // namespace
