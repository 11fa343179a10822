#pragma once
// What every server handler (server_*) and load() receives: made by make_server_context for each
// page request and each call from the browser.
#include <rally/server/database.hpp>
#include <rally/server/request.hpp>

struct ServerContext {
  // The app's SQLite database: inside a handler or a load() it acts on that call's connection.
  rally::server::Db db;
};

ServerContext make_server_context(const rally::Request& request);
