#pragma once
// What every page of namespace web (and its layout) knows about the visitor. The server builds it
// for each request from the ServerContext; the client keeps it across navigations and gets a new
// one pushed when a server call changes it (see settings/profile's server_rename).
#include <string>

#include "server_context.hpp"

namespace web {

struct ClientContext {
  std::string user_name;
};

inline ClientContext make_client_context(ServerContext& ctx) { return ClientContext{ctx.user_name}; }

}  // namespace web
