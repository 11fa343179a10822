#pragma once
// Memory for the vectors of a view's Node tree on the server.
//
// A server render builds a tree of thousands of small vectors (each element's children, attributes
// and handlers), writes it out as HTML and drops it. Inside a RenderArena::Scope those vectors come
// from a per-thread bump arena that is rewound after the render, so a render makes no heap
// allocation per node. std::allocator is specialised for the Node tree's element types (below) so
// that every std::vector<rally::Node> a view builds takes part without a type of its own.
//
// Safe for any lifetime: each block starts with a header naming its arena, and an arena counts its
// live blocks (frees on its own thread without atomics, frees from other threads with one atomic
// counter). A Node that outlives its render keeps that arena from being rewound: the arena lives on
// until its last block is freed, on any thread, and the thread's next scope starts a new one.
// Outside a scope, and for blocks larger than 16 KB, memory comes from the heap. The WASM client
// does not use the arena.
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace rally {

struct Node;
struct Attribute;
struct EventHandler;

namespace detail {

#if !defined(__EMSCRIPTEN__)
class RenderArena {
 public:
  // While one is alive on a thread (nested ones are free), the Node tree's vectors built on that
  // thread come from the thread's arena; the outermost one rewinds it.
  class Scope {
   public:
    Scope();
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
  };
  // Arena blocks handed out on this thread and not yet freed (for tests).
  static long live_blocks();
};

void* node_memory_allocate(std::size_t bytes);
void node_memory_free(void* p) noexcept;

template <class T>
struct NodeAllocator {
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using propagate_on_container_move_assignment = std::true_type;
  using is_always_equal = std::true_type;

  T* allocate(std::size_t n) {
    static_assert(alignof(T) <= 16, "rally: node memory is 16-byte aligned");
    if (n > static_cast<std::size_t>(-1) / 2 / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(node_memory_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t) noexcept { node_memory_free(p); }
};
#else
class RenderArena {  // the WASM client keeps std::allocator
 public:
  struct Scope {};
  static long live_blocks() { return 0; }
};
#endif

}  // namespace detail
}  // namespace rally

#if !defined(__EMSCRIPTEN__)

// Allowed: std::allocator may be specialised for program-defined types. Stateless, so every
// allocator of these types is interchangeable, as std::allocator's are.
#define RALLY_NODE_ALLOCATOR(T)                                                   \
  namespace std {                                                                 \
  template <>                                                                     \
  class allocator<T> : public rally::detail::NodeAllocator<T> {                   \
   public:                                                                        \
    allocator() noexcept = default;                                               \
    allocator(const allocator&) noexcept = default;                               \
    template <class U>                                                            \
    allocator(const allocator<U>&) noexcept {} /* NOLINT: as std::allocator's */ \
    friend bool operator==(const allocator&, const allocator&) noexcept { return true; } \
  };                                                                              \
  }
RALLY_NODE_ALLOCATOR(rally::Node)
RALLY_NODE_ALLOCATOR(rally::Attribute)
RALLY_NODE_ALLOCATOR(rally::EventHandler)
#else
#define RALLY_NODE_ALLOCATOR(T)  // the WASM client keeps std::allocator
#endif
