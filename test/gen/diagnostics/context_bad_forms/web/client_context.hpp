#pragma once
#include <string>

#include "server_context.hpp"

namespace web {

struct Avatar {
  int* pixels;
};
struct User {
  std::string name;
  Avatar avatar;
};
struct ClientContext {
  User user;
};

inline ClientContext make_client_context(const ServerContext& ctx) { return {User{ctx.user, {}}}; }

}  // namespace web
