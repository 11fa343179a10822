#pragma once
// Private: what a Connection owns. Statement and Pool reach into it; nothing outside lib/db does.
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>

#include "rally/db/connection.hpp"
#include "write_gate.hpp"

namespace rally::db::detail {

// Plenty for the fixed SQL of generated code; bounds memory when an app builds SQL at runtime.
inline constexpr std::size_t statement_cache_capacity = 256;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
};

struct ConnectionImpl {
  sqlite3* db = nullptr;
  std::string path;
  std::unordered_map<std::string, CachedStatement, StringHash, std::equal_to<>> cache;
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
  // The connection's current error, for a failed call that returned `rc`.
  Error error(int rc, std::string_view sql) const;
  // Takes this process's write turn for the file (reentrant per connection); a timeout is
  // reported like SQLite's own SQLITE_BUSY.
  Result<Unit> enter_write(std::string_view sql);
  void leave_write() noexcept;
  // True when running `stmt` now would start a write transaction of its own (autocommit).
  bool needs_write_turn(sqlite3_stmt* stmt) const noexcept;
  // Hands a cached statement back (it has already been reset).
  void give_back(sqlite3_stmt* stmt) noexcept;
};

// Skips whitespace, "-- ..." and "/* ... */" comments; returns where the next token starts.
const char* skip_space_and_comments(const char* p, const char* end) noexcept;

}  // namespace rally::db::detail
