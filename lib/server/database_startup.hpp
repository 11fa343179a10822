#pragma once
// The database part of rally::server::main: where the file is, startup migrations, the --migrate
// and --reset commands, and the pool. Boost-free.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace rally::db {
class Pool;
}

namespace rally::server {

struct DatabaseConfig {
  std::string path;                   // DATABASE_PATH, default db/<app>.db
  std::filesystem::path migrations;   // RALLY_MIGRATIONS_DIR over the app's MIGRATIONS folder
  bool migrate_at_startup = true;     // RALLY_MIGRATE=0 or --no-migrate turn it off
};

// Reads DATABASE_PATH, RALLY_MIGRATIONS_DIR and RALLY_MIGRATE over the app's defaults. Throws
// std::invalid_argument for a bad value (RALLY_MIGRATE=maybe, an empty DATABASE_PATH).
DatabaseConfig database_config_from_env(std::string_view app_name, const std::string& migrations_dir);

// --migrate: applies the pending migrations and prints the status to stdout. Returns the exit code.
int migrate_command(const DatabaseConfig& config);
// --reset: deletes the database file and its -wal/-shm/-journal companions, then migrate_command.
// Refused (exit 1) in production.
int reset_command(const DatabaseConfig& config);

// Before serving: applies pending migrations (unless turned off) and opens a pool of `size`
// connections. On failure prints the error ("file:line: error: ...") to stderr and returns null.
std::shared_ptr<rally::db::Pool> open_database(const DatabaseConfig& config, std::size_t size);

}  // namespace rally::server
