#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <rally/codec.hpp>

// A struct with a hand-written codec, the way rally-gen emits one.
struct Point {
  std::int32_t x = 0;
  std::int32_t y = 0;
  std::string label;
  std::vector<std::optional<double>> weights;
  bool operator==(const Point& o) const { return x == o.x && y == o.y && label == o.label && weights == o.weights; }
};

// Recursive, to feed the decoder deeper nesting than any fixed type.
struct Tree {
  std::vector<Tree> kids;
};
// vector<vector<vector<...>>> of any depth. (A fixed type 65 levels deep is not an option: the
// name of vector<T, allocator<T>> doubles with every level.) Its codec is exactly the vector's.
struct Nested : std::vector<Nested> {};

template <>
struct rally::codec::Codec<Point> {
  static void encode(Writer& w, const Point& p) {
    rally::codec::encode(w, p.x);
    rally::codec::encode(w, p.y);
    rally::codec::encode(w, p.label);
    rally::codec::encode(w, p.weights);
  }
  static void decode(Reader& r, Point& p) {
    if (!r.enter()) return;
    rally::codec::decode(r, p.x);
    rally::codec::decode(r, p.y);
    rally::codec::decode(r, p.label);
    rally::codec::decode(r, p.weights);
    r.leave();
  }
};

template <>
struct rally::codec::Codec<Tree> {
  static void encode(Writer& w, const Tree& t) { rally::codec::encode(w, t.kids); }
  static void decode(Reader& r, Tree& t) {
    if (!r.enter()) return;
    rally::codec::decode(r, t.kids);
    r.leave();
  }
};

template <>
struct rally::codec::Codec<Nested> {
  static void encode(Writer& w, const Nested& n) { Codec<std::vector<Nested>>::encode(w, n); }
  static void decode(Reader& r, Nested& n) { Codec<std::vector<Nested>>::decode(r, n); }
};

namespace {

using rally::codec::from_bytes;
using rally::codec::Limits;
using rally::codec::to_bytes;
using rally::codec::Writer;

enum class Color : std::uint8_t { red, green, blue };
enum Plain { minus_five = -5, seven = 7 };

template <class T>
T round_trip(const T& v) {
  std::string bytes = to_bytes(v);
  T out{};
  std::string error;
  EXPECT_TRUE(from_bytes(bytes, out, &error)) << error;
  return out;
}

// Every strict prefix of a valid encoding must be rejected with a message.
template <class T>
void expect_all_truncations_fail(const T& v) {
  std::string bytes = to_bytes(v);
  ASSERT_FALSE(bytes.empty());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    T out{};
    std::string error;
    EXPECT_FALSE(from_bytes(std::string_view(bytes).substr(0, n), out, &error)) << "prefix of " << n << " bytes";
    EXPECT_NE(error.find(" at byte "), std::string::npos) << "prefix " << n << ": " << error;
  }
}

template <class T>
std::string decode_error(const std::string& bytes) {
  T out{};
  std::string error;
  EXPECT_FALSE(from_bytes(bytes, out, &error)) << "decoding should have failed";
  EXPECT_FALSE(error.empty());
  return error;
}

std::string varint_bytes(std::uint64_t v) {
  Writer w;
  w.varint(v);
  return w.take();
}

template <class T>
void expect_int_round_trips() {
  for (T v : {std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), T(0), T(1), T(127), T(100)})
    EXPECT_EQ(round_trip(v), v);
  if constexpr (std::is_signed_v<T>) {
    EXPECT_EQ(round_trip(T(-1)), T(-1));
  }
}

TEST(Codec, IntegersOfEveryWidth) {
  expect_int_round_trips<std::int8_t>();
  expect_int_round_trips<std::uint8_t>();
  expect_int_round_trips<std::int16_t>();
  expect_int_round_trips<std::uint16_t>();
  expect_int_round_trips<std::int32_t>();
  expect_int_round_trips<std::uint32_t>();
  expect_int_round_trips<std::int64_t>();
  expect_int_round_trips<std::uint64_t>();
}

