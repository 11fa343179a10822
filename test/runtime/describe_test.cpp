// rally/describe.hpp: wire values as the dev inspector's one-line log shows them.
#include <rally/describe.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace demo {
struct Point {
  std::int64_t x = 0, y = 0;
};
struct Shape {
  std::string name;
  std::vector<Point> points;
  std::optional<Point> centre;
};
enum class Colour : std::uint8_t { red, green };
enum class Plain { a = 1 };
}  // namespace demo

// What rally-gen emits for these (see test/gen/golden/*/codecs).
namespace rally::codec {
template <>
struct Codec<demo::Point> {
  static void describe(Describer& d, const demo::Point& v) {
    d.open("Point");
    d.field("x", v.x);
    d.field("y", v.y);
    d.close();
  }
};
template <>
struct Codec<demo::Shape> {
  static void describe(Describer& d, const demo::Shape& v) {
    d.open("Shape");
    d.field("name", v.name);
    d.field("points", v.points);
    d.field("centre", v.centre);
    d.close();
  }
};
template <>
struct Codec<demo::Colour> {
  static void describe(Describer& d, demo::Colour v) { d.text(v == demo::Colour::red ? "Colour::red" : "Colour::green"); }
};
}  // namespace rally::codec

namespace {

using rally::codec::describe;

TEST(Describe, Scalars) {
  EXPECT_EQ(describe(true), "true");
  EXPECT_EQ(describe(std::int64_t{-42}), "-42");
  EXPECT_EQ(describe(std::uint8_t{200}), "200");
  EXPECT_EQ(describe(2.5), "2.5");
  EXPECT_EQ(describe(0.1), "0.1");
  EXPECT_EQ(describe(123456.789), "123456.789");
  EXPECT_EQ(describe(demo::Colour::green), "Colour::green");
  EXPECT_EQ(describe(demo::Plain::a), "1");  // an enum without a generated describe: its number
}

TEST(Describe, StringsAreQuotedWithJsonEscapes) {
  EXPECT_EQ(describe(std::string("say \"hi\"\n\\ \t\x01")), "\"say \\\"hi\\\"\\n\\\\ \\t\\u0001\"");
  EXPECT_EQ(describe(std::string("héllo")), "\"héllo\"");
}

TEST(Describe, StructsNestWithTheirFieldNames) {
  demo::Shape s{"tri", {{0, 0}, {1, 2}}, demo::Point{3, 4}};
  EXPECT_EQ(describe(s), "Shape{name: \"tri\", points: [Point{x: 0, y: 0}, Point{x: 1, y: 2}], centre: Point{x: 3, y: 4}}");
  EXPECT_EQ(describe(demo::Shape{}), "Shape{name: \"\", points: [], centre: none}");
}

TEST(Describe, Containers) {
  EXPECT_EQ(describe(std::map<std::string, int>{{"a", 1}, {"b", 2}}), "{\"a\": 1, \"b\": 2}");
  EXPECT_EQ((describe(std::variant<int, std::string>(std::string("x")))), "\"x\"");
  EXPECT_EQ(describe(rally::Result<int, std::string>(3)), "Ok(3)");
  EXPECT_EQ(describe(rally::Result<int, std::string>::failure("gone")), "Err(\"gone\")");
  EXPECT_EQ(describe(std::optional<int>()), "none");
}

TEST(Describe, LongValuesAreCutSayingHowLong) {
  std::string long_text(100, 'a');
  EXPECT_EQ(describe(long_text), "\"" + std::string(80, 'a') + "\"…(100 bytes)");
  // A cut never splits a UTF-8 character: 79 'a' then a 2-byte 'é' straddling byte 80.
  EXPECT_EQ(describe(std::string(79, 'a') + "é" + std::string(20, 'b')), "\"" + std::string(79, 'a') + "\"…(101 bytes)");
  std::vector<int> many(25, 7);
  EXPECT_EQ(describe(many), "[7, 7, 7, 7, 7, 7, 7, 7, 7, 7, …(25 items)]");
  // The whole line stops at max_line_bytes and ends with "…": what fits, then nothing more.
  std::vector<std::string> wide(10, std::string(80, 'w'));
  std::vector<std::vector<std::string>> huge(10, wide);
  const std::string line = describe(huge);
  const std::string item = "\"" + std::string(80, 'w') + "\"";  // 82 bytes
  // 2,000 bytes hold the first two inner vectors (840 bytes each) and three items of the third,
  // then the ", " before a fourth, which does not fit.
  std::string row = "[" + item;
  for (int i = 1; i < 10; ++i) row += ", " + item;
  row += "]";
  std::string expected = "[" + row + ", " + row + ", [" + item + ", " + item + ", " + item + ", …";
  EXPECT_EQ(line, expected);
  EXPECT_LE(line.size(), rally::codec::Describer::max_line_bytes + std::string("…").size());
}

}  // namespace
