// Migrations: scan and validate the folder, check the recorded history against it, then apply
// what is pending, one transaction per file.
#include "rally/db/migrate.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>

#include "rally/db/transaction.hpp"

namespace rally::migrate {

namespace fs = std::filesystem;
using db::Error;

namespace {

// More digits could not be a version a person numbers by hand; it also keeps stoi in range.
constexpr std::size_t max_version_digits = 9;

struct File {
  Migration migration;
  fs::path path;
  std::string sql;
};

Error file_error(const fs::path& path, std::string message) {
  return Error{std::move(message), 0, {}, path.string(), 0};
}

// The version of "NNN_name.sql", or nullopt when the name does not have that shape.
std::optional<int> parse_name(const std::string& name) {
  constexpr std::string_view ext = ".sql";
  if (name.size() <= ext.size() || !name.ends_with(ext)) return std::nullopt;
  std::string_view stem(name.data(), name.size() - ext.size());
  std::size_t digits = 0;
  while (digits < stem.size() && stem[digits] >= '0' && stem[digits] <= '9') ++digits;
  if (digits < 3 || digits > max_version_digits) return std::nullopt;
  if (digits >= stem.size() || stem[digits] != '_' || digits + 1 == stem.size()) return std::nullopt;
  for (char c : stem.substr(digits + 1)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return std::nullopt;
  }
  return std::stoi(std::string(stem.substr(0, digits)));
}

db::Result<std::vector<File>> scan_files(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return rally::err(file_error(folder, "migrations folder not found"));
  std::vector<File> files;
  fs::directory_iterator it(folder, ec), end;
  if (ec) return rally::err(file_error(folder, "cannot read the migrations folder: " + ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return rally::err(file_error(folder, "cannot read the migrations folder: " + ec.message()));
    if (it->path().extension() != ".sql") continue;  // README.md and friends may live here
    if (!it->is_regular_file(ec)) continue;
    File f;
    f.path = it->path();
    f.migration.name = f.path.filename().string();
    files.push_back(std::move(f));
  }
  // Sorted by name first so that errors are reported in a stable order.
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.migration.name < b.migration.name; });
  for (auto& f : files) {
    auto version = parse_name(f.migration.name);
    if (!version) {
      return rally::err(file_error(f.path, "bad migration file name: expected NNN_name.sql (three or more "
                                           "digits, '_', then letters, digits or '_')"));
    }
    if (*version == 0) return rally::err(file_error(f.path, "migration numbers start at 001"));
    f.migration.version = *version;
  }
  std::stable_sort(files.begin(), files.end(),
                   [](const File& a, const File& b) { return a.migration.version < b.migration.version; });
  for (std::size_t i = 0; i < files.size(); ++i) {
    int expected = static_cast<int>(i) + 1;
    int version = files[i].migration.version;
    if (version == expected) continue;
    if (i > 0 && version == files[i - 1].migration.version) {
      return rally::err(file_error(files[i].path, "migration number " + std::to_string(version) +
                                                      " is also used by " + files[i - 1].migration.name));
    }
    std::string after = i > 0 ? "after " + files[i - 1].migration.name : "at the start";
    return rally::err(file_error(files[i].path, "migration number " + std::to_string(expected) +
                                                    " is missing (gap " + after + ")"));
  }
  for (auto& f : files) {
    std::ifstream in(f.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return rally::err(file_error(f.path, "cannot read the file"));
    f.migration.checksum = checksum(bytes);
    f.sql = std::move(bytes);
  }
  return files;
}

bool table_exists(db::Connection& conn) {
  auto n = conn.query_value<std::int64_t>(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'rally_migrations'");
  return n && *n > 0;
}

db::Result<std::vector<Applied>> read_applied(db::Connection& conn) {
  std::vector<Applied> applied;
  if (!table_exists(conn)) return applied;
  auto stmt = conn.prepare("SELECT version, name, checksum, applied_at FROM rally_migrations ORDER BY version");
  if (!stmt) return rally::err(std::move(stmt.error()));
  while (true) {
    auto row = stmt->step();
    if (!row) return rally::err(std::move(row.error()));
    if (!*row) break;
    applied.push_back(Applied{stmt->column<int>(0), stmt->column<std::string>(1),
                              stmt->column<std::string>(2), stmt->column<std::string>(3)});
  }
  return applied;
}

// Every recorded migration must still be in the folder, unchanged, and the pending ones must
// all come after it: otherwise the database and the code disagree and a person has to decide.
db::Result<db::Unit> check_history(const fs::path& folder, const std::vector<File>& files,
                                   const std::vector<Applied>& applied) {
  int last = 0;
  for (const auto& a : applied) {
    auto it = std::find_if(files.begin(), files.end(), [&](const File& f) { return f.migration.version == a.version; });
    if (it == files.end()) {
      return rally::err(file_error(folder / a.name, "migration " + std::to_string(a.version) +
                                                        " was applied but its file is gone; restore it "
                                                        "(applied migrations are never undone)"));
    }
    if (it->migration.name != a.name) {
      return rally::err(file_error(it->path, "migration " + std::to_string(a.version) + " was applied as " +
                                                 a.name + "; rename the file back"));
    }
    if (it->migration.checksum != a.checksum) {
      return rally::err(file_error(it->path, "was changed after it was applied (checksum " + a.checksum +
                                                 ", now " + it->migration.checksum +
                                                 "); add a new migration instead of editing this one"));
    }
    last = std::max(last, a.version);
  }
  for (const auto& f : files) {
    bool done = std::any_of(applied.begin(), applied.end(), [&](const Applied& a) { return a.version == f.migration.version; });
    if (!done && f.migration.version < last) {
      return rally::err(file_error(f.path, "is not applied but a later migration (" + std::to_string(last) +
                                               ") is; the database history has a hole"));
    }
  }
  return db::Unit{};
}

// A migration's own BEGIN/COMMIT would end the transaction run() wraps it in, committing half a
// file without recording it. The authorizer rejects them while the file's statements are prepared.
int deny_transaction_control(void*, int action, const char*, const char*, const char*, const char*) {
  return action == SQLITE_TRANSACTION ? SQLITE_DENY : SQLITE_OK;
}

db::Result<db::Unit> exec_migration(db::Connection& conn, const File& f) {
  sqlite3_set_authorizer(conn.native_handle(), deny_transaction_control, nullptr);
  auto done = conn.exec(f.sql);
  sqlite3_set_authorizer(conn.native_handle(), nullptr, nullptr);
  if (done) return done;
  Error e = std::move(done.error());
  e.file = f.path.string();
  if ((e.code & 0xff) == SQLITE_AUTH) {
    e.message = "BEGIN, COMMIT and ROLLBACK are not allowed in a migration: each file already runs "
                "in its own transaction";
  }
  return rally::err(std::move(e));
}

int version_of(const std::vector<Applied>& applied) { return applied.empty() ? 0 : applied.back().version; }

}  // namespace

std::string checksum(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

db::Result<std::vector<Migration>> scan(const fs::path& folder) {
  auto files = scan_files(folder);
  if (!files) return rally::err(std::move(files.error()));
  std::vector<Migration> out;
  for (auto& f : *files) out.push_back(f.migration);
  return out;
}

db::Result<Status> status(db::Connection& conn, const fs::path& folder) {
  auto files = scan_files(folder);
  if (!files) return rally::err(std::move(files.error()));
  auto applied = read_applied(conn);
  if (!applied) return rally::err(std::move(applied.error()));
  if (auto ok = check_history(folder, *files, *applied); !ok) return rally::err(std::move(ok.error()));
  Status s;
  s.version = version_of(*applied);
  for (auto& f : *files)
    if (f.migration.version > s.version) s.pending.push_back(f.migration);
  s.applied = std::move(*applied);
  return s;
}

db::Result<Summary> run(db::Connection& conn, const fs::path& folder) {
  if (conn.in_transaction()) {
    return rally::err(file_error(folder, "migrations must run outside a transaction: each file commits on its own"));
  }
  auto files = scan_files(folder);
  if (!files) return rally::err(std::move(files.error()));
  auto created = conn.exec(
      "CREATE TABLE IF NOT EXISTS rally_migrations (\n"
      "  version INTEGER PRIMARY KEY,\n"
      "  name TEXT NOT NULL,\n"
      "  checksum TEXT NOT NULL,\n"
      "  applied_at TEXT NOT NULL\n"
      ")");
  if (!created) return rally::err(std::move(created.error()));
  auto applied = read_applied(conn);
  if (!applied) return rally::err(std::move(applied.error()));
  if (auto ok = check_history(folder, *files, *applied); !ok) return rally::err(std::move(ok.error()));

  Summary summary;
  summary.version = version_of(*applied);
  for (const auto& f : *files) {
    if (f.migration.version <= summary.version) continue;
    bool ran = false;
    auto result = db::transaction(conn, [&](db::Connection& c) -> db::Result<db::Unit> {
      // Under the write lock: another process may have applied it since we looked.
      auto recorded = c.query_value<std::string>("SELECT checksum FROM rally_migrations WHERE version = ?",
                                                 f.migration.version);
      if (recorded) {
        if (*recorded != f.migration.checksum)
          return rally::err(file_error(f.path, "was applied concurrently with different content"));
        return db::Unit{};
      }
      if (auto done = exec_migration(c, f); !done) return done;
      ran = true;
      return c.execute(
          "INSERT INTO rally_migrations (version, name, checksum, applied_at) "
          "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
          f.migration.version, f.migration.name, f.migration.checksum);
    });
    if (!result) {
      Error e = std::move(result.error());
      if (e.file.empty()) e.file = f.path.string();
      return rally::err(std::move(e));
    }
    if (ran) summary.applied.push_back(f.migration);
    summary.version = f.migration.version;
  }
  return summary;
}

}  // namespace rally::migrate