TEST(Codec, VarintAndZigzagLayout) {
  EXPECT_EQ(to_bytes(std::uint32_t{300}), std::string("\xAC\x02", 2));
  EXPECT_EQ(to_bytes(std::int32_t{-1}), std::string("\x01", 1));
  EXPECT_EQ(to_bytes(std::int32_t{1}), std::string("\x02", 1));
  EXPECT_EQ(to_bytes(std::numeric_limits<std::uint64_t>::max()).size(), 10u);
}

TEST(Codec, DoublesKeepTheirBits) {
  for (double d : {0.0, -0.0, 1.5, -1e300, std::numeric_limits<double>::denorm_min(),
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    double out = round_trip(d);
    EXPECT_EQ(std::memcmp(&out, &d, 8), 0) << d;
  }
  std::uint64_t nan_bits = 0x7ff8000000000123ull;
  double nan;
  std::memcpy(&nan, &nan_bits, 8);
  double out = round_trip(nan);
  EXPECT_TRUE(std::isnan(out));
  std::uint64_t out_bits;
  std::memcpy(&out_bits, &out, 8);
  EXPECT_EQ(out_bits, nan_bits);
  EXPECT_EQ(to_bytes(1.0), std::string("\0\0\0\0\0\0\xF0\x3F", 8));
}

TEST(Codec, Bools) {
  EXPECT_EQ(round_trip(true), true);
  EXPECT_EQ(round_trip(false), false);
}

TEST(Codec, StringsWithNulAndUtf8) {
  const std::string s("a\0b \xC3\xA9 \xF0\x9F\x98\x80", 11);
  EXPECT_EQ(round_trip(s), s);
  EXPECT_EQ(round_trip(std::string()), "");
  EXPECT_EQ(round_trip(std::string(1000, 'x')), std::string(1000, 'x'));
}

TEST(Codec, Vectors) {
  EXPECT_EQ(round_trip(std::vector<std::int32_t>{1, -2, 3}), (std::vector<std::int32_t>{1, -2, 3}));
  EXPECT_EQ(round_trip(std::vector<std::string>{}), std::vector<std::string>{});
  EXPECT_EQ(round_trip(std::vector<bool>{true, false, true}), (std::vector<bool>{true, false, true}));
  std::vector<std::vector<std::string>> nested{{"a", "b"}, {}, {"c"}};
  EXPECT_EQ(round_trip(nested), nested);
}

TEST(Codec, Optionals) {
  EXPECT_EQ(round_trip(std::optional<std::int64_t>{}), std::nullopt);
  EXPECT_EQ(round_trip(std::optional<std::int64_t>{-42}), std::optional<std::int64_t>{-42});
  EXPECT_EQ(round_trip(std::optional<std::string>{""}), std::optional<std::string>{""});
}

TEST(Codec, Maps) {
  std::map<std::string, std::vector<std::int32_t>> by_name{{"a", {1}}, {"b", {}}, {"", {2, 3}}};
  EXPECT_EQ(round_trip(by_name), by_name);
  std::map<std::int64_t, std::string> by_id{{std::numeric_limits<std::int64_t>::min(), "min"}, {0, "zero"}, {7, "seven"}};
  EXPECT_EQ(round_trip(by_id), by_id);
}

TEST(Codec, Variants) {
  using V = std::variant<std::int32_t, std::string, std::vector<bool>>;
  EXPECT_EQ(round_trip(V{std::int32_t{5}}), V{std::int32_t{5}});
  EXPECT_EQ(round_trip(V{std::string("x")}), V{std::string("x")});
  EXPECT_EQ(round_trip(V{std::vector<bool>{true}}), V{std::vector<bool>{true}});
  EXPECT_EQ(to_bytes(V{std::string("x")}), std::string("\x01\x01x", 3));  // index, then the value
}

TEST(Codec, Results) {
  using R = rally::Result<std::int64_t>;
  R ok = round_trip(R(42));
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 42);
  R err = round_trip(R(rally::err("nope")));
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error(), std::vector<std::string>{"nope"});
  // Same T and E: the tag, not the type, tells them apart.
  using S = rally::Result<std::string, std::string>;
  S s_err = round_trip(S::failure("bad"));
  ASSERT_FALSE(s_err);
  EXPECT_EQ(s_err.error(), "bad");
  EXPECT_EQ(*round_trip(S::ok("good")), "good");
}

