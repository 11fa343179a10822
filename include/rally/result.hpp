#pragma once
// rally::Result<T, E>: the value a server handler answers with, and what an RPC response carries.
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "fail.hpp"

namespace rally {

// Wraps an error so that Result<T, E> can be built from it even when T and E are the same type.
template <class E>
struct Err {
  E error;
};

// A human-readable failure, converted to whatever error type the Result has (see below).
struct ErrMessage {
  std::string text;
};

template <class E>
Err<std::decay_t<E>> err(E&& error) {
  return {std::forward<E>(error)};
}
// The common case, `return rally::err("out of stock");`, for any E built from a string or a
// list of strings (the default E is std::vector<std::string>).
inline ErrMessage err(const char* message) { return {std::string(message)}; }
inline ErrMessage err(std::string message) { return {std::move(message)}; }

namespace detail {
template <class E, class = void>
struct has_to_string : std::false_type {};
template <class E>
struct has_to_string<E, std::void_t<decltype(std::string(std::declval<const E&>().to_string()))>> : std::true_type {};
}  // namespace detail

template <class T, class E = std::vector<std::string>>
class Result {
 public:
  using value_type = T;
  using error_type = E;

  Result() : v_(std::in_place_index<0>) {}
  Result(const T& value) : v_(std::in_place_index<0>, value) {}  // NOLINT: implicit like std::expected
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  template <class G, class = std::enable_if_t<std::is_constructible_v<E, G&&>>>
  Result(Err<G> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT
  Result(ErrMessage m) : v_(std::in_place_index<1>, message_error(std::move(m.text))) {}  // NOLINT

  static Result ok(T value) { return Result(std::move(value)); }
  static Result failure(E error) {
    Result r;
    r.v_.template emplace<1>(std::move(error));
    return r;
  }

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { check(); return std::get<0>(v_); }
  const T& value() const& { check(); return std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & {
    if (has_value()) rally::fail<std::logic_error>("rally::Result::error() called on an Ok result");
    return std::get<1>(v_);
  }
  const E& error() const& { return const_cast<Result*>(this)->error(); }

  // The error as one line of text to show the user, so that a page can write
  // `model.error = got.result.error_text();`: for E = std::vector<std::string> its non-empty
  // messages joined with "; ", for a string E the string, otherwise E's to_string(); line breaks
  // become spaces. `fallback` when that text is empty (an Err built with no message); "" for Ok.
  std::string error_text(std::string_view fallback = "something went wrong") const {
    if (has_value()) return {};
    const E& e = std::get<1>(v_);
    std::string text;
    if constexpr (std::is_convertible_v<const E&, std::string_view>) {
      text = std::string_view(e);
    } else if constexpr (std::is_same_v<E, std::vector<std::string>>) {
      for (const auto& m : e) {
        if (m.empty()) continue;
        if (!text.empty()) text += "; ";
        text += m;
      }
    } else {
      static_assert(detail::has_to_string<E>::value,
                    "rally::Result::error_text needs an error type that is a string, a vector of strings or has "
                    "std::string to_string() const");
      text = e.to_string();
    }
    for (char& c : text)
      if (c == '\n' || c == '\r') c = ' ';
    return text.empty() ? std::string(fallback) : text;
  }

  friend bool operator==(const Result& a, const Result& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Result& a, const Result& b) { return !(a == b); }

 private:
  void check() const {
    if (!has_value()) rally::fail<std::logic_error>("rally::Result::value() called on an Err result");
  }
  static E message_error(std::string text) {
    if constexpr (std::is_constructible_v<E, std::vector<std::string>>) {
      return E(std::vector<std::string>{std::move(text)});
    } else {
      static_assert(std::is_constructible_v<E, std::string>,
                    "rally::err(\"message\") needs an error type built from a string or a vector of strings; "
                    "return rally::err(E{...}) for this Result");
      return E(std::move(text));
    }
  }
  std::variant<T, E> v_;
};

template <class T>
struct is_result : std::false_type {};
template <class T, class E>
struct is_result<Result<T, E>> : std::true_type {};

// Builds an E for failures the framework itself reports (timeout, disconnected, server error).
template <class E>
E framework_error(const std::string& message) {
  if constexpr (std::is_constructible_v<E, std::vector<std::string>>) {
    return E(std::vector<std::string>{message});
  } else if constexpr (std::is_constructible_v<E, std::string>) {
    return E(message);
  } else {
    return E{};
  }
}

}  // namespace rally
