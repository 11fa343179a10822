// rally::routing: the helpers behind every generated parse_route/to_path, fed hostile paths.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <rally/routing.hpp>

namespace {

using rally::routing::below_root;
using rally::routing::encode_text;
using rally::routing::parse_int;
using rally::routing::parse_text;
using Segs = std::vector<std::string_view>;

TEST(Routing, BelowSlashRoot) {
  Segs segs{"stale"};
  ASSERT_TRUE(below_root("/", "/", segs));
  EXPECT_TRUE(segs.empty());
  ASSERT_TRUE(below_root("/products/12", "/", segs));
  EXPECT_EQ(segs, (Segs{"products", "12"}));
  EXPECT_FALSE(below_root("", "/", segs));
  EXPECT_FALSE(below_root("about", "/", segs));
}

TEST(Routing, BelowNamedRoot) {
  Segs segs;
  ASSERT_TRUE(below_root("/admin", "/admin", segs));
  EXPECT_TRUE(segs.empty());
  ASSERT_TRUE(below_root("/admin/users/2", "/admin", segs));
  EXPECT_EQ(segs, (Segs{"users", "2"}));
  // A longer first segment is not below the root.
  EXPECT_FALSE(below_root("/administrator", "/admin", segs));
  EXPECT_FALSE(below_root("/", "/admin", segs));
  EXPECT_FALSE(below_root("/adm", "/admin", segs));
}

TEST(Routing, EmptySegmentsAreKept) {
  Segs segs;
  ASSERT_TRUE(below_root("/about/", "/", segs));
  EXPECT_EQ(segs, (Segs{"about", ""}));
  ASSERT_TRUE(below_root("//", "/", segs));
  EXPECT_EQ(segs, (Segs{"", ""}));
  ASSERT_TRUE(below_root("/products//1", "/", segs));
  EXPECT_EQ(segs, (Segs{"products", "", "1"}));
  ASSERT_TRUE(below_root("/admin/", "/admin", segs));
  EXPECT_EQ(segs, (Segs{""}));
}

TEST(Routing, ParseIntAcceptsDecimalInRange) {
  std::int64_t v = 7;
  ASSERT_TRUE(parse_int("0", v));
  EXPECT_EQ(v, 0);
  ASSERT_TRUE(parse_int("12", v));
  EXPECT_EQ(v, 12);
  ASSERT_TRUE(parse_int("-3", v));
  EXPECT_EQ(v, -3);
  ASSERT_TRUE(parse_int("007", v));
  EXPECT_EQ(v, 7);
  ASSERT_TRUE(parse_int("9223372036854775807", v));
  EXPECT_EQ(v, std::numeric_limits<std::int64_t>::max());
  ASSERT_TRUE(parse_int("-9223372036854775808", v));
  EXPECT_EQ(v, std::numeric_limits<std::int64_t>::min());
}

TEST(Routing, ParseIntRejectsHostileInput) {
  std::int64_t v = 42;
  for (const char* s : {"", "-", "+", "+1", "--1", "1-", " 1", "1 ", "abc", "1x", "0x10", "1.0", "%31",
                        "9223372036854775808", "-9223372036854775809", "18446744073709551615",
                        "18446744073709551616", "99999999999999999999", "00000000000000000000001"}) {
    EXPECT_FALSE(parse_int(s, v)) << s;
  }
  EXPECT_EQ(v, 42);  // a failed parse leaves the output alone
}

TEST(Routing, ParseTextDecodes) {
  std::string out;
  ASSERT_TRUE(parse_text("plain", out));
  EXPECT_EQ(out, "plain");
  ASSERT_TRUE(parse_text("a%20b", out));
  EXPECT_EQ(out, "a b");
  ASSERT_TRUE(parse_text("%e2%82%AC", out));
  EXPECT_EQ(out, "\xE2\x82\xAC");
  // Split first, decode second: %2F is a slash inside the param, not a separator.
  ASSERT_TRUE(parse_text("a%2Fb", out));
  EXPECT_EQ(out, "a/b");
  // Paths are not form-encoded: '+' is a plus.
  ASSERT_TRUE(parse_text("a+b", out));
  EXPECT_EQ(out, "a+b");
  ASSERT_TRUE(parse_text("%00", out));
  EXPECT_EQ(out, std::string(1, '\0'));
}

TEST(Routing, ParseTextRejectsEmptyAndMalformedEscapes) {
  std::string out = "stale";
  EXPECT_FALSE(parse_text("", out));
  EXPECT_TRUE(out.empty());
  for (const char* s : {"%", "%4", "%zz", "%g0", "%0g", "bad%zz", "100%", "a%2", "%%41"}) {
    EXPECT_FALSE(parse_text(s, out)) << s;
  }
}

TEST(Routing, EncodeTextKeepsOnlyUnreserved) {
  EXPECT_EQ(encode_text("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(encode_text("a b/c?d#e%f+g"), "a%20b%2Fc%3Fd%23e%25f%2Bg");
  EXPECT_EQ(encode_text("\xE2\x82\xAC"), "%E2%82%AC");
  EXPECT_EQ(encode_text(std::string(1, '\0')), "%00");
  EXPECT_EQ(encode_text(""), "");
}

TEST(Routing, EncodeThenParseRoundTrips) {
  std::string all;  // every ASCII byte, and text beyond (params are UTF-8 text)
  for (int c = 0; c < 128; ++c) all += static_cast<char>(c);
  all += "caf\xC3\xA9 \xF0\x9F\x98\x80";
  for (const std::string& s : {std::string("x"), std::string("a/b"), std::string("%zz"), all}) {
    std::string out;
    ASSERT_TRUE(parse_text(encode_text(s), out)) << s;
    EXPECT_EQ(out, s);
    EXPECT_EQ(encode_text(s).find('/'), std::string::npos);
  }
}

}  // namespace

namespace rally::routing {
namespace {

// The one decoder behind route params, queries (form) and static file names (strict).
TEST(PercentDecode, StrictDecodesAndRejectsBadEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2F"), "a b/");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("%e2%82%AC"), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("%00"), std::string(1, '\0'));
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("%g0"));
  EXPECT_FALSE(percent_decode("ok%zz"));
}

TEST(PercentDecode, FormTurnsPlusIntoSpaceAndKeepsBadEscapes) {
  EXPECT_EQ(percent_decode("a+b%21", Decoding::form), "a b!");
  EXPECT_EQ(percent_decode("100%", Decoding::form), "100%");
  EXPECT_EQ(percent_decode("%zz%4", Decoding::form), "%zz%4");
  EXPECT_EQ(percent_decode("%2B", Decoding::form), "+");
}

}  // namespace
}  // namespace rally::routing
