// Connections: open + pragmas, the statement cache, scripts, timing, transaction levels.
#include <sqlite3.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "impl.hpp"
#include "query_clock.hpp"

namespace rally::db {

namespace {

using Clock = std::chrono::steady_clock;

bool is_memory_path(const std::string& path) {
  return path.empty() || path == ":memory:" ||
         (path.starts_with("file:") && path.find("mode=memory") != std::string::npos);
}

int line_of(const char* begin, const char* at) {
  int line = 1;
  for (const char* p = begin; p < at; ++p)
    if (*p == '\n') ++line;
  return line;
}

// For an error message when prepare failed and gave no tail: the statement up to its ';'.
std::string_view statement_text(const char* start, const char* end) {
  const char* p = start;
  while (p < end && *p != ';') ++p;
  return {start, static_cast<std::size_t>(p - start)};
}

}  // namespace

namespace detail {

ConnectionImpl::~ConnectionImpl() {
  for (auto& [sql, cached] : cache) sqlite3_finalize(cached.stmt);
  // Destroyed inside a transaction (a bug in the caller): other writers must not wait forever.
  if (gate && gate_holds > 0) gate->unlock();
  // close_v2 rather than close: never fails; a leaked uncached Statement would keep it alive.
  if (db != nullptr) sqlite3_close_v2(db);
}

void ConnectionImpl::record(std::string_view sql, std::chrono::nanoseconds elapsed) {
  total.count += 1;
  total.total += elapsed;
  request.count += 1;
  request.total += elapsed;
  if (elapsed >= slow_threshold) report_slow(sql, elapsed);
}

void ConnectionImpl::report_slow(sqlite3_stmt* stmt, std::chrono::nanoseconds elapsed) noexcept {
  try {
    const char* text = sqlite3_sql(stmt);
    report_slow(text != nullptr ? std::string_view(text) : std::string_view(), elapsed);
  } catch (...) {
  }
}

void ConnectionImpl::report_slow(std::string_view sql, std::chrono::nanoseconds elapsed) {
  if (on_slow_query) {
    on_slow_query(sql, elapsed);
    return;
  }
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f", std::chrono::duration<double, std::milli>(elapsed).count());
  // One write per line so lines from different threads never interleave.
  std::string line = "rally: slow query (" + std::string(ms) + " ms): " + std::string(sql) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

Error ConnectionImpl::error(int rc, std::string_view sql) const {
  int code = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  if (code == SQLITE_OK) code = rc;
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error{std::move(message), code, std::string(sql), {}, 0};
}

Result<Unit> ConnectionImpl::enter_write(std::string_view sql) {
  if (!gate) return Unit{};
  if (gate_holds++ > 0) return Unit{};
  if (gate->lock_for(busy_timeout)) return Unit{};
  gate_holds = 0;
  return rally::err(Error{"database is locked (no write turn within " + std::to_string(busy_timeout.count()) +
                              " ms: another connection of this process kept writing)",
                          SQLITE_BUSY, std::string(sql), {}, 0});
}

void ConnectionImpl::leave_write() noexcept {
  if (gate && gate_holds > 0 && --gate_holds == 0) gate->unlock();
}

const char* skip_space_and_comments(const char* p, const char* end) noexcept {
  while (p < end) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++p;
    } else if (c == '-' && p + 1 < end && p[1] == '-') {
      while (p < end && *p != '\n') ++p;
    } else if (c == '/' && p + 1 < end && p[1] == '*') {
      p += 2;
      while (p + 1 < end && !(p[0] == '*' && p[1] == '/')) ++p;
      p = p + 1 < end ? p + 2 : end;
    } else {
      break;
    }
  }
  return p;
}

}  // namespace detail

std::string Error::to_string() const {
  if (!file.empty()) {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    return out + ": error: " + message;
  }
  if (sql.empty()) return message;
  return message + " (in: " + sql + ")";
}

