#pragma once
// rally::match(variant, lambdas...): std::visit with an overload set, readable in update().
#include <utility>
#include <variant>

namespace rally {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
// libc++ 13 (Emscripten) has no aggregate CTAD: spell the guide out.
template <class... F>
overloaded(F...) -> overloaded<F...>;

template <class Variant, class... F>
decltype(auto) match(Variant&& v, F&&... f) {
  return std::visit(overloaded<std::decay_t<F>...>{std::forward<F>(f)...}, std::forward<Variant>(v));
}

}  // namespace rally
