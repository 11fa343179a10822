#pragma once
// Per WebSocket connection (and per SSR request for load()). `db` holds no connection itself: the
// first use inside a handler call or a render leases one from the server's pool, and the end of the
// call gives it back (see docs/database.md, "Using the database in an app").
#include <rally/server/database.hpp>

struct ServerContext {
  rally::server::Db db;
};
