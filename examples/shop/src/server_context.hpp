#pragma once
// Per WebSocket connection (and per SSR request). The shop keeps its data in the pages' .cpp
// files; a real app would hold its database handle and the signed-in user's session here.
#include <string>

struct ServerContext {
  // Who is signed in on this connection; settings/profile's server_rename changes it.
  std::string user_name = "guest";
};
