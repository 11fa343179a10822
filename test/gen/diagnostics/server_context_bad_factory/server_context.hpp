#pragma once
#include <string>
#include <rally/server/request.hpp>
struct ServerContext {
  explicit ServerContext(std::string who) : user(std::move(who)) {}
  std::string user;
};
ServerContext make_server_context(rally::Request& request);
