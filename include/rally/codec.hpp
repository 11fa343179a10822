#pragma once
// Rally's binary wire codec: what crosses the WebSocket and what the SSR page embeds for hydration.
//
// Format (little-endian, no field names; both sides are generated from the same headers):
//   bool                 1 byte, 0 or 1 (anything else is malformed)
//   unsigned integers    LEB128 varint
//   signed integers      zigzag, then LEB128 varint
//   enums                their underlying integer
//   double               8 bytes IEEE-754
//   std::string          varint byte length, then the bytes
//   std::vector / map    varint count, then the items (map: key then value)
//   std::optional        1 byte present flag, then the value
//   std::variant         varint alternative index, then the value
//   rally::Result        1 byte: 0 Ok then T, 1 Err then E
//   structs              their fields in declaration order (generated Codec<T> specializations)
// What hostile input can cost: every count and length is checked against Limits before anything is
// allocated, and a string or a collection of items that take at least one byte each must also fit
// in the bytes actually present. Up front, a vector reserves at most min(count, bytes left) items
// and at most max_reserve_bytes; beyond that memory grows only with items actually decoded. Items
// of a struct type may encode to zero bytes (a struct of empty structs), so their count is bounded
// only by max_items. Decoding never crashes: a failure is a Reader error naming the byte offset.
// Encoding checks nothing: a sender compares Writer::size() (or the frame) with max_frame_bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "result.hpp"
#include "utf8.hpp"

