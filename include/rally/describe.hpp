#pragma once
// Wire values as one readable line, for the dev inspector's log in the browser console:
//   Increment{}   GotIncrement{result: Ok(1)}   Todo{id: 3, title: "milk", done: false}
//   [1, 2, 3]   none   Color::red   Err("not found")
// Strings are quoted with JSON's escapes. Long strings and long collections are cut, saying how
// much was left out; a long line stops at max_line_bytes and ends with "…". Structs and enums
// describe themselves with the Codec<T>::describe that rally-gen generates beside their encode
// and decode.
#include <cstddef>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "codec.hpp"

namespace rally::codec {

class Describer {
 public:
  static constexpr std::size_t max_string_bytes = 80;  // of one string
  static constexpr std::size_t max_items = 10;         // of one vector or map
  static constexpr std::size_t max_line_bytes = 2000;  // of the whole line

  // Once the line is full nothing more is written (nor walked: collections and structs stop).
  void text(std::string_view s) {
    if (cut_) return;
    if (out_.size() + s.size() > max_line_bytes) {
      cut_ = true;
      return;
    }
    out_.append(s);
  }
  bool full() const { return cut_; }
  void quoted(std::string_view s);

  // Generated struct descriptions: open("Todo"), field("id", v.id)..., close() gives Todo{id: 3}.
  void open(std::string_view name) {
    text(name);
    text("{");
    first_ = true;
  }
  template <class T>
  void field(std::string_view name, const T& value);
  void close() { text("}"); }

  std::string take() {
    if (cut_) out_ += "…";
    return std::move(out_);
  }

 private:
  std::string out_;
  bool first_ = true;
  bool cut_ = false;
};

// Describe<T>::write(Describer&, const T&): specialized below for every type the codec knows.
template <class T, class Enable = void>
struct Describe {
  static void write(Describer& d, const T& v) { Codec<T>::describe(d, v); }  // generated structs and enums
};

template <class T>
void describe(Describer& d, const T& v) {
  Describe<T>::write(d, v);
}
template <class T>
std::string describe(const T& v) {
  Describer d;
  describe(d, v);
  return d.take();
}

template <class T>
void Describer::field(std::string_view name, const T& value) {
  if (cut_) return;
  if (!first_) text(", ");
  text(name);
  text(": ");
  describe(*this, value);
  first_ = false;  // after the value, whose own fields may have set it
}

inline void Describer::quoted(std::string_view s) {
  std::size_t n = s.size() > max_string_bytes ? max_string_bytes : s.size();
  while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // a whole UTF-8 character
  std::string q = "\"";
  for (char c : s.substr(0, n)) {
    switch (c) {
      case '"': q += "\\\""; break;
      case '\\': q += "\\\\"; break;
      case '\n': q += "\\n"; break;
      case '\r': q += "\\r"; break;
      case '\t': q += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          q += esc;
        } else {
          q += c;
        }
    }
  }
  q += '"';
  if (n < s.size()) q += "…(" + std::to_string(s.size()) + " bytes)";
  text(q);
}

template <>
struct Describe<bool> {
  static void write(Describer& d, bool v) { d.text(v ? "true" : "false"); }
};

template <class T>
struct Describe<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static void write(Describer& d, T v) { d.text(std::to_string(v)); }
};

// An enum: its generated Codec<T>::describe names the enumerator; without one, its number.
template <class T>
struct Describe<T, std::enable_if_t<std::is_enum_v<T>>> {
  template <class U, class = void>
  struct generated : std::false_type {};
  template <class U>
  struct generated<U, std::void_t<decltype(Codec<U>::describe(std::declval<Describer&>(), U{}))>> : std::true_type {};
  static void write(Describer& d, T v) {
    if constexpr (generated<T>::value) Codec<T>::describe(d, v);
    else d.text(std::to_string(static_cast<std::underlying_type_t<T>>(v)));
  }
};

template <>
struct Describe<double> {
  static void write(Describer& d, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);  // 0.1, not 0.10000000000000001
    d.text(buf);
  }
};

template <>
struct Describe<std::string> {
  static void write(Describer& d, const std::string& v) { d.quoted(v); }
};

template <class T>
struct Describe<std::vector<T>> {
  static void write(Describer& d, const std::vector<T>& v) {
    d.text("[");
    for (std::size_t i = 0; i < v.size() && i < Describer::max_items && !d.full(); ++i) {
      if (i) d.text(", ");
      describe(d, v[i]);
    }
    if (v.size() > Describer::max_items) d.text(", …(" + std::to_string(v.size()) + " items)");
    d.text("]");
  }
};

template <class K, class V>
struct Describe<std::map<K, V>> {
  static void write(Describer& d, const std::map<K, V>& m) {
    d.text("{");
    std::size_t i = 0;
    for (const auto& [k, v] : m) {
      if (d.full()) break;
      if (i == Describer::max_items) {
        d.text(", …(" + std::to_string(m.size()) + " items)");
        break;
      }
      if (i++) d.text(", ");
      describe(d, k);
      d.text(": ");
      describe(d, v);
    }
    d.text("}");
  }
};

template <class T>
struct Describe<std::optional<T>> {
  static void write(Describer& d, const std::optional<T>& v) {
    if (v) describe(d, *v);
    else d.text("none");
  }
};

template <class... Ts>
struct Describe<std::variant<Ts...>> {
  static void write(Describer& d, const std::variant<Ts...>& v) {
    std::visit([&](const auto& x) { describe(d, x); }, v);
  }
};

template <class T, class E>
struct Describe<Result<T, E>> {
  static void write(Describer& d, const Result<T, E>& v) {
    d.text(v ? "Ok(" : "Err(");
    if (v) describe(d, *v);
    else describe(d, v.error());
    d.text(")");
  }
};

}  // namespace rally::codec
