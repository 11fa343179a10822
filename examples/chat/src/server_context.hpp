#pragma once
#include <rally/server/database.hpp>

struct ServerContext {
  rally::server::Db db;
};