std::string to_string(const QueryStats& stats) {
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.2f", std::chrono::duration<double, std::milli>(stats.total).count());
  return std::to_string(stats.count) + (stats.count == 1 ? " query, " : " queries, ") + ms + " ms";
}

Result<Connection> open(const std::string& path, const Options& options) {
  if (!is_memory_path(path) && !path.starts_with("file:")) {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return rally::err(Error{"cannot create the folder " + parent.string() + ": " + ec.message(),
                              0, {}, path, 0});
    }
  }
  detail::QueryClock::calibrate();  // before any statement of any connection is timed
  auto impl = std::make_unique<detail::ConnectionImpl>();
  impl->path = path;
  impl->busy_timeout = options.busy_timeout;
  if (!is_memory_path(path)) {
    std::error_code ec;
    auto canonical = path.starts_with("file:") ? std::filesystem::path(path)
                                               : std::filesystem::weakly_canonical(path, ec);
    impl->gate = detail::write_gate_for(ec ? path : canonical.string());
  }
  impl->slow_threshold = std::chrono::nanoseconds::max();  // set below, after the pragmas
  // NOMUTEX: a connection is used by one thread at a time (the Pool's contract), so SQLite's
  // per-connection mutex would only cost time.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = impl->error(rc, {});
    e.message = "cannot open the database: " + e.message;
    e.file = path;
    return rally::err(std::move(e));
  }
  sqlite3_extended_result_codes(impl->db, 1);
  // Before the pragmas: switching to WAL briefly takes a lock another connection may hold.
  sqlite3_busy_timeout(impl->db, static_cast<int>(options.busy_timeout.count()));
  Connection conn(std::move(impl));
  if (auto fk = conn.exec("PRAGMA foreign_keys=ON"); !fk) return rally::err(std::move(fk.error()));
  auto mode = conn.query_value<std::string>("PRAGMA journal_mode=WAL");
  if (!mode) return rally::err(std::move(mode.error()));
  // An in-memory database reports "memory": WAL does not apply to it.
  if (*mode != "wal" && !(is_memory_path(path) && *mode == "memory")) {
    return rally::err(Error{"cannot switch the database to WAL (journal_mode is " + *mode + ")",
                            0, "PRAGMA journal_mode=WAL", path, 0});
  }
  // The pragmas are setup, not the app's queries: neither counted nor logged.
  conn.impl_->total = {};
  conn.impl_->request = {};
  conn.impl_->slow_threshold = options.slow_query_threshold;
  conn.impl_->on_slow_query = options.on_slow_query;
  return conn;
}

