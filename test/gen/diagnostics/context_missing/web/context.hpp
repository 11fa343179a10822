#pragma once
// A ClientContext declared outside web/client_context.hpp: the namespace has none.
#include <string>

namespace web {
struct ClientContext {
  std::string user;
};
}  // namespace web