TEST(Codec, Enums) {
  EXPECT_EQ(round_trip(Color::blue), Color::blue);
  EXPECT_EQ(round_trip(minus_five), minus_five);
  EXPECT_EQ(round_trip(seven), seven);
}

TEST(Codec, HandWrittenStructCodec) {
  Point p{-3, 4, "origin \xE2\x9C\x93", {1.5, std::nullopt, -0.0}};
  EXPECT_EQ(round_trip(p), p);
  std::map<std::string, std::vector<Point>> many{{"k", {p, Point{}}}};
  EXPECT_EQ(round_trip(many), many);
}

TEST(Codec, EveryTruncationFailsCleanly) {
  expect_all_truncations_fail(std::uint64_t{1} << 60);
  expect_all_truncations_fail(3.25);
  expect_all_truncations_fail(std::string("hello"));
  expect_all_truncations_fail(std::vector<std::string>{"ab", "", "cde"});
  expect_all_truncations_fail(std::optional<std::int32_t>{300});
  expect_all_truncations_fail(std::map<std::int64_t, std::string>{{1, "a"}, {2, "bc"}});
  expect_all_truncations_fail(std::variant<bool, std::string>{std::string("xy")});
  expect_all_truncations_fail(rally::Result<std::int64_t>(rally::err("e")));
  expect_all_truncations_fail(Point{1, -1, "p", {2.0, std::nullopt}});
}

TEST(Codec, OversizedStringLengthFailsBeforeAllocating) {
  std::string e = decode_error<std::string>(varint_bytes(std::uint64_t{1} << 40) + "abc");
  EXPECT_NE(e.find("exceeds the limit"), std::string::npos) << e;
  EXPECT_NE(e.find("at byte 0"), std::string::npos) << e;
}

TEST(Codec, StringLengthPastTheEndFails) {
  std::string e = decode_error<std::string>(varint_bytes(10) + "abc");
  EXPECT_NE(e.find("runs past the end"), std::string::npos) << e;
}

TEST(Codec, OversizedCollectionCountFails) {
  std::string e = decode_error<std::vector<std::int32_t>>(varint_bytes(Limits::max_items + 1) + std::string(10, '\0'));
  EXPECT_NE(e.find("exceeds the limit"), std::string::npos) << e;
  e = decode_error<std::map<std::string, std::int32_t>>(varint_bytes(std::uint64_t{1} << 50));
  EXPECT_NE(e.find("exceeds the limit"), std::string::npos) << e;
}

TEST(Codec, CountLargerThanRemainingBytesFails) {
  std::string e = decode_error<std::vector<std::int32_t>>(varint_bytes(100) + std::string(3, '\0'));
  EXPECT_NE(e.find("runs past the end"), std::string::npos) << e;
}

TEST(Codec, BadBoolByte) {
  std::string e = decode_error<std::vector<bool>>(std::string("\x02\x01\x02", 3));
  EXPECT_NE(e.find("bool"), std::string::npos) << e;
  EXPECT_NE(e.find("at byte 2"), std::string::npos) << e;
}

TEST(Codec, BadOptionalFlag) {
  std::string e = decode_error<std::optional<std::int32_t>>(std::string("\x07\x00", 2));
  EXPECT_NE(e.find("optional flag"), std::string::npos) << e;
  EXPECT_NE(e.find("at byte 0"), std::string::npos) << e;
}

