#include <gtest/gtest.h>

#include <string>

#include <rally/codec.hpp>

namespace {

using rally::codec::base64_decode;
using rally::codec::base64_encode;

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(plain), encoded);
    auto back = base64_decode(encoded);
    ASSERT_TRUE(back.has_value()) << encoded;
    EXPECT_EQ(*back, plain);
  }
}

TEST(Base64, UsesTheStandardAlphabet) {
  EXPECT_EQ(base64_encode("\xFB\xFF\xBF"), "+/+/");
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xFB\xFF\xBF"));
}

TEST(Base64, AllByteValuesRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t len = 0; len <= all.size(); len += 37) {
    std::string s = all.substr(0, len);
    auto back = base64_decode(base64_encode(s));
    ASSERT_TRUE(back.has_value()) << len;
    EXPECT_EQ(*back, s);
  }
}

TEST(Base64, RejectsBadCharacters) {
  EXPECT_FALSE(base64_decode("Zm9v!mFy").has_value());
  EXPECT_FALSE(base64_decode("Zm9v YmFy").has_value());
  EXPECT_FALSE(base64_decode("Zm9-").has_value());  // URL-safe alphabet is not ours
  EXPECT_FALSE(base64_decode(std::string("Zm\0v", 4)).has_value());
  EXPECT_FALSE(base64_decode("Zm9v\n").has_value());
}

TEST(Base64, RejectsBadPadding) {
  EXPECT_FALSE(base64_decode("Zg=a").has_value());   // data after padding
  EXPECT_FALSE(base64_decode("Z===").has_value());   // too much padding
  EXPECT_FALSE(base64_decode("====").has_value());
  EXPECT_FALSE(base64_decode("Zg==Zm9v").has_value());  // padding in the middle
  EXPECT_FALSE(base64_decode("Zh==").has_value());   // non-zero bits under the padding
  EXPECT_FALSE(base64_decode("Zm9=").has_value());
}

TEST(Base64, RejectsWrongLength) {
  EXPECT_FALSE(base64_decode("Zg").has_value());
  EXPECT_FALSE(base64_decode("Zm9vY").has_value());
  EXPECT_FALSE(base64_decode("Zm9vYmFy=").has_value());
}

}  // namespace
