// UTF-8 where text enters (wire strings, route params, queries) and where it leaves (HTML).
#include <gtest/gtest.h>

#include "rally/codec.hpp"
#include "rally/html.hpp"
#include "rally/load.hpp"
#include "rally/render.hpp"
#include "rally/routing.hpp"
#include "rally/utf8.hpp"

namespace rally {
namespace {

const std::string replacement = "\xEF\xBF\xBD";

TEST(Utf8, WellFormedAndIllFormedSequences) {
  const std::vector<std::string> good = {"", "plain", "caf\xC3\xA9", "\xE2\x9C\x93", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
                                         std::string("a\0b", 3)};
  for (const auto& ok : good) EXPECT_TRUE(utf8::valid(ok)) << ok;
  const std::vector<std::string> ill = {"\xFF", "\xC0\xAF" /* overlong '/' */, "\xE0\x80\xAF", "\xED\xA0\x80" /* surrogate */,
                                        "\xF4\x90\x80\x80" /* > U+10FFFF */, "\xC3", "\xE2\x9C", "\x80", "ok\xF0\x9F\x98"};
  for (const auto& bad : ill) EXPECT_FALSE(utf8::valid(bad)) << testing::PrintToString(bad);
}

TEST(Utf8, SanitizeReplacesEachBadByteAndNul) {
  EXPECT_EQ(utf8::sanitize("a\xFF" "b"), "a" + replacement + "b");
  EXPECT_EQ(utf8::sanitize(std::string("a\0b", 3)), "a" + replacement + "b");
  EXPECT_EQ(utf8::sanitize("\xC0\xAF"), replacement + replacement);
  EXPECT_EQ(utf8::sanitize("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(Utf8, AWireStringMustBeUtf8) {
  std::string ok;
  EXPECT_TRUE(codec::from_bytes(codec::to_bytes(std::string("caf\xC3\xA9")), ok));
  std::string out, error;
  EXPECT_FALSE(codec::from_bytes(codec::to_bytes(std::string("bad\xFF")), out, &error));
  EXPECT_NE(error.find("not valid UTF-8"), std::string::npos) << error;
}

TEST(Utf8, RouteParamsAreTextAndQueriesAreRepaired) {
  std::string param;
  EXPECT_FALSE(routing::parse_text("x%FFy", param));
  EXPECT_TRUE(routing::parse_text("caf%C3%A9", param));
  EXPECT_EQ(param, "caf\xC3\xA9");
  Query q = parse_query("q=%FF%00x&%C0=1");
  EXPECT_EQ(q["q"], replacement + replacement + "x");
  EXPECT_EQ(q[replacement], "1");
}

TEST(Utf8, NoRawNulOrBadByteReachesTheHtml) {
  using namespace rally::html;
  const std::string html = render_html(p({attr("title", std::string("t\0\xFF", 3))}, {text(std::string("a\0<\xFE", 4))}));
  EXPECT_EQ(html, "<p title=\"t" + replacement + replacement + "\">a" + replacement + "&lt;" + replacement + "</p>");
}

}  // namespace
}  // namespace rally
