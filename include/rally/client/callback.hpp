#pragma once
// rally::client::Callback<R(Args...)>: what the generated client keeps its per-page functions in
// (a page's hydrate/init/from_load, the route matcher, the context decoder).
// Those are lambdas that capture a pointer or two, so Callback stores the lambda in place and
// calls it through one function pointer. std::function would add, per lambda type, a heap copy and
// a vtable of clone, destroy and target functions: that machinery was the largest single item of
// the counter's WASM (issue 11's breakdown: 9.5 KB of 80 KB of code). Portable (std only).
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace rally::client {

template <class Signature>
class Callback;

template <class R, class... Args>
class Callback<R(Args...)> {
 public:
  Callback() noexcept = default;
  Callback(std::nullptr_t) noexcept {}  // NOLINT: empty, like std::function

  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Callback> &&
                                              std::is_invocable_r_v<R, const std::decay_t<F>&, Args...>>>
  Callback(F&& f) noexcept {  // NOLINT: implicit like std::function
    using Fn = std::decay_t<F>;
    static_assert(sizeof(Fn) <= sizeof(Storage) && alignof(Fn) <= alignof(Storage),
                  "rally::client::Callback holds a function object of at most two pointers");
    static_assert(std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>,
                  "rally::client::Callback holds only trivially copyable function objects (capture pointers)");
    if constexpr (std::is_pointer_v<std::remove_cvref_t<F>> || std::is_member_pointer_v<std::remove_cvref_t<F>>) {
      if (f == nullptr) return;  // empty, as std::function is from a null function pointer
    }
    ::new (static_cast<void*>(storage_.bytes)) Fn(std::forward<F>(f));
    call_ = [](const void* fn, Args&&... args) -> R {
      return (*std::launder(static_cast<const Fn*>(fn)))(std::forward<Args>(args)...);
    };
  }

  explicit operator bool() const noexcept { return call_ != nullptr; }
  R operator()(Args... args) const { return call_(storage_.bytes, std::forward<Args>(args)...); }

 private:
  struct Storage {
    alignas(void*) unsigned char bytes[2 * sizeof(void*)];
  };
  Storage storage_{};
  R (*call_)(const void*, Args&&...) = nullptr;
};

}  // namespace rally::client
