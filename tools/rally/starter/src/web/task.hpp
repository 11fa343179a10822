#pragma once
// One task as the pages and the browser see it (the generated sql::tasks rows stay on the server).
#include <cstdint>
#include <string>

namespace web {

struct Task {
  std::int64_t id = 0;
  std::string title;
  bool done = false;
};

}  // namespace web
