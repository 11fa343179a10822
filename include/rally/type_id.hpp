#pragma once
// A type's identity without RTTI, for the places where a type is erased (messages, server calls,
// the client context) and must be matched again. The WASM client is built with -fno-rtti: the
// std::type_info records it needed, mostly for std::function's internals, were about a tenth of
// the counter's bundle. A TypeId is the address of one constant per type, and it carries the type's
// readable name ("web::pages::home_::Increment") for error messages.
#include <array>
#include <cstddef>
#include <string_view>

namespace rally {

struct TypeInfo {
  std::string_view name;
};
using TypeId = const TypeInfo*;

namespace detail {
template <class T>
constexpr std::string_view pretty_type_name() {
  // g++: "... pretty_type_name() [with T = NAME; std::string_view = ...]"; clang: "... [T = NAME]".
  constexpr std::string_view f = __PRETTY_FUNCTION__;
  constexpr std::size_t start = f.find("T = ") + 4;
  constexpr std::size_t semicolon = f.find(';', start);
  constexpr std::size_t end = semicolon != std::string_view::npos ? semicolon : f.rfind(']');
  return f.substr(start, end - start);
}

// The name copied out, so that only it, not the whole function signature, lands in the binary.
template <class T>
struct type_tag {
  static constexpr std::string_view full = pretty_type_name<T>();
  static constexpr std::array<char, full.size()> chars = [] {
    std::array<char, full.size()> a{};
    for (std::size_t i = 0; i < full.size(); ++i) a[i] = full[i];
    return a;
  }();
  static constexpr TypeInfo info{std::string_view(chars.data(), chars.size())};
};
}  // namespace detail

template <class T>
constexpr TypeId type_id() {
  return &detail::type_tag<T>::info;
}

// For messages: the type's name, "?" for none.
constexpr std::string_view type_name(TypeId t) { return t ? t->name : std::string_view("?"); }

}  // namespace rally