Connection::Connection(std::unique_ptr<detail::ConnectionImpl> impl) : impl_(std::move(impl)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

namespace {
std::atomic<std::uint32_t> next_cached_sql_slot{1};

// `sql`'s slot, numbering it on first use; 0 when the numbers have run out.
std::uint32_t slot_of(std::atomic<std::uint32_t>& slot) noexcept {
  std::uint32_t current = slot.load(std::memory_order_relaxed);
  if (current != 0 || next_cached_sql_slot.load(std::memory_order_relaxed) > detail::cached_sql_slots) return current;
  std::uint32_t fresh = next_cached_sql_slot.fetch_add(1, std::memory_order_relaxed);
  if (fresh > detail::cached_sql_slots) return 0;
  // Another thread may have numbered it meanwhile: its number wins (this one is wasted).
  return slot.compare_exchange_strong(current, fresh, std::memory_order_relaxed) ? fresh : current;
}
}  // namespace

Result<Statement> Connection::prepare(std::string_view sql) { return prepare_by_text(CachedSql(sql), false); }

Result<Statement> Connection::prepare(const CachedSql& key) {
  if (detail::CachedStatement* entry = impl_->take_by_slot(key.slot_.load(std::memory_order_relaxed)))
    return Statement(impl_.get(), entry->stmt, entry, entry->readonly);
  return prepare_by_text(key, true);
}

Result<Statement> Connection::prepare_by_text(const CachedSql& key, bool number) {
  std::string_view sql = key.text();
  auto found = impl_->cache.find(key);
  if (found != impl_->cache.end() && !found->second.in_use) {
    detail::CachedStatement& entry = found->second;
    entry.in_use = true;
    if (number) impl_->remember_slot(slot_of(key.slot_), &entry);
    return Statement(impl_.get(), entry.stmt, &entry, entry.readonly);
  }
  if (sql.size() > static_cast<std::size_t>(INT_MAX))
    return rally::err(Error{"SQL text too long", SQLITE_TOOBIG, {}, {}, 0});
  bool cache_it = found == impl_->cache.end();
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  // PERSISTENT tells SQLite the statement will be kept and reused (different allocator).
  int rc = sqlite3_prepare_v3(impl_->db, sql.data(), static_cast<int>(sql.size()),
                              cache_it ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
  if (rc != SQLITE_OK) return rally::err(impl_->error(rc, sql));
  if (stmt == nullptr) return rally::err(Error{"empty SQL statement", 0, std::string(sql), {}, 0});
  if (detail::skip_space_and_comments(tail, sql.data() + sql.size()) != sql.data() + sql.size()) {
    sqlite3_finalize(stmt);
    return rally::err(Error{"prepare() takes one SQL statement; use exec() for scripts", 0,
                            std::string(sql), {}, 0});
  }
  bool readonly = sqlite3_stmt_readonly(stmt) != 0;
  if (!cache_it) return Statement(impl_.get(), stmt, nullptr, readonly);
  if (impl_->cache.size() >= detail::statement_cache_capacity) {
    // Drop whatever is idle; statements in use stay, their Statement objects point at them.
    std::erase_if(impl_->cache, [](auto& entry) {
      if (entry.second.in_use) return false;
      sqlite3_finalize(entry.second.stmt);
      return true;
    });
    impl_->by_slot.clear();  // some pointed at evicted entries; the next prepare of each refills it
  }
  auto [it, inserted] = impl_->cache.emplace(
      std::string(sql), detail::CachedStatement{stmt, true, readonly, false, sqlite3_bind_parameter_count(stmt)});
  if (number) impl_->remember_slot(slot_of(key.slot_), &it->second);
  return Statement(impl_.get(), stmt, &it->second, readonly);
}

Result<Unit> Connection::exec(std::string_view script) {
  if (script.size() > static_cast<std::size_t>(INT_MAX))
    return rally::err(Error{"SQL script too long", SQLITE_TOOBIG, {}, {}, 0});
  const char* begin = script.data();
  const char* end = begin + script.size();
  const char* p = begin;
  while (true) {
    const char* start = detail::skip_space_and_comments(p, end);
    if (start >= end) return Unit{};
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(impl_->db, start, static_cast<int>(end - start), &stmt, &tail);
    if (rc != SQLITE_OK) {
      Error e = impl_->error(rc, statement_text(start, end));
      e.line = line_of(begin, start);
      return rally::err(std::move(e));
    }
    if (stmt == nullptr) {
      // Only a lone ';' or a NUL byte can leave no statement here; the NUL would loop forever.
      if (tail == nullptr || tail <= start) {
        Error e{"unexpected NUL byte in SQL", SQLITE_ERROR, {}, {}, line_of(begin, start)};
        return rally::err(std::move(e));
      }
      p = tail;
      continue;
    }
    std::string_view text(start, static_cast<std::size_t>(tail - start));
    bool turn = impl_->needs_write_turn(sqlite3_stmt_readonly(stmt) != 0);
    if (turn) {
      if (auto entered = impl_->enter_write(text); !entered) {
        sqlite3_finalize(stmt);
        Error e = std::move(entered.error());
        e.line = line_of(begin, start);
        return rally::err(std::move(e));
      }
    }
    auto t0 = Clock::now();
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    impl_->record(text, Clock::now() - t0);
    if (turn) {
      sqlite3_reset(stmt);  // ends the statement's own transaction before the turn passes on
      impl_->leave_write();
    }
    if (rc != SQLITE_DONE) {
      Error e = impl_->error(rc, text);
      e.line = line_of(begin, start);
      sqlite3_finalize(stmt);
      return rally::err(std::move(e));
    }
    sqlite3_finalize(stmt);
    p = tail;
  }
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(impl_->db); }
std::int64_t Connection::changes() const { return sqlite3_changes64(impl_->db); }
bool Connection::in_transaction() const { return sqlite3_get_autocommit(impl_->db) == 0; }
const std::string& Connection::path() const { return impl_->path; }
QueryStats Connection::stats() const { return impl_->total; }
QueryStats Connection::request_stats() const { return impl_->request; }
QueryStats Connection::reset_request_stats() { return std::exchange(impl_->request, QueryStats{}); }
void Connection::set_slow_query_threshold(std::chrono::nanoseconds threshold) {
  impl_->slow_threshold = threshold;
}
void Connection::set_slow_query_sink(SlowQuerySink sink) { impl_->on_slow_query = std::move(sink); }
std::size_t Connection::cached_statement_count() const { return impl_->cache.size(); }
sqlite3* Connection::native_handle() const noexcept { return impl_->db; }
int Connection::transaction_depth() const noexcept { return impl_->depth; }

// ---- transaction levels ----

namespace {
std::string savepoint(int level) { return "rally_sp_" + std::to_string(level); }
}  // namespace

Result<Unit> Connection::begin_level() {
  auto& depth = impl_->depth;
  if (depth > 0) {
    auto r = execute("SAVEPOINT " + savepoint(depth));
    if (r) ++depth;
    return r;
  }
  // The write turn is held from BEGIN to COMMIT/ROLLBACK of the outermost level.
  if (auto entered = impl_->enter_write("BEGIN IMMEDIATE"); !entered) return entered;
  auto r = execute("BEGIN IMMEDIATE");
  if (r) {
    depth = 1;
  } else {
    impl_->leave_write();
  }
  return r;
}

Result<Unit> Connection::commit_level() {
  auto& depth = impl_->depth;
  if (depth == 0) throw std::logic_error("rally::db::Connection::commit_level without begin_level");
  if (!in_transaction()) {
    // SQLite ends the whole transaction itself after some errors (SQLITE_FULL, IOERR, ...).
    if (--depth == 0) impl_->leave_write();
    return rally::err(Error{"the transaction was already rolled back by SQLite after an earlier "
                            "error", SQLITE_ABORT, {}, {}, 0});
  }
  if (depth == 1) {
    auto r = execute("COMMIT");
    if (!r && in_transaction()) execute("ROLLBACK");
    depth = 0;
    impl_->leave_write();
    return r;
  }
  auto r = execute("RELEASE " + savepoint(depth - 1));
  if (!r) {
    rollback_level();
    return r;
  }
  --depth;
  return r;
}

void Connection::rollback_level() noexcept {
  auto& depth = impl_->depth;
  if (depth == 0) return;
  if (!in_transaction()) {
    if (--depth == 0) impl_->leave_write();
    return;
  }
  Result<Unit> r;
  try {
    if (depth == 1) {
      r = execute("ROLLBACK");
    } else {
      r = execute("ROLLBACK TO " + savepoint(depth - 1));
      if (r) r = execute("RELEASE " + savepoint(depth - 1));
    }
  } catch (...) {
    r = rally::err(Error{"rollback failed (out of memory)", SQLITE_NOMEM, {}, {}, 0});
  }
  if (--depth == 0) impl_->leave_write();
  if (!r) {
    std::string line = "rally: rollback failed: " + r.error().to_string() + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

}  // namespace rally::db