TEST(Codec, VariantIndexOutOfRange) {
  std::string e = decode_error<std::variant<std::int32_t, std::string>>(std::string("\x02\x00", 2));
  EXPECT_NE(e.find("variant index 2 out of range"), std::string::npos) << e;
}

TEST(Codec, BadResultTag) {
  std::string e = decode_error<rally::Result<std::int32_t>>(std::string("\x09\x00", 2));
  EXPECT_NE(e.find("result tag"), std::string::npos) << e;
}

TEST(Codec, OverlongVarint) {
  std::string eleven = std::string(10, '\xFF') + "\x01";
  std::string e = decode_error<std::uint64_t>(eleven);
  EXPECT_NE(e.find("varint longer than 64 bits at byte 0"), std::string::npos) << e;
  // Ten bytes whose last one carries bits beyond 64.
  e = decode_error<std::uint64_t>(std::string(9, '\xFF') + "\x02");
  EXPECT_NE(e.find("varint longer than 64 bits"), std::string::npos) << e;
}

TEST(Codec, IntegerOutOfRangeForNarrowTypes) {
  std::string e = decode_error<std::int8_t>(to_bytes(std::int64_t{200}));
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  decode_error<std::int8_t>(to_bytes(std::int64_t{-129}));
  e = decode_error<std::uint16_t>(to_bytes(std::uint64_t{70000}));
  EXPECT_NE(e.find("integer 70000 out of range at byte 0"), std::string::npos) << e;
  decode_error<Color>(to_bytes(std::uint64_t{256}));
}

// N nested one-item vectors around an empty innermost vector.
std::string nested_bytes(int n) { return std::string(static_cast<std::size_t>(n), '\x01') + '\x00'; }

TEST(Codec, NestingUpToTheLimitDecodes) {
  Nested v;
  std::string error;
  ASSERT_TRUE(from_bytes(nested_bytes(Limits::max_depth - 1), v, &error)) << error;
  int depth = 1;
  for (const Nested* p = &v; !p->empty(); p = &p->front()) ++depth;
  EXPECT_EQ(depth, Limits::max_depth);
}

TEST(Codec, NestingDeeperThanTheLimitFails) {
  std::string e = decode_error<Nested>(nested_bytes(Limits::max_depth));
  EXPECT_NE(e.find("nesting deeper than 64 at byte 64"), std::string::npos) << e;
}

TEST(Codec, HostileRecursiveInputDoesNotOverflowTheStack) {
  std::string e = decode_error<Tree>(std::string(200000, '\x01'));
  EXPECT_NE(e.find("nesting deeper"), std::string::npos) << e;
}

TEST(Codec, DuplicateMapKeyFails) {
  Writer w;
  w.varint(2);
  w.bytes("k");
  w.svarint(1);
  w.bytes("k");
  w.svarint(2);
  std::string e = decode_error<std::map<std::string, std::int32_t>>(w.take());
  EXPECT_NE(e.find("duplicate map key at byte 4"), std::string::npos) << e;
}

TEST(Codec, TrailingBytesFail) {
  std::string e = decode_error<std::int32_t>(to_bytes(std::int32_t{5}) + "x");
  EXPECT_NE(e.find("trailing bytes"), std::string::npos) << e;
}

TEST(Codec, InputOverTheFrameLimitFails) {
  std::string big(Limits::max_frame_bytes + 1, '\0');
  std::string e = decode_error<std::vector<bool>>(big);
  EXPECT_NE(e.find("exceeds the limit"), std::string::npos) << e;
}

TEST(Codec, ReaderStopsAtTheFirstError) {
  rally::codec::Reader r(std::string_view("\x05", 1));
  EXPECT_EQ(r.fixed64(), 0u);
  EXPECT_FALSE(r.ok());
  std::string first = r.error();
  EXPECT_EQ(r.u8(), 0u);
  EXPECT_EQ(r.error(), first);
  EXPECT_EQ(first, "truncated input at byte 0");
}

}  // namespace
