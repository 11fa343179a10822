#pragma once
// What every page and the layout know about the visitor: the signed-in user's name ("" when
// signed out). Built per request on the server, and pushed to every open tab of the browser when
// it signs in or out.
#include <string>

#include "server_context.hpp"

namespace web {

struct ClientContext {
  std::string name;
};

ClientContext make_client_context(ServerContext& ctx);

}  // namespace web
