#pragma once
// rally::test_db: a fresh in-memory database per test. The migrations of a folder run once per
// process into a template database; every call copies the template (SQLite's backup API, a page
// copy, no SQL re-run) into a new ":memory:" connection. Tests never share rows.
//
//   TEST(Items, Create) {
//     auto db = rally::test_db::open("db/migrations");
//     ...
//   }
#include <filesystem>

#include "rally/db/connection.hpp"

namespace rally::test_db {

// A new in-memory database with the folder's migrations applied. A broken migration folder is
// reported the same way on every call (the first result is remembered).
db::Result<db::Connection> try_open(const std::filesystem::path& migrations);

// try_open() for test code: a failure throws std::runtime_error carrying the full error text,
// which GoogleTest reports as the test's failure.
db::Connection open(const std::filesystem::path& migrations);

// An empty in-memory database with Rally's pragmas.
db::Connection open_empty();

}  // namespace rally::test_db
