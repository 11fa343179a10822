#pragma once
// Everything an app's server code uses from rally::db (test_db.hpp is for tests only).
#include "rally/db/connection.hpp"
#include "rally/db/migrate.hpp"
#include "rally/db/pool.hpp"
#include "rally/db/transaction.hpp"
