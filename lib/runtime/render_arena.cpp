// The per-thread bump arena behind the server's Node trees (see rally/render_arena.hpp).
#include "rally/render_arena.hpp"

#if !defined(__EMSCRIPTEN__)  // the WASM client keeps std::allocator

#include <atomic>
#include <cstdint>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define RALLY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RALLY_ASAN 1
#endif
#endif
#if defined(RALLY_ASAN)
#include <sanitizer/asan_interface.h>
#define RALLY_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define RALLY_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define RALLY_POISON(p, n) ((void)(p), (void)(n))
#define RALLY_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace rally::detail {

namespace {

class Arena;

// Every block starts with its arena (nullptr for a heap block), so a free needs no lookup.
struct alignas(16) Header {
  Arena* arena;
  std::size_t size;  // the whole block's, header included
};
constexpr std::size_t header_size = sizeof(Header);
static_assert(header_size == 16);

constexpr std::size_t chunk_size = 256 * 1024;
// A long list (1,000 Nodes are 192 KB) is one heap allocation, not worth an arena's waste
// when it grows.
constexpr std::size_t largest_arena_block = 16 * 1024;
// Chunks kept between renders; a render that needed more gives the rest back.
constexpr std::size_t kept_chunks = 16;

std::size_t round_up(std::size_t n) { return (n + 15) & ~std::size_t{15}; }

// Blocks are counted without atomics on the owning thread: `allocated_` and `freed_here_` are the
// owner's alone. A free from anywhere else (another thread, or after the owner gave the arena up)
// counts down `elsewhere_`, which the owner folds its balance into when it gives the arena up; the
// free that brings it to zero deletes the arena.
class Arena {
 public:
  ~Arena() {
    for (char* c : chunks_) {
      RALLY_UNPOISON(c, chunk_size);
      ::operator delete(c);
    }
  }

  char* allocate(std::size_t total) {
    if (static_cast<std::size_t>(end_ - next_) < total) next_chunk();
    char* p = next_;
    next_ += total;
    ++allocated_;
    RALLY_UNPOISON(p, total);
    return p;
  }
  void free_here() { ++freed_here_; }
  void free_elsewhere() {
    if (elsewhere_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  long live_blocks() const { return allocated_ - freed_here_ + elsewhere_.load(std::memory_order_acquire); }

  // The owner is done with a render: reuse the memory if no block is live, else give the arena up
  // (false) to whichever free comes last.
  bool rewind() {
    if (live_blocks() != 0) {
      if (elsewhere_.fetch_add(allocated_ - freed_here_, std::memory_order_acq_rel) + (allocated_ - freed_here_) == 0)
        delete this;
      return false;
    }
    // Nothing is live, so nothing can be freed concurrently: the counts restart.
    allocated_ = freed_here_ = 0;
    elsewhere_.store(0, std::memory_order_relaxed);
    while (chunks_.size() > kept_chunks) {
      RALLY_UNPOISON(chunks_.back(), chunk_size);
      ::operator delete(chunks_.back());
      chunks_.pop_back();
    }
    for (char* c : chunks_) RALLY_POISON(c, chunk_size);
    chunk_ = 0;
    next_ = chunks_.empty() ? nullptr : chunks_.front();
    end_ = next_ ? next_ + chunk_size : nullptr;
    return true;
  }

 private:
  void next_chunk() {
    if (next_ != nullptr) ++chunk_;
    if (chunk_ == chunks_.size()) {
      chunks_.push_back(static_cast<char*>(::operator new(chunk_size)));
      RALLY_POISON(chunks_.back(), chunk_size);
    }
    next_ = chunks_[chunk_];
    end_ = next_ + chunk_size;
  }

  long allocated_ = 0;
  long freed_here_ = 0;
  std::atomic<long> elsewhere_{0};
  std::vector<char*> chunks_;
  std::size_t chunk_ = 0;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

// The thread's arena and open scopes: plain data, so the hot path pays no thread_local guard.
struct ThreadArena {
  Arena* arena;
  int depth;
};
constinit thread_local ThreadArena this_thread{nullptr, 0};

// Gives the thread's arena up when the thread ends (set up by the thread's first scope).
struct ThreadExit {
  ~ThreadExit() {
    if (this_thread.arena && !this_thread.arena->rewind()) this_thread.arena = nullptr;
    delete this_thread.arena;
    this_thread.arena = nullptr;
  }
};
thread_local ThreadExit thread_exit;

}  // namespace

void* node_memory_allocate(std::size_t bytes) {
  const std::size_t total = header_size + round_up(bytes);
  Arena* arena = this_thread.depth > 0 && total <= largest_arena_block ? this_thread.arena : nullptr;
  char* p = arena ? arena->allocate(total) : static_cast<char*>(::operator new(total));
  ::new (p) Header{arena, total};
  return p + header_size;
}

void node_memory_free(void* block) noexcept {
  if (!block) return;
  char* p = static_cast<char*>(block) - header_size;
  const Header header = *reinterpret_cast<const Header*>(p);
  if (!header.arena) {
    ::operator delete(p);
    return;
  }
  RALLY_POISON(p, header.size);  // a use after free is caught here too, in sanitizer builds
  if (header.arena == this_thread.arena) header.arena->free_here();
  else header.arena->free_elsewhere();
}

RenderArena::Scope::Scope() {
  // The arena first: if making it throws, no scope was opened and the depth is unchanged.
  if (this_thread.depth == 0 && !this_thread.arena) {
    (void)&thread_exit;  // odr-use: constructs it, so that it runs at thread exit
    this_thread.arena = new Arena;
  }
  ++this_thread.depth;
}

RenderArena::Scope::~Scope() {
  if (--this_thread.depth > 0) return;
  // A Node built in this render may still be alive (kept in a static, moved to another thread...):
  // its blocks stay valid in this arena, which lives on until they are freed; the thread's next
  // scope makes a new one.
  if (!this_thread.arena->rewind()) this_thread.arena = nullptr;
}

long RenderArena::live_blocks() { return this_thread.arena ? this_thread.arena->live_blocks() : 0; }

}  // namespace rally::detail
#endif
