#pragma once
// A room's topic: every browser showing room `id` subscribes to it, and each line said there is
// published to it. Only signed-in sockets may listen, as only they may see the room's page.
#include <cstdint>
#include <string>

#include "server_context.hpp"

namespace web {

struct Line {
  std::int64_t id = 0;
  std::string author;
  std::string text;
};

struct Room {
  std::int64_t id = 0;
  using Message = Line;
  static bool authorize(const Room& room, ServerContext& ctx);  // lines.cpp
};

}  // namespace web
