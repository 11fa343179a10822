// Native stand-in for lib/client's WASM-only rally::client::start, so generated client entries
// compile and link in the host build. Prints what it was given.
#include <cstdio>

#include <rally/client/app.hpp>

namespace rally::client {
void start(ClientApp app) {
  std::printf("%s: %zu pages, %zu rpcs, contract %s\n", app.name_space.c_str(), app.pages.size(), app.rpcs.size(),
              app.contract.c_str());
}
}  // namespace rally::client
