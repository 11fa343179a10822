#pragma once
// rally::match(variant, lambdas...): std::visit with an overload set, readable in update().
// rally::update(model, msg, lambdas...): the same for a whole update(), without spelling
// rally::Update<Model, Msg> in every branch.
#include <type_traits>
#include <utility>
#include <variant>

#include "effect.hpp"

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

// Runs the handler for msg's alternative and returns {model, its effect}:
//
//   return rally::update(model, msg,
//     [&](Increment) { return rally::effect::rpc(ServerIncrement{1}, rally::to<GotIncrement>); },
//     [&](GotIncrement& got) { if (got.result) model.count += *got.result; });
//
// Handlers take the alternative by T&, const T& or value, change `model` (captured by reference)
// and return an effect (none(), rpc(...), navigate(...), set_context(...), batch(...), an
// Effect<Msg>) or nothing, which is no effect. `model` is moved into the result afterwards (copied
// if it is const).
template <class Model, class Msg, class... F>
Update<std::remove_const_t<Model>, std::remove_const_t<Msg>> update(Model& model, Msg& msg, F&&... handlers) {
  using Effect = rally::Effect<std::remove_const_t<Msg>>;
  overloaded<std::decay_t<F>...> handle{std::forward<F>(handlers)...};
  Effect effect = std::visit(
      [&](auto& alternative) -> Effect {
        using A = decltype(alternative);
        static_assert(std::is_invocable_v<decltype(handle)&, A>,
                      "rally::update: no handler takes this alternative of Msg (a handler taking T& needs a "
                      "non-const msg)");
        if constexpr (std::is_invocable_v<decltype(handle)&, A>) {
          using R = std::invoke_result_t<decltype(handle)&, A>;
          static_assert(std::is_void_v<R> || std::is_convertible_v<R, Effect>,
                        "rally::update: a handler returns an effect (rally::effect::none(), rpc(...), navigate(...), "
                        "set_context(...), batch(...), a rally::Effect<Msg>) or nothing; handlers that return "
                        "rally::Update go with rally::match");
          if constexpr (std::is_void_v<R>) handle(alternative);
          else if constexpr (std::is_convertible_v<R, Effect>) return handle(alternative);
        }
        return {};
      },
      msg);
  return {std::move(model), std::move(effect)};
}

}  // namespace rally
