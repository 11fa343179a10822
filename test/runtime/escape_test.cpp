#include <gtest/gtest.h>

#include <rally/render.hpp>

namespace {

TEST(Escape, TextEscapesAmpersandAndAngleBrackets) {
  EXPECT_EQ(rally::escape_text("a & b < c > d"), "a &amp; b &lt; c &gt; d");
  EXPECT_EQ(rally::escape_text("<script>&amp;</script>"), "&lt;script&gt;&amp;amp;&lt;/script&gt;");
}

TEST(Escape, TextLeavesQuotesAlone) {
  EXPECT_EQ(rally::escape_text("\"it's\""), "\"it's\"");
}

TEST(Escape, AttributeEscapesQuotesToo) {
  EXPECT_EQ(rally::escape_attribute("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
  EXPECT_EQ(rally::escape_attribute("x\" onclick=\"evil()"), "x&quot; onclick=&quot;evil()");
}

TEST(Escape, Utf8PassesThroughUnchanged) {
  const std::string s = "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC";
  EXPECT_EQ(rally::escape_text(s), s);
  EXPECT_EQ(rally::escape_attribute(s), s);
}

TEST(Escape, EmptyStaysEmpty) {
  EXPECT_EQ(rally::escape_text(""), "");
  EXPECT_EQ(rally::escape_attribute(""), "");
}

TEST(Escape, EmbeddedNulBecomesTheReplacementCharacter) {
  const std::string s("a\0<b", 4);
  EXPECT_EQ(rally::escape_text(s), "a\xEF\xBF\xBD&lt;b");
}

}  // namespace
