// How much memory a lying or odd input can cost the decoder, and the encoder's size.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <variant>
#include <vector>

#include <rally/codec.hpp>

namespace {

// Big in memory, one byte on the wire: a count of them costs far more to reserve than to send.
struct Big {
  std::array<char, 16 * 1024> pad{};
  bool flag = false;
};
struct Empty {};
// Not std::is_empty, yet encodes to zero bytes.
struct Hollow {
  Empty a;
  Empty b;
};

}  // namespace

template <>
struct rally::codec::Codec<Big> {
  static void encode(Writer& w, const Big& b) { rally::codec::encode(w, b.flag); }
  static void decode(Reader& r, Big& b) { rally::codec::decode(r, b.flag); }
};
template <>
struct rally::codec::Codec<Empty> {
  static void encode(Writer&, const Empty&) {}
  static void decode(Reader&, Empty&) {}
};
template <>
struct rally::codec::Codec<Hollow> {
  static void encode(Writer& w, const Hollow& h) {
    rally::codec::encode(w, h.a);
    rally::codec::encode(w, h.b);
  }
  static void decode(Reader& r, Hollow& h) {
    rally::codec::decode(r, h.a);
    rally::codec::decode(r, h.b);
  }
};

namespace {

using rally::codec::Limits;

TEST(CodecLimits, ReserveIsBoundedByBytesNotByTheCount) {
  // 1000 items announced and 1000 bytes present, but the first item is malformed.
  rally::codec::Writer w;
  w.varint(1000);
  w.raw(std::string(1000, '\x02'));
  rally::codec::Reader r(w.data());
  std::vector<Big> v;
  rally::codec::decode(r, v);
  EXPECT_FALSE(r.ok());
  EXPECT_LE(v.capacity() * sizeof(Big), Limits::max_reserve_bytes);
}

TEST(CodecLimits, StructsThatEncodeToNothingRoundTrip) {
  std::vector<Hollow> in(10);
  std::string bytes = rally::codec::to_bytes(in);
  EXPECT_EQ(bytes.size(), 1u);  // just the count
  std::vector<Hollow> out;
  std::string error;
  ASSERT_TRUE(rally::codec::from_bytes(bytes, out, &error)) << error;
  EXPECT_EQ(out.size(), 10u);
}

TEST(CodecLimits, ZeroByteItemsAreStillBoundedByMaxItems) {
  rally::codec::Writer w;
  w.varint(Limits::max_items + 1);
  std::vector<Hollow> out;
  std::string error;
  EXPECT_FALSE(rally::codec::from_bytes(w.data(), out, &error));
  EXPECT_NE(error.find("exceeds the limit"), std::string::npos) << error;
}

TEST(CodecLimits, CountsOfNonEmptyItemsMustFitTheInput) {
  // Variants and strings take at least a byte each even when their alternatives are empty.
  rally::codec::Writer w;
  w.varint(5);
  std::vector<std::variant<Empty, Hollow>> variants;
  std::string error;
  EXPECT_FALSE(rally::codec::from_bytes(w.data(), variants, &error));
  EXPECT_NE(error.find("runs past the end of input"), std::string::npos) << error;
  std::vector<std::string> strings;
  EXPECT_FALSE(rally::codec::from_bytes(w.data(), strings, &error));
}

TEST(CodecLimits, WriterTellsItsSize) {
  rally::codec::Writer w;
  EXPECT_EQ(w.size(), 0u);
  rally::codec::encode(w, std::string(300, 'x'));
  EXPECT_EQ(w.size(), 302u);  // two-byte varint length, then the bytes
  EXPECT_EQ(w.size(), w.data().size());
}

}  // namespace
