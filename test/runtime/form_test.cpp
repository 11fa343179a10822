// Form bodies: parsing (escapes, limits, UTF-8) and decoding into a struct by field names.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "rally/form.hpp"
#include "rally/html.hpp"
#include "rally/render.hpp"

namespace {

using rally::form::Values;

struct Signup {
  std::string email;
  std::int32_t age = 0;
  double height = 0;
  bool terms = false;
  std::optional<std::int64_t> referrer;
  std::optional<std::string> nickname;
  std::vector<std::string> tags;
  std::vector<std::uint16_t> ports;
};

const std::vector<rally::form::Field> signup_fields = {
    rally::form::field<&Signup::email>("email"),       rally::form::field<&Signup::age>("age"),
    rally::form::field<&Signup::height>("height"),     rally::form::field<&Signup::terms>("terms"),
    rally::form::field<&Signup::referrer>("referrer"), rally::form::field<&Signup::nickname>("nickname"),
    rally::form::field<&Signup::tags>("tags"),         rally::form::field<&Signup::ports>("ports"),
};

Values parsed(std::string_view body) {
  Values v;
  std::string error;
  EXPECT_TRUE(rally::form::parse(body, v, error)) << body << ": " << error;
  return v;
}

std::string parse_error(std::string_view body) {
  Values v;
  std::string error;
  EXPECT_FALSE(rally::form::parse(body, v, error)) << body;
  return error;
}

std::string decode_error(std::string_view body) {
  Signup s;
  std::string error;
  EXPECT_FALSE(rally::form::decode(parsed(body), signup_fields, s, error)) << body;
  return error;
}

TEST(FormParse, DecodesPlusAndEscapesInOrder) {
  Values v = parsed("a=1&b=x+y%2Bz&c=%C3%A9&&d&=e&a=2");
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(v[1].second, "x y+z");
  EXPECT_EQ(v[2].second, "\xC3\xA9");
  EXPECT_EQ(v[3], (std::pair<std::string, std::string>{"d", ""}));
  EXPECT_EQ(v[4], (std::pair<std::string, std::string>{"", "e"}));
  EXPECT_EQ(v[5].second, "2");
  EXPECT_EQ(rally::form::find(v, "a"), std::optional<std::string_view>("1"));
  EXPECT_EQ(rally::form::find(v, "z"), std::nullopt);
  EXPECT_TRUE(parsed("").empty());
}

TEST(FormParse, RefusesMalformedEscapesBadUtf8AndOversizeInput) {
  EXPECT_NE(parse_error("a=%zz").find("malformed %-escape"), std::string::npos);
  EXPECT_NE(parse_error("a=%4").find("malformed %-escape"), std::string::npos);
  EXPECT_EQ(parse_error("a=%FF"), "field \"a\" is not valid UTF-8");
  EXPECT_EQ(parse_error("a=%00%C0%80"), "field \"a\" is not valid UTF-8");  // overlong NUL
  EXPECT_EQ(parse_error("%FF=1"), "a field name is not valid UTF-8");
  EXPECT_EQ(parse_error("a=" + std::string(rally::form::Limits::max_value_bytes + 1, 'x')),
            "field \"a\" is longer than 65536 bytes");
  EXPECT_EQ(parse_error(std::string(rally::form::Limits::max_name_bytes + 1, 'n') + "=1"),
            "a field name is longer than 256 bytes");
  std::string many;
  for (std::size_t i = 0; i <= rally::form::Limits::max_fields; ++i) many += "a=1&";
  EXPECT_EQ(parse_error(many), "the form has more than 1000 fields");
  parsed("a=" + std::string(rally::form::Limits::max_value_bytes, 'x'));  // the limit itself is fine
}

TEST(FormDecode, FillsEveryKindOfField) {
  Signup s;
  std::string error;
  ASSERT_TRUE(rally::form::decode(parsed("_form=x&_csrf=y&email=a%40b.c&age=-4&height=1.85&terms=0&terms=on&referrer=7"
                                         "&nickname=&tags=x&tags=y&ports=80&ports=443"),
                                  signup_fields, s, error))
      << error;
  EXPECT_EQ(s.email, "a@b.c");
  EXPECT_EQ(s.age, -4);
  EXPECT_DOUBLE_EQ(s.height, 1.85);
  EXPECT_TRUE(s.terms) << "the checkbox's value after its hidden 0 wins";
  EXPECT_EQ(s.referrer, std::optional<std::int64_t>(7));
  EXPECT_EQ(s.nickname, std::nullopt) << "an empty optional field is nullopt";
  EXPECT_EQ(s.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(s.ports, (std::vector<std::uint16_t>{80, 443}));

  Signup minimal;
  ASSERT_TRUE(rally::form::decode(parsed("email=e&age=1&height=2"), signup_fields, minimal, error)) << error;
  EXPECT_FALSE(minimal.terms);
  EXPECT_FALSE(minimal.referrer);
  EXPECT_TRUE(minimal.tags.empty());
}

TEST(FormDecode, SaysWhichFieldIsWrong) {
  EXPECT_EQ(decode_error("age=1&height=2"), "field \"email\" is missing");
  EXPECT_EQ(decode_error("email=a&email=b&age=1&height=2"), "field \"email\" was sent 2 times");
  EXPECT_EQ(decode_error("email=a&age=1&height=2&role=admin"), "the form has no field \"role\"");
  EXPECT_EQ(decode_error("email=a&age=&height=2"), "field \"age\": \"\" is not a whole number");
  EXPECT_EQ(decode_error("email=a&age=+1&height=2"), "field \"age\": \" 1\" is not a whole number");
  EXPECT_EQ(decode_error("email=a&age=3000000000&height=2"), "field \"age\": \"3000000000\" is out of range");
  EXPECT_EQ(decode_error("email=a&age=1&height=nan"), "field \"height\": \"nan\" is not a number");
  EXPECT_EQ(decode_error("email=a&age=1&height=1e999"), "field \"height\": \"1e999\" is not a number");
  EXPECT_EQ(decode_error("email=a&age=1&height=2&terms=yes"),
            "field \"terms\": \"yes\" is not a checkbox value (on, off, true, false, 1, 0)");
  EXPECT_EQ(decode_error("email=a&age=1&height=2&referrer=1&referrer=2"), "field \"referrer\" was sent 2 times");
  EXPECT_EQ(decode_error("email=a&age=1&height=2&ports=70000"), "field \"ports\": \"70000\" is out of range");
  EXPECT_EQ(decode_error("email=a&age=1&height=2&ports=-1"), "field \"ports\": \"-1\" is not a whole number");
  const std::string long_value(100, 'z');
  EXPECT_EQ(decode_error("email=a&age=" + long_value + "&height=2"),
            "field \"age\": \"" + long_value.substr(0, 40) + "...\" is not a whole number");
}

TEST(FormResult, RedirectsOrRendersAModel) {
  auto to = rally::FormResult<int>::redirect("/done");
  EXPECT_TRUE(to.is_redirect());
  EXPECT_EQ(to.location(), "/done");
  EXPECT_EQ(to.status(), 303);
  auto again = rally::FormResult<int>::render(5);
  EXPECT_FALSE(again.is_redirect());
  EXPECT_EQ(again.model(), 5);
  EXPECT_EQ(again.status(), 422);
  EXPECT_EQ(rally::FormResult<int>::render(5, 200).status(), 200);
  EXPECT_EQ(rally::FormResult<>::redirect("/x").location(), "/x");
}

TEST(PostForm, StartsWithTheHiddenFieldsAndPostsToThePage) {
  rally::form::set_token_source([] { return std::string("t<k>"); });
  using namespace rally::html;
  std::string html = rally::render_html(post_form("sign_in", {class_("card")}, {input({name("email")})}));
  EXPECT_EQ(html,
            "<form class=\"card\" method=\"post\"><input type=\"hidden\" name=\"_form\" value=\"sign_in\">"
            "<input type=\"hidden\" name=\"_csrf\" value=\"t&lt;k&gt;\"><input name=\"email\"></form>");
  rally::form::set_token_source(nullptr);
  EXPECT_EQ(rally::form::token(), "");
}

}  // namespace
