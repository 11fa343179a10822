// Rally's own migration track (see own_migrations.hpp).
#include "own_migrations.hpp"

#include <chrono>
#include <cstdint>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>

#include "rally/db/connection.hpp"
#include "rally/db/transaction.hpp"

namespace rally::server {

namespace {

// Applied in order and recorded by name. Never edit an entry: add one.
struct OwnMigration {
  const char* name;
  const char* sql;
};
constexpr OwnMigration own_migrations[] = {
    {"0001_sessions",
     "CREATE TABLE rally_sessions (\n"
     "  key TEXT PRIMARY KEY,\n"  // keyed hash of the cookie's id
     "  user_id INTEGER,\n"
     "  created_at INTEGER NOT NULL,\n"  // unix seconds
     "  last_seen_at INTEGER NOT NULL\n"
     ") WITHOUT ROWID;\n"
     "CREATE INDEX rally_sessions_last_seen ON rally_sessions (last_seen_at);\n"
     "CREATE INDEX rally_sessions_created ON rally_sessions (created_at);\n"},
    // Background jobs (rally/server/jobs.hpp). Every time is unix milliseconds.
    {"0002_jobs",
     "CREATE TABLE rally_jobs (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  type TEXT NOT NULL,\n"
     "  payload BLOB NOT NULL,\n"
     "  state TEXT NOT NULL DEFAULT 'queued'\n"
     "    CHECK (state IN ('queued', 'running', 'done', 'dead', 'cancelled')),\n"
     "  attempt INTEGER NOT NULL DEFAULT 0,\n"  // attempts started so far
     "  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),\n"
     "  run_at INTEGER NOT NULL,\n"  // not claimed before this
     "  lease_until INTEGER,\n"      // while running: claimable again after this (its worker died)
     "  locked_by TEXT,\n"           // the worker that claimed it last
     "  unique_key TEXT,\n"
     "  last_error TEXT,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  finished_at INTEGER\n"  // done, dead or cancelled
     ");\n"
     // Dedupe: one unfinished job per key; a finished one frees its key.
     "CREATE UNIQUE INDEX rally_jobs_unique_unfinished ON rally_jobs (unique_key)\n"
     "  WHERE unique_key IS NOT NULL AND state IN ('queued', 'running');\n"
     // Recurring slots look a key up whatever the state (a finished slot is not scheduled again).
     "CREATE INDEX rally_jobs_unique_key ON rally_jobs (unique_key) WHERE unique_key IS NOT NULL;\n"
     "CREATE INDEX rally_jobs_claim ON rally_jobs (state, run_at);\n"
     "CREATE INDEX rally_jobs_finished ON rally_jobs (state, finished_at);\n"},
};

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(const rally::db::Connection& conn, const std::string& what, const rally::db::Error& e) {
  throw std::runtime_error("Rally's own migrations (rally_internal_migrations) in " + conn.path() + ": " + what +
                           ": " + e.to_string());
}

}  // namespace

std::size_t own_migration_count() { return std::size(own_migrations); }

void apply_own_migrations(rally::db::Connection& conn) {
  if (auto made = conn.exec("CREATE TABLE IF NOT EXISTS rally_internal_migrations (\n"
                            "  name TEXT PRIMARY KEY,\n"
                            "  applied_at INTEGER NOT NULL\n"
                            ") WITHOUT ROWID");
      !made)
    fail(conn, "cannot create the table", made.error());
  // Up to date (the usual case): one read, no write transaction.
  std::set<std::string> done;
  {
    auto names = conn.prepare("SELECT name FROM rally_internal_migrations");
    if (!names) fail(conn, "cannot read the table", names.error());
    for (;;) {
      auto row = names->step();
      if (!row) fail(conn, "cannot read the table", row.error());
      if (!*row) break;
      done.insert(names->column_text(0));
    }
  }
  for (const auto& m : own_migrations) {
    if (done.count(m.name) > 0) continue;
    // BEGIN IMMEDIATE: two servers starting at once apply each migration once.
    auto applied = rally::db::transaction(conn, [&](rally::db::Connection& c) -> rally::db::Result<rally::db::Unit> {
      auto count = c.query_value<std::int64_t>("SELECT count(*) FROM rally_internal_migrations WHERE name = ?", m.name);
      if (!count) return rally::err(count.error());
      if (*count > 0) return rally::db::Unit{};
      if (auto ran = c.exec(m.sql); !ran) return rally::err(ran.error());
      return c.execute("INSERT INTO rally_internal_migrations (name, applied_at) VALUES (?, ?)", m.name,
                       unix_seconds());
    });
    if (!applied) fail(conn, std::string("cannot apply ") + m.name, applied.error());
  }
}

}  // namespace rally::server