namespace rally::codec {

struct Limits {
  static constexpr std::size_t max_frame_bytes = 1u << 20;    // one WebSocket message
  static constexpr std::size_t max_string_bytes = 1u << 20;
  static constexpr std::size_t max_items = 1u << 16;          // per vector or map
  static constexpr int max_depth = 64;                         // nested containers/structs
  static constexpr std::size_t max_reserve_bytes = 1u << 20;  // what a vector reserves before its items decode
};

class Writer {
 public:
  void u8(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      u8(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    u8(static_cast<std::uint8_t>(v));
  }
  void svarint(std::int64_t v) {
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void f64(double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, 8);
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  void fixed64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void bytes(std::string_view s) {
    varint(s.size());
    out_.append(s.data(), s.size());
  }
  void raw(std::string_view s) { out_.append(s.data(), s.size()); }
  std::size_t size() const { return out_.size(); }
  const std::string& data() const& { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads until the first error; after that every read returns a zero value and ok() is false.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return in_.size() - pos_; }
  bool at_end() const { return pos_ == in_.size(); }
  void fail(const std::string& why) { fail_at(pos_, why); }
  // Reports the error at `at`, where the offending value started (reads have moved past it).
  void fail_at(std::size_t at, const std::string& why) {
    if (error_.empty()) error_ = why + " at byte " + std::to_string(at);
  }

  std::uint8_t u8() {
    if (!ok()) return 0;
    if (pos_ >= in_.size()) {
      fail("truncated input");
      return 0;
    }
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t varint() {
    const std::size_t start = pos_;
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = u8();
      if (!ok()) return 0;
      if (shift == 63 && b > 1) break;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    fail_at(start, "varint longer than 64 bits");
    return 0;
  }
  std::int64_t svarint() {
    std::uint64_t u = varint();
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  double f64() {
    std::uint64_t bits = fixed64();
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  std::uint64_t fixed64() {
    if (!ok()) return 0;
    if (remaining() < 8) {
      fail("truncated input");
      return 0;
    }
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return v;
  }
  // A length-prefixed byte string, checked against the limit and the bytes actually present.
  std::string_view bytes() {
    const std::size_t start = pos_;
    std::uint64_t n = varint();
    if (!ok()) return {};
    if (n > Limits::max_string_bytes) {
      fail_at(start, "string of " + std::to_string(n) + " bytes exceeds the limit");
      return {};
    }
    if (n > remaining()) {
      fail_at(start, "string length " + std::to_string(n) + " runs past the end of input");
      return {};
    }
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // An item count, checked against the limit and, unless items may encode to zero bytes, against
  // the bytes present (each item then takes at least one).
  std::size_t count(bool items_may_be_empty = false) {
    const std::size_t start = pos_;
    std::uint64_t n = varint();
    if (!ok()) return 0;
    if (n > Limits::max_items) {
      fail_at(start, "collection of " + std::to_string(n) + " items exceeds the limit");
      return 0;
    }
    if (!items_may_be_empty && n > remaining()) {
      fail_at(start, "collection count " + std::to_string(n) + " runs past the end of input");
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  std::string_view rest() {
    std::string_view r = in_.substr(pos_);
    pos_ = in_.size();
    return r;
  }

  // Nesting guard for containers and structs.
  bool enter() {
    if (++depth_ > Limits::max_depth) {
      fail("nesting deeper than " + std::to_string(Limits::max_depth));
      return false;
    }
    return ok();
  }
  void leave() { --depth_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

// Codec<T>: static void encode(Writer&, const T&); static void decode(Reader&, T&).
// The primary template is undefined: a type without a codec is a compile error naming it.
// rally-gen emits specializations for the app's structs (and enums, with value validation).
template <class T, class Enable = void>
struct Codec;

// Whether a T may encode to zero bytes: only structs (generated codecs) can, e.g. a struct whose
// fields are all empty structs. Every other encoding starts with at least one byte.
template <class T>
struct may_encode_empty : std::is_class<T> {};
template <>
struct may_encode_empty<std::string> : std::false_type {};
template <class T>
struct may_encode_empty<std::vector<T>> : std::false_type {};
template <class K, class V>
struct may_encode_empty<std::map<K, V>> : std::false_type {};
template <class T>
struct may_encode_empty<std::optional<T>> : std::false_type {};
template <class... Ts>
struct may_encode_empty<std::variant<Ts...>> : std::false_type {};
template <class T, class E>
struct may_encode_empty<Result<T, E>> : std::false_type {};

template <class T>
void encode(Writer& w, const T& v) {
  Codec<T>::encode(w, v);
}
template <class T>
void decode(Reader& r, T& v) {
  if (r.ok()) Codec<T>::decode(r, v);
}

template <>
struct Codec<bool> {
  static void encode(Writer& w, bool v) { w.u8(v ? 1 : 0); }
  static void decode(Reader& r, bool& v) {
    const std::size_t at = r.offset();
    std::uint8_t b = r.u8();
    if (b > 1) r.fail_at(at, "bool byte is neither 0 nor 1");
    v = b == 1;
  }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static void encode(Writer& w, T v) {
    if constexpr (std::is_signed_v<T>) w.svarint(static_cast<std::int64_t>(v));
    else w.varint(static_cast<std::uint64_t>(v));
  }
  static void decode(Reader& r, T& v) {
    const std::size_t at = r.offset();
    if constexpr (std::is_signed_v<T>) {
      std::int64_t x = r.svarint();
      if (x < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          x > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
        r.fail_at(at, "integer " + std::to_string(x) + " out of range");
      v = static_cast<T>(x);
    } else {
      std::uint64_t x = r.varint();
      if (x > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        r.fail_at(at, "integer " + std::to_string(x) + " out of range");
      v = static_cast<T>(x);
    }
  }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_enum_v<T>>> {
  using U = std::underlying_type_t<T>;
  static void encode(Writer& w, T v) { Codec<U>::encode(w, static_cast<U>(v)); }
  static void decode(Reader& r, T& v) {
    U u{};
    Codec<U>::decode(r, u);
    v = static_cast<T>(u);
  }
};

template <>
struct Codec<double> {
  static void encode(Writer& w, double v) { w.f64(v); }
  static void decode(Reader& r, double& v) { v = r.f64(); }
};

template <>
struct Codec<std::string> {
  static void encode(Writer& w, const std::string& v) { w.bytes(v); }
  // Text crosses the wire as UTF-8: anything else is a malformed frame, never a page's string.
  static void decode(Reader& r, std::string& v) {
    const std::size_t at = r.offset();
    const std::string_view b = r.bytes();
    if (!utf8::valid(b)) return r.fail_at(at, "string is not valid UTF-8");
    v = std::string(b);
  }
};

template <class T>
struct Codec<std::vector<T>> {
  static void encode(Writer& w, const std::vector<T>& v) {
    w.varint(v.size());
    for (const auto& x : v) rally::codec::encode(w, x);
  }
  static void decode(Reader& r, std::vector<T>& v) {
    if (!r.enter()) return;
    std::size_t n = r.count(may_encode_empty<T>::value);
    v.clear();
    // A count may still lie (items bigger in memory than on the wire, or a decode failing half way):
    // reserve no more than the input could hold and a fixed budget, and let push_back grow the rest.
    constexpr std::size_t reserve_cap = std::max<std::size_t>(1, Limits::max_reserve_bytes / sizeof(T));
    v.reserve(std::min({n, r.remaining(), reserve_cap}));
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
      T x{};
      rally::codec::decode(r, x);
      v.push_back(std::move(x));
    }
    r.leave();
  }
};

template <class T>
struct Codec<std::optional<T>> {
  static void encode(Writer& w, const std::optional<T>& v) {
    w.u8(v ? 1 : 0);
    if (v) rally::codec::encode(w, *v);
  }
  static void decode(Reader& r, std::optional<T>& v) {
    const std::size_t at = r.offset();
    std::uint8_t tag = r.u8();
    if (tag > 1) {
      r.fail_at(at, "optional flag is neither 0 nor 1");
      return;
    }
    if (tag == 0) {
      v.reset();
      return;
    }
    if (!r.enter()) return;
    T x{};
    rally::codec::decode(r, x);
    v = std::move(x);
    r.leave();
  }
};

template <class K, class V>
struct Codec<std::map<K, V>> {
  static_assert(std::is_integral_v<K> || std::is_same_v<K, std::string>, "map keys must be strings or integers");
  static void encode(Writer& w, const std::map<K, V>& m) {
    w.varint(m.size());
    for (const auto& [k, v] : m) {
      rally::codec::encode(w, k);
      rally::codec::encode(w, v);
    }
  }
  static void decode(Reader& r, std::map<K, V>& m) {
    if (!r.enter()) return;
    std::size_t n = r.count();
    m.clear();
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
      K k{};
      V v{};
      const std::size_t key_at = r.offset();
      rally::codec::decode(r, k);
      rally::codec::decode(r, v);
      if (r.ok() && !m.emplace(std::move(k), std::move(v)).second) r.fail_at(key_at, "duplicate map key");
    }
    r.leave();
  }
};

template <class... Ts>
struct Codec<std::variant<Ts...>> {
  using V = std::variant<Ts...>;
  static void encode(Writer& w, const V& v) {
    w.varint(v.index());
    std::visit([&](const auto& x) { rally::codec::encode(w, x); }, v);
  }
  static void decode(Reader& r, V& v) {
    const std::size_t at = r.offset();
    std::uint64_t index = r.varint();
    if (!r.ok()) return;
    if (index >= sizeof...(Ts)) {
      r.fail_at(at, "variant index " + std::to_string(index) + " out of range");
      return;
    }
    if (!r.enter()) return;
    decode_at(r, v, index, std::index_sequence_for<Ts...>{});
    r.leave();
  }

 private:
  template <std::size_t... I>
  static void decode_at(Reader& r, V& v, std::uint64_t index, std::index_sequence<I...>) {
    ((index == I ? (void)decode_one<I>(r, v) : void()), ...);
  }
  template <std::size_t I>
  static void decode_one(Reader& r, V& v) {
    std::variant_alternative_t<I, V> x{};
    rally::codec::decode(r, x);
    v.template emplace<I>(std::move(x));
  }
};

template <class T, class E>
struct Codec<Result<T, E>> {
  static void encode(Writer& w, const Result<T, E>& v) {
    w.u8(v ? 0 : 1);
    if (v) rally::codec::encode(w, *v);
    else rally::codec::encode(w, v.error());
  }
  static void decode(Reader& r, Result<T, E>& v) {
    const std::size_t at = r.offset();
    std::uint8_t tag = r.u8();
    if (!r.ok()) return;
    if (tag > 1) {
      r.fail_at(at, "result tag is neither 0 (Ok) nor 1 (Err)");
      return;
    }
    if (!r.enter()) return;
    if (tag == 0) {
      T x{};
      rally::codec::decode(r, x);
      v = Result<T, E>(std::move(x));
    } else {
      E e{};
      rally::codec::decode(r, e);
      v = Result<T, E>::failure(std::move(e));
    }
    r.leave();
  }
};

// Whole-value helpers.
template <class T>
std::string to_bytes(const T& v) {
  Writer w;
  encode(w, v);
  return w.take();
}
// Decodes all of `in` into `out`; on failure returns false and says why in `error`.
template <class T>
bool from_bytes(std::string_view in, T& out, std::string* error = nullptr) {
  if (in.size() > Limits::max_frame_bytes) {
    if (error) *error = "input of " + std::to_string(in.size()) + " bytes exceeds the limit";
    return false;
  }
  Reader r(in);
  decode(r, out);
  if (r.ok() && !r.at_end()) r.fail("trailing bytes after the value");
  if (!r.ok() && error) *error = r.error();
  return r.ok();
}

// Base64 (standard alphabet, padded): how the hydration model travels inside the HTML.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace rally::codec
