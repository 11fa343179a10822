// Native stand-ins for lib/client's WASM-only rally::client::start and hooks, so generated
// client entries compile and link in the host build. start prints what it was given.
#include <cstdio>

#include <rally/client/app.hpp>

namespace rally::client {
struct NavigationHooks {};
const NavigationHooks* navigation_hooks() {
  static constexpr NavigationHooks hooks;
  return &hooks;
}
struct TopicHooks {};
const TopicHooks* topic_hooks() {
  static constexpr TopicHooks hooks;
  return &hooks;
}
struct TitleHooks {};
const TitleHooks* title_hooks() {
  static constexpr TitleHooks hooks;
  return &hooks;
}
struct ContextHooks {};
const ContextHooks* context_hooks() {
  static constexpr ContextHooks hooks;
  return &hooks;
}

void start(ClientApp app) {
  std::printf("%s: %zu pages, %zu rpcs, contract %s\n", app.name_space.c_str(), app.pages.size(), app.rpcs.size(),
              app.contract.c_str());
}
}  // namespace rally::client
