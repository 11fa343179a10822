#pragma once
// Private: what a Connection owns. Statement and Pool reach into it; nothing outside lib/db does.
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rally/db/connection.hpp"
#include "write_gate.hpp"

namespace rally::db::detail {

// Plenty for the fixed SQL of generated code; bounds memory when an app builds SQL at runtime.
inline constexpr std::size_t statement_cache_capacity = 256;

// sql_hash for the cache's keys; a CachedSql brings its own, computed at compile time.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return static_cast<std::size_t>(sql_hash(s)); }
  std::size_t operator()(const CachedSql& s) const noexcept { return static_cast<std::size_t>(s.hash()); }
};

struct StringEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
  bool operator()(const CachedSql& a, std::string_view b) const noexcept { return a.text() == b; }
  bool operator()(std::string_view a, const CachedSql& b) const noexcept { return a == b.text(); }
};

// One cache slot. A Statement borrowing it keeps a pointer to it (unordered_map nodes never move,
// and a slot in use is never evicted), so handing it back needs no lookup.
struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
  bool readonly = false;        // sqlite3_stmt_readonly, read once at prepare
  bool stale_bindings = false;  // the last user's values are still bound (cleared lazily, see step())
  int parameter_count = 0;
};

// How many CachedSql objects a process numbers (see CachedSql); bounds each connection's
// slot table (8 bytes a slot) when an app builds CachedSql temporaries instead of keeping one.
inline constexpr std::uint32_t cached_sql_slots = 4096;


struct ConnectionImpl {
  sqlite3* db = nullptr;
  std::string path;
  std::unordered_map<std::string, CachedStatement, StringHash, StringEqual> cache;
  // By CachedSql slot - 1: that query's entry in `cache`, or null. Cleared when entries are evicted.
  std::vector<CachedStatement*> by_slot;
  QueryStats total;
  QueryStats request;
  std::chrono::nanoseconds slow_threshold{0};
  SlowQuerySink on_slow_query;
  int depth = 0;  // transaction levels opened through begin_level()
  std::shared_ptr<WriteGate> gate;  // null for in-memory databases
  int gate_holds = 0;               // nested holds by this connection; the gate is locked while > 0
  std::chrono::milliseconds busy_timeout{0};

  ConnectionImpl() = default;
  ConnectionImpl(const ConnectionImpl&) = delete;
  ConnectionImpl& operator=(const ConnectionImpl&) = delete;
  ~ConnectionImpl();

  // Counts and times one finished statement; logs it when slow.
  void record(std::string_view sql, std::chrono::nanoseconds elapsed);
  // The same for a prepared statement: its SQL text is only looked at when the run was slow, and
  // a throwing slow-query sink is swallowed (this runs in destructors).
  void record(sqlite3_stmt* stmt, std::chrono::nanoseconds elapsed) noexcept {
    total.count += 1;
    total.total += elapsed;
    request.count += 1;
    request.total += elapsed;
    if (elapsed >= slow_threshold) report_slow(stmt, elapsed);
  }
  void report_slow(sqlite3_stmt* stmt, std::chrono::nanoseconds elapsed) noexcept;
  void report_slow(std::string_view sql, std::chrono::nanoseconds elapsed);
  // The connection's current error, for a failed call that returned `rc`.
  Error error(int rc, std::string_view sql) const;
  // Takes this process's write turn for the file (reentrant per connection); a timeout is
  // reported like SQLite's own SQLITE_BUSY.
  Result<Unit> enter_write(std::string_view sql);
  void leave_write() noexcept;
  // True when running a statement now would start a write transaction of its own (autocommit).
  // `readonly` is sqlite3_stmt_readonly of the statement. Inside a transaction the turn is
  // already held by begin_level() (or the app wrote a raw BEGIN, and SQLite's busy handler is all
  // it gets).
  bool needs_write_turn(bool readonly) const noexcept {
    return !readonly && gate && depth == 0 && sqlite3_get_autocommit(db) != 0;
  }
  // The cache hit of prepare(CachedSql): the idle entry numbered `slot`, marked in use; null
  // when `slot` is 0 (not numbered), not cached here, or in use.
  CachedStatement* take_by_slot(std::uint32_t slot) noexcept {
    // Unsigned: slot 0 wraps around and misses.
    std::size_t index = std::size_t{slot} - 1;
    if (index >= by_slot.size()) return nullptr;
    CachedStatement* entry = by_slot[index];
    if (entry == nullptr || entry->in_use) return nullptr;
    entry->in_use = true;
    return entry;
  }
  // Points CachedSql slot `slot` (0: none) at its cache entry.
  void remember_slot(std::uint32_t slot, CachedStatement* entry) {
    if (slot == 0) return;
    if (by_slot.size() < slot) by_slot.resize(slot, nullptr);
    by_slot[slot - 1] = entry;
  }
  // Hands a cached statement back (it has already been reset).
  void give_back(CachedStatement* entry) noexcept {
    entry->in_use = false;
    if (entry->parameter_count > lazily_cleared_parameters) {
      sqlite3_clear_bindings(entry->stmt);
    } else if (entry->parameter_count > 0) {
      entry->stale_bindings = true;
    }
  }
};

// Skips whitespace, "-- ..." and "/* ... */" comments; returns where the next token starts.
const char* skip_space_and_comments(const char* p, const char* end) noexcept;

}  // namespace rally::db::detail
