#pragma once
// Owning wrappers for libclang handles, so an early return never leaks an index or a TU.
#include <clang-c/Index.h>

#include <string>
#include <type_traits>
#include <utility>

namespace rally::gen {

// CXString -> std::string, disposing the CXString.
inline std::string take(CXString s) {
  const char* c = clang_getCString(s);
  std::string out = c ? c : "";
  clang_disposeString(s);
  return out;
}

template <class H, void (*Dispose)(H)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(H h) : h_(h) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  ~Handle() { reset(); }
  void reset() {
    if (h_) Dispose(h_);
    h_ = nullptr;
  }
  H get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr; }

 private:
  H h_ = nullptr;
};

using Index = Handle<CXIndex, clang_disposeIndex>;
using TranslationUnit = Handle<CXTranslationUnit, clang_disposeTranslationUnit>;
using ClangDiagnostic = Handle<CXDiagnostic, clang_disposeDiagnostic>;

// Visits the direct children of `c` with any callable taking a CXCursor; `f` returns false to stop.
template <class F>
void for_each_child(CXCursor c, F&& f) {
  clang_visitChildren(
      c,
      [](CXCursor child, CXCursor, CXClientData data) {
        auto& fn = *static_cast<std::remove_reference_t<F>*>(data);
        return fn(child) ? CXChildVisit_Continue : CXChildVisit_Break;
      },
      &f);
}

}  // namespace rally::gen
