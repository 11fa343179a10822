#pragma once
// rally::migrate: numbered SQL migrations. A folder holds NNN_name.sql files (three or more
// digits, then '_', then letters, digits or '_'), numbered 1, 2, 3... without gaps. Each file runs
// in its own transaction and is recorded in the table rally_migrations (version, name, checksum,
// applied_at). The run stops at the first failure, leaving the database at the last success.
// Nothing is ever reset or re-applied silently: a recorded file that changed or disappeared is
// an error that names it.
#include <filesystem>
#include <string>
#include <vector>

#include "rally/db/connection.hpp"

namespace rally::migrate {

struct Migration {
  int version = 0;
  std::string name;      // the file name, "001_create_items.sql"
  std::string checksum;  // FNV-1a 64 of the file's bytes, 16 lowercase hex digits
};

struct Applied {
  int version = 0;
  std::string name;
  std::string checksum;
  std::string applied_at;  // UTC, "2025-01-31T12:00:00.000Z"
};

struct Summary {
  std::vector<Migration> applied;  // by this run, in order
  int version = 0;                 // the database's version afterwards
};

struct Status {
  std::vector<Applied> applied;    // recorded in the database
  std::vector<Migration> pending;  // in the folder, not yet applied
  int version = 0;
};

// Reads and validates the folder (names, numbering) without touching a database.
db::Result<std::vector<Migration>> scan(const std::filesystem::path& folder);

// Applies the pending migrations of `folder`. Errors name the file (and line, for SQL errors):
// "<folder>/002_x.sql:7: error: no such table: itemz".
db::Result<Summary> run(db::Connection& conn, const std::filesystem::path& folder);

// What run() would do, after the same consistency checks; changes nothing (not even creating
// rally_migrations).
db::Result<Status> status(db::Connection& conn, const std::filesystem::path& folder);

// The checksum stored for a file's bytes.
std::string checksum(std::string_view bytes);

}  // namespace rally::migrate
