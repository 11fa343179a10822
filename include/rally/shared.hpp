#pragma once
// rally::Shared<T> and rally::SharedFunction<R(Args...)>: one reference-counted box for what views,
// effects and the client runtime hand around (messages, RPC requests, contexts, lazy nodes, event
// handlers, callbacks). They stand in for std::shared_ptr and std::function because of the WASM
// client's size: std::shared_ptr's control block derives from a libc++ class compiled with RTTI,
// which keeps the whole type_info machinery in every client whatever -fno-rtti says (2.4 KB of
// code), and std::function instantiates a vtable of seven functions per lambda type. Here a box
// type costs one destroy function, and a function type one call thunk more.
#include <atomic>
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "render_arena.hpp"

namespace rally {

namespace detail {
// Where boxes live: on the server, the render arena (a render's event handlers and lazy nodes are
// part of its tree, see render_arena.hpp); in the WASM client, and for types aligned past the
// arena's 16 bytes, the heap.
template <bool in_arena>
struct SharedBoxMemory {};
#if !defined(__EMSCRIPTEN__)
template <>
struct SharedBoxMemory<true> {
  static void* operator new(std::size_t bytes) { return node_memory_allocate(bytes); }
  static void operator delete(void* p) noexcept { node_memory_free(p); }
};
#endif

struct SharedBox {
  std::atomic<int> refs{1};  // atomic for the server's threads; plain loads and stores in WASM
  void (*destroy)(SharedBox*) = nullptr;
};
template <class T>
struct SharedBoxOf final : SharedBox, SharedBoxMemory<(alignof(T) <= 16)> {
  template <class... A>
  explicit SharedBoxOf(A&&... args) : value(std::forward<A>(args)...) {
    destroy = [](SharedBox* b) { delete static_cast<SharedBoxOf*>(b); };
  }
  T value;
};
inline void retain(SharedBox* b) noexcept {
  if (b) b->refs.fetch_add(1, std::memory_order_relaxed);
}
inline void release(SharedBox* b) noexcept {
  if (b && b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) b->destroy(b);
}
}  // namespace detail

// A shared value, like std::shared_ptr<T>: copies share it, the last one destroys it. T may be
// `const void` (a value whose type is kept elsewhere, e.g. in a TypeId) or a base class.
template <class T>
class Shared {
 public:
  Shared() noexcept = default;
  Shared(std::nullptr_t) noexcept {}  // NOLINT: empty, like a null pointer
  Shared(const Shared& o) noexcept : box_(o.box_), ptr_(o.ptr_) { detail::retain(box_); }
  Shared(Shared&& o) noexcept : box_(std::exchange(o.box_, nullptr)), ptr_(std::exchange(o.ptr_, nullptr)) {}
  // From a Shared of a derived type, or of any type to `const void`.
  template <class U, class = std::enable_if_t<std::is_convertible_v<U*, T*>>>
  Shared(const Shared<U>& o) noexcept : box_(o.box_), ptr_(o.ptr_) {  // NOLINT: like shared_ptr's
    detail::retain(box_);
  }
  template <class U, class = std::enable_if_t<std::is_convertible_v<U*, T*>>>
  Shared(Shared<U>&& o) noexcept  // NOLINT: like shared_ptr's
      : box_(std::exchange(o.box_, nullptr)), ptr_(std::exchange(o.ptr_, nullptr)) {}
  Shared& operator=(Shared o) noexcept {
    std::swap(box_, o.box_);
    std::swap(ptr_, o.ptr_);
    return *this;
  }
  ~Shared() { detail::release(box_); }

  T* get() const noexcept { return ptr_; }
  template <class U = T, class = std::enable_if_t<!std::is_void_v<U>>>
  U& operator*() const noexcept { return *ptr_; }
  T* operator->() const noexcept { return ptr_; }
  explicit operator bool() const noexcept { return ptr_ != nullptr; }
  friend bool operator==(const Shared& s, std::nullptr_t) noexcept { return s.ptr_ == nullptr; }
  friend bool operator!=(const Shared& s, std::nullptr_t) noexcept { return s.ptr_ != nullptr; }

 private:
  template <class U>
  friend class Shared;
  template <class U, class... A>
  friend Shared<U> make_shared_value(A&&... args);

  detail::SharedBox* box_ = nullptr;
  T* ptr_ = nullptr;
};

// A new shared U built from `args` (std::make_shared's counterpart).
template <class U, class... A>
Shared<U> make_shared_value(A&&... args) {
  auto* box = new detail::SharedBoxOf<std::remove_const_t<U>>(std::forward<A>(args)...);
  Shared<U> s;
  s.box_ = box;
  s.ptr_ = &box->value;
  return s;
}

template <class Signature>
class SharedFunction;

// A shared, immutable function object, like a std::function whose copies share one target.
// A small, trivially copyable target (a message captured by value, a pointer or two) is kept in
// place and copied with the function, so that building a view's handlers allocates nothing;
// anything else goes into a shared box. The target is called as const.
template <class R, class... Args>
class SharedFunction<R(Args...)> {
 public:
  SharedFunction() noexcept = default;
  SharedFunction(std::nullptr_t) noexcept {}  // NOLINT: empty, like std::function
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, SharedFunction> &&
                                              std::is_invocable_r_v<R, const std::decay_t<F>&, Args...>>>
  SharedFunction(F&& f) {  // NOLINT: implicit like std::function
    using Fn = std::decay_t<F>;
    if constexpr (std::is_pointer_v<std::remove_cvref_t<F>> || std::is_member_pointer_v<std::remove_cvref_t<F>>) {
      if (f == nullptr) return;  // empty, as std::function is from a null function pointer
    }
    if constexpr (sizeof(Fn) <= sizeof(Inline) && alignof(Fn) <= alignof(Inline) && std::is_trivially_copyable_v<Fn> &&
                  std::is_trivially_destructible_v<Fn>) {
      ::new (static_cast<void*>(inline_.bytes)) Fn(std::forward<F>(f));
    } else {
      boxed_ = make_shared_value<const Fn>(std::forward<F>(f));
    }
    call_ = [](const void* fn, Args... args) -> R {
      if constexpr (std::is_void_v<R>) {
        (*static_cast<const Fn*>(fn))(std::forward<Args>(args)...);  // a result is dropped, as std::function does
      } else {
        return (*static_cast<const Fn*>(fn))(std::forward<Args>(args)...);
      }
    };
  }
  SharedFunction(const SharedFunction&) = default;
  SharedFunction& operator=(const SharedFunction&) = default;
  // A moved-from function is empty, as a moved-from std::function is in practice: its target may
  // have gone with the box.
  SharedFunction(SharedFunction&& o) noexcept
      : inline_(o.inline_), boxed_(std::move(o.boxed_)), call_(std::exchange(o.call_, nullptr)) {}
  SharedFunction& operator=(SharedFunction&& o) noexcept {
    inline_ = o.inline_;
    boxed_ = std::move(o.boxed_);
    call_ = std::exchange(o.call_, nullptr);
    return *this;
  }

  explicit operator bool() const noexcept { return call_ != nullptr; }
  R operator()(Args... args) const {
    return call_(boxed_ ? boxed_.get() : static_cast<const void*>(inline_.bytes), std::forward<Args>(args)...);
  }

 private:
  struct Inline {
    alignas(void*) unsigned char bytes[2 * sizeof(void*)];
  };
  Inline inline_{};
  Shared<const void> boxed_;
  R (*call_)(const void*, Args...) = nullptr;
};

}  // namespace rally
