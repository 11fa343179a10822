#pragma once
#include <string>
struct ServerContext {
  std::string user;
};
