// Startup migrations, --migrate/--reset, and the server's pool.
#include "database_startup.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "rally/db/connection.hpp"
#include "rally/db/migrate.hpp"
#include "rally/db/pool.hpp"
#include "rally/server/env.hpp"

#include "http_text.hpp"

namespace rally::server {

namespace {

using detail::lowercase;

void print_error(const rally::db::Error& error) {
  // Migration errors already read "file:line: error: ..."; others get the same prefix as every
  // other startup error.
  const std::string text = error.to_string();
  if (!error.file.empty())
    std::fprintf(stderr, "%s\n", text.c_str());
  else
    std::fprintf(stderr, "rally: database error: %s\n", text.c_str());
}

// Applies what is pending; reports each applied file on `out`.
bool apply(rally::db::Connection& conn, const DatabaseConfig& config, std::FILE* out) {
  auto done = rally::migrate::run(conn, config.migrations);
  if (!done) {
    print_error(done.error());
    std::fprintf(stderr, "rally: %s was not migrated; nothing was reset\n", config.path.c_str());
    return false;
  }
  for (const auto& m : done->applied) std::fprintf(out, "rally: applied migration %s\n", m.name.c_str());
  return true;
}

std::optional<rally::db::Connection> open_file(const DatabaseConfig& config) {
  auto conn = rally::db::open(config.path);
  if (!conn) {
    print_error(conn.error());
    return std::nullopt;
  }
  return std::move(*conn);
}

}  // namespace

DatabaseConfig database_config_from_env(std::string_view app_name, const std::string& migrations_dir) {
  DatabaseConfig config;
  config.path = "db/" + std::string(app_name) + ".db";
  if (const char* path = std::getenv("DATABASE_PATH")) {
    if (*path == '\0') throw std::invalid_argument("DATABASE_PATH=\"\" is empty; unset it for db/" + std::string(app_name) + ".db");
    config.path = path;
  }
  config.migrations = migrations_dir;
  if (const char* dir = std::getenv("RALLY_MIGRATIONS_DIR"); dir && *dir) config.migrations = dir;
  if (const char* migrate = std::getenv("RALLY_MIGRATE")) {
    const std::string value = lowercase(migrate);
    if (value == "0" || value == "false" || value == "no" || value == "off")
      config.migrate_at_startup = false;
    else if (!(value == "1" || value == "true" || value == "yes" || value == "on"))
      throw std::invalid_argument("RALLY_MIGRATE=\"" + std::string(migrate) + "\" is not 0 or 1");
  }
  return config;
}

int migrate_command(const DatabaseConfig& config) {
  auto conn = open_file(config);
  if (!conn) return 1;
  if (!apply(*conn, config, stdout)) return 1;
  auto status = rally::migrate::status(*conn, config.migrations);
  if (!status) {
    print_error(status.error());
    return 1;
  }
  std::printf("rally: %s is at version %d (%zu migration(s) applied, %zu pending)\n", config.path.c_str(),
              status->version, status->applied.size(), status->pending.size());
  return 0;
}

int reset_command(const DatabaseConfig& config) {
  if (env::is_prod()) {
    std::fprintf(stderr, "rally: --reset refused: APP_ENV=%s is production, and a reset deletes %s\n",
                 std::getenv("APP_ENV"), config.path.c_str());
    return 1;
  }
  // The companions first: a -wal without its database would be replayed into a new file.
  for (const char* suffix : {"-wal", "-shm", "-journal", ""}) {
    const std::filesystem::path file = config.path + suffix;
    std::error_code ec;
    if (std::filesystem::remove(file, ec)) {
      std::printf("rally: deleted %s\n", file.c_str());
    } else if (ec) {
      std::fprintf(stderr, "rally: cannot delete %s: %s\n", file.c_str(), ec.message().c_str());
      return 1;
    }
  }
  return migrate_command(config);
}

std::shared_ptr<rally::db::Pool> open_database(const DatabaseConfig& config, std::size_t size) {
  {
    // Migrate on a connection of its own before the pool exists: nothing else can use the
    // database until the schema is what the app was built against.
    auto conn = open_file(config);
    if (!conn) return nullptr;
    if (config.migrate_at_startup) {
      if (!apply(*conn, config, stderr)) return nullptr;
    } else if (auto status = rally::migrate::status(*conn, config.migrations); status && !status->pending.empty()) {
      std::fprintf(stderr, "rally: warning: %zu pending migration(s) not applied (migrations turned off)\n",
                   status->pending.size());
    }
  }
  auto pool = rally::db::Pool::open(config.path, size);
  if (!pool) {
    print_error(pool.error());
    return nullptr;
  }
  return std::make_shared<rally::db::Pool>(std::move(*pool));
}

}  // namespace rally::server
