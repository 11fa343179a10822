#pragma once
#include <string>

namespace web {

struct ClientContext {
  std::string user;
};

}  // namespace web
