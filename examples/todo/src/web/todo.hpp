#pragma once
// One item as the pages and the wire see it (the generated sql::todos rows stay on the server).
#include <cstdint>
#include <string>

namespace web {

struct Todo {
  std::int64_t id = 0;
  std::string title;
  bool done = false;
};

}  // namespace web
