// Misuses that must stop at one readable static_assert. CMakeLists.txt compiles this file once per
// case (-DCASE_<name>) and expects the message; each case is a compile error on purpose.
#include <rally/page.hpp>

namespace {
struct Model { int count = 0; };
struct Inc {};
struct Dec {};
using Msg = std::variant<Inc, Dec>;
struct NoText {};

[[maybe_unused]] rally::Node view() {
  using namespace rally::html;
#if defined(CASE_child_int)
  return p({}, 42);
#elif defined(CASE_child_string)
  return p({}, {text("ok"), "not text"});
#elif defined(CASE_child_vector_of_strings)
  std::vector<std::string> names{"a"};
  return ul({}, names);
#else
  return div();
#endif
}

[[maybe_unused]] rally::Update<Model, Msg> update(Model model, Msg msg) {
#if defined(CASE_update_missing_handler)
  return rally::update(model, msg, [&](Inc) { ++model.count; });
#elif defined(CASE_update_returns_update)
  return rally::update(model, msg, [&](auto) -> rally::Update<Model, Msg> { return {model, rally::effect::none()}; });
#else
  return rally::update(model, msg, [&](auto) {});
#endif
}

[[maybe_unused]] std::string error_text() {
#if defined(CASE_error_text_unprintable)
  return rally::Result<int, NoText>(rally::err(NoText{})).error_text();
#else
  return {};
#endif
}
}  // namespace
