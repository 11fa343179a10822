#pragma once
// A room's topic: every browser showing room `id` subscribes to it, and each line said there is
// published to it.
#include <cstdint>
#include <string>

namespace web {

struct Line {
  std::int64_t id = 0;
  std::string author;
  std::string text;
};

struct Room {
  std::int64_t id = 0;
  using Message = Line;
};

}  // namespace web
