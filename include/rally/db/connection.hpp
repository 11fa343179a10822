#pragma once
// rally::db: SQLite connections, cached prepared statements, typed binds and column reads, and
// query timing. No sqlite3.h here: the handles are forward-declared so app code compiles without
// SQLite's declarations (only generated sql.cpp includes them, through rally/db/rows.hpp).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "rally/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace rally::db {

// What went wrong, as a value. `code` is SQLite's extended result code (0 when the error is
// Rally's own, e.g. a bad migration filename); `file`/`line` are set for scripts and migrations.
struct Error {
  std::string message;
  int code = 0;
  std::string sql;
  std::string file;
  int line = 0;

  // "file:line: error: message" when a file is known, else the message (plus the SQL, if any).
  std::string to_string() const;
};

// The "nothing to return" value of an operation that can fail.
struct Unit {
  friend bool operator==(Unit, Unit) = default;
};

template <class T>
using Result = rally::Result<T, Error>;

// BLOB values. Text is std::string (which may hold NUL bytes too; its length is what is stored).
using Blob = std::vector<std::uint8_t>;

struct QueryStats {
  std::uint64_t count = 0;
  std::chrono::nanoseconds total{0};
};
// "3 queries, 1.25 ms": the form the server log prints per request.
std::string to_string(const QueryStats& stats);

// Called for a query that took at least the slow-query threshold. The default writes one line
// to stderr: "rally: slow query (123.4 ms): <sql>".
using SlowQuerySink = std::function<void(std::string_view sql, std::chrono::nanoseconds elapsed)>;

struct Options {
  std::chrono::milliseconds busy_timeout{5000};
  std::chrono::nanoseconds slow_query_threshold = std::chrono::milliseconds(100);
  SlowQuerySink on_slow_query;  // empty: stderr
};

class Connection;
class Binder;
class RowView;
namespace detail {
// Connection::run_query's callbacks, instantiated by rally/db/rows.hpp.
using BindArgs = void (*)(const void* args, Binder& binder);
using AppendRow = void (*)(void* rows, const RowView& row);
struct ConnectionImpl;
struct CachedStatement;
template <class>
inline constexpr bool always_false = false;
// Statement::bound_ has a bit for each of parameters 1..64. Above that many parameters the mask
// cannot tell which ones the next user set, so bindings are cleared when the statement is handed
// back, instead of lazily before its next run.
inline constexpr int lazily_cleared_parameters = 64;
// The statement cache's hash of SQL text: 8 bytes at a time, usable in constant expressions so
// that generated code computes it at compile time (CachedSql).
constexpr std::uint64_t sql_hash(std::string_view s) noexcept {
  auto word = [&](std::size_t at, std::size_t n) {
    std::uint64_t w = 0;
    for (std::size_t b = 0; b < n; ++b) w |= std::uint64_t{static_cast<unsigned char>(s[at + b])} << (8 * b);
    return w;
  };
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    h = (h ^ word(i, 8)) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  h = (h ^ word(i, s.size() - i)) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

// One execution of a prepared statement. Usually borrowed from the connection's cache; when it
// goes out of scope it is reset and handed back for the next use. A parameter the next user does
// not bind reads as NULL (the previous user's values are cleared before its first step(); they
// are not cleared eagerly, since generated code rebinds every parameter anyway).
// Valid only while its Connection is alive, and (like the Connection) used by one thread at a time.
// Moving it copies a few words: no allocation.
class Statement {
 public:
  Statement(Statement&& other) noexcept
      : owner_(std::exchange(other.owner_, nullptr)),
        stmt_(std::exchange(other.stmt_, nullptr)),
        entry_(std::exchange(other.entry_, nullptr)),
        started_(other.started_),
        bound_(std::exchange(other.bound_, 0)),
        columns_(std::exchange(other.columns_, 0)),
        running_(std::exchange(other.running_, false)),
        write_turn_(std::exchange(other.write_turn_, false)),
        readonly_(other.readonly_) {}
  Statement& operator=(Statement&& other) noexcept {
    if (this != &other) {
      if (stmt_ != nullptr) release();
      owner_ = std::exchange(other.owner_, nullptr);
      stmt_ = std::exchange(other.stmt_, nullptr);
      entry_ = std::exchange(other.entry_, nullptr);
      started_ = other.started_;
      bound_ = std::exchange(other.bound_, 0);
      columns_ = std::exchange(other.columns_, 0);
      running_ = std::exchange(other.running_, false);
      write_turn_ = std::exchange(other.write_turn_, false);
      readonly_ = other.readonly_;
    }
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    if (stmt_ != nullptr) release();
  }

  // Parameters are numbered from 1 like in SQLite. Any integer, bool (0/1), floating point,
  // text (anything convertible to std::string_view), Blob / span of bytes, std::nullopt,
  // nullptr, and std::optional<T> (empty -> NULL).
  template <class T>
  Result<Unit> bind(int index, const T& value);
  // `name` as written in the SQL (":id", "@id", "$id"); a bare "id" finds any of those.
  template <class T>
  Result<Unit> bind(std::string_view name, const T& value);
  // Binds the arguments to parameters 1..N.
  template <class... A>
  Result<Unit> bind_all(const A&... values);

  // Advances: true when a row is ready to read, false when the statement has finished.
  // A run is timed as a whole, from its first step() to the step() that finishes it (or to
  // reset() / destruction when it is abandoned early).
  Result<bool> step();
  // Steps to the end, for statements that return no rows.
  Result<Unit> run();
  // Ready to run again with the same bindings (a finished or failed run is recorded first).
  void reset();

  int parameter_count() const;
  // 0 when the name is unknown.
  int parameter_index(std::string_view name) const;

  // Column reads of the current row (0-based, like SQLite). An index out of range is a bug and
  // throws std::out_of_range. A non-optional read of NULL gives 0 / "" / empty.
  int column_count() const;
  std::string column_name(int index) const;
  bool column_is_null(int index) const;
  std::int64_t column_int64(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  Blob column_blob(int index) const;
  template <class T>
  T column(int index) const;

  std::string_view sql() const;
  sqlite3_stmt* native_handle() const noexcept { return stmt_; }

 private:
  friend class Connection;
  Statement(detail::ConnectionImpl* owner, sqlite3_stmt* stmt, detail::CachedStatement* entry,
            bool readonly) noexcept
      : owner_(owner), stmt_(stmt), entry_(entry), readonly_(readonly) {}
  Result<Unit> bind_null(int index);
  Result<Unit> bind_int64(int index, std::int64_t value);
  Result<Unit> bind_double(int index, double value);
  Result<Unit> bind_text(int index, std::string_view value);
  Result<Unit> bind_blob(int index, std::span<const std::uint8_t> value);
  Result<Unit> bind_error(int index, std::string_view what) const;
  void check_column(int index) const;
  Result<Unit> take_write_turn();
  Result<bool> step_taking_write_turn();
  void clear_stale_bindings() noexcept;
  Result<bool> step_failed(int rc);
  void begin_run() noexcept;
  void end_run() noexcept;
  void finish_run() noexcept;
  void leave_write_turn() noexcept;
  void release() noexcept;
  // Connection::run_query's part: binds, then steps to the end calling append(rows, row) for
  // each row; an error when a row has fewer than `columns` columns.
  Result<Unit> bind_and_read(detail::BindArgs bind_args, const void* args, int columns, detail::AppendRow append,
                             void* rows);
  Result<Unit> too_few_columns(int wanted);

  detail::ConnectionImpl* owner_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  detail::CachedStatement* entry_ = nullptr;  // the cache slot; null: a private statement (finalized)
  std::int64_t started_ = 0;  // when this run's first step() began (lib/db's query clock)
  std::uint64_t bound_ = 0;  // parameters 1..64 bound since this Statement was handed out (bit i-1)
  // sqlite3_column_count as of the last step(); 0: not read since (a step may re-prepare the
  // statement after a schema change). Spares column reads a call into SQLite each.
  mutable int columns_ = 0;
  bool running_ = false;
  bool write_turn_ = false;  // holds the connection's in-process write turn (see lib/db/write_gate.hpp)
  bool readonly_ = false;    // sqlite3_stmt_readonly, read once at prepare
};

// SQL text with its statement-cache hash computed once, for text that never changes: generated
// code keeps one per query (`static constexpr CachedSql sql{"SELECT ..."};`) so that
// Connection::prepare does not hash the text on every call. The text is not copied: it must
// outlive the CachedSql (a string literal does).
// Its first successful prepare also numbers it (a process-wide slot, a few thousand at most), and
// each connection then finds its statement by that number: no hashing, no text comparison. So
// keep one per query rather than building one per call (a temporary still works, but uses up a
// number; once they run out, prepare falls back to the hash lookup).
class CachedSql {
 public:
  constexpr explicit CachedSql(std::string_view text) noexcept : text_(text), hash_(detail::sql_hash(text)) {}
  // A copy is another query object: it gets its own slot.
  CachedSql(const CachedSql& other) noexcept : text_(other.text_), hash_(other.hash_) {}
  CachedSql& operator=(const CachedSql&) = delete;
  constexpr std::string_view text() const noexcept { return text_; }
  constexpr std::uint64_t hash() const noexcept { return hash_; }

 private:
  friend class Connection;
  std::string_view text_;
  std::uint64_t hash_;
  mutable std::atomic<std::uint32_t> slot_{0};  // 0: not numbered (yet)
};

// An open database. Move-only; not to be used by two threads at the same time (see Pool).
class Connection {
 public:
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // A statement from the cache keyed by `sql` (prepared on first use). Exactly one statement:
  // scripts go through exec(). If the cached one is still in use (a nested query with the same
  // text), a private uncached statement is prepared instead.
  Result<Statement> prepare(std::string_view sql);
  // The same, with the hash already computed.
  Result<Statement> prepare(const CachedSql& sql);
  // Runs a script statement by statement; an error carries the line the failing statement
  // starts on (1-based) and that statement's text.
  Result<Unit> exec(std::string_view script);
  // prepare + bind_all + run.
  template <class... A>
  Result<Unit> execute(std::string_view sql, const A&... args);
  // The first column of the first row; an error when there is no row.
  template <class T, class... A>
  Result<T> query_value(std::string_view sql, const A&... args);

  std::int64_t last_insert_rowid() const;
  std::int64_t changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
  // True inside transaction() (or after a raw BEGIN).
  bool in_transaction() const;
  const std::string& path() const;

  // Every finished statement is counted and timed. `stats` is this connection's lifetime total;
  // `request_stats` is what ran since the last reset_request_stats(), which returns it.
  QueryStats stats() const;
  QueryStats request_stats() const;
  QueryStats reset_request_stats();
  void set_slow_query_threshold(std::chrono::nanoseconds threshold);
  void set_slow_query_sink(SlowQuerySink sink);

  std::size_t cached_statement_count() const;
  sqlite3* native_handle() const noexcept;

  // The levels transaction() is built on (outermost BEGIN IMMEDIATE/COMMIT, inner
  // SAVEPOINT/RELEASE). Prefer transaction(): these must be strictly paired.
  Result<Unit> begin_level();
  // On failure the level is rolled back before returning the error.
  Result<Unit> commit_level();
  // Never fails: if SQLite already rolled the transaction back, there is nothing left to undo.
  void rollback_level() noexcept;
  int transaction_depth() const noexcept;

 private:
  friend Result<Connection> open(const std::string& path, const Options& options);
  explicit Connection(std::unique_ptr<detail::ConnectionImpl> impl);
  template <class Row, class Read, class... A>
  friend Result<std::vector<Row>> query_rows(Connection& db, const CachedSql& sql, int columns, Read,
                                             const A&... args);
  template <class... A>
  friend Result<std::int64_t> query_changes(Connection& db, const CachedSql& sql, const A&... args);
  // The cache lookup by text; `number` gives `sql` a slot (only for a caller's CachedSql).
  Result<Statement> prepare_by_text(const CachedSql& sql, bool number);
  // What a generated query function does (rally/db/rows.hpp), as one call: prepare, bind,
  // step to the end appending each row (`append` may be null for a statement without result
  // columns), hand the statement back.
  Result<Unit> run_query(const CachedSql& sql, detail::BindArgs bind_args, const void* args, int columns,
                         detail::AppendRow append, void* rows);
  std::unique_ptr<detail::ConnectionImpl> impl_;
};

// Opens (creating it and its parent folders if needed) a database file, or ":memory:", with
// journal_mode=WAL, busy_timeout (5000 ms by default) and foreign_keys=ON.
Result<Connection> open(const std::string& path, const Options& options = {});

// ---- templates ----

template <class T>
Result<Unit> Statement::bind(int index, const T& value) {
  using V = std::decay_t<T>;
  if constexpr (std::is_same_v<V, bool>) {
    return bind_int64(index, value ? 1 : 0);
  } else if constexpr (std::is_integral_v<V>) {
    if constexpr (std::is_unsigned_v<V> && sizeof(V) >= sizeof(std::int64_t)) {
      if (value > static_cast<V>(std::numeric_limits<std::int64_t>::max()))
        return bind_error(index, "unsigned value does not fit SQLite's 64-bit signed integer");
    }
    return bind_int64(index, static_cast<std::int64_t>(value));
  } else if constexpr (std::is_floating_point_v<V>) {
    return bind_double(index, static_cast<double>(value));
  } else if constexpr (std::is_same_v<V, std::nullopt_t> || std::is_same_v<V, std::nullptr_t>) {
    return bind_null(index);
  } else if constexpr (std::is_same_v<V, const char*> || std::is_same_v<V, char*>) {
    if (value == nullptr) return bind_null(index);
    return bind_text(index, std::string_view(value));
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    return bind_text(index, std::string_view(value));
  } else if constexpr (std::is_convertible_v<const V&, std::span<const std::uint8_t>>) {
    return bind_blob(index, std::span<const std::uint8_t>(value));
  } else if constexpr (detail::is_optional<V>::value) {
    if (!value) return bind_null(index);
    return bind(index, *value);
  } else {
    static_assert(detail::always_false<V>, "rally::db::Statement::bind: unsupported value type");
  }
}

template <class T>
Result<Unit> Statement::bind(std::string_view name, const T& value) {
  int index = parameter_index(name);
  if (index == 0) {
    return rally::err(Error{"no SQL parameter named '" + std::string(name) + "'", 0,
                            std::string(sql()), {}, 0});
  }
  return bind(index, value);
}

template <class... A>
Result<Unit> Statement::bind_all(const A&... values) {
  Result<Unit> result;
  int index = 0;
  // Stops at the first failure: `&&` short-circuits the fold.
  (void)((result = bind(++index, values), result.has_value()) && ...);
  return result;
}

template <class T>
T Statement::column(int index) const {
  using V = std::decay_t<T>;
  if constexpr (detail::is_optional<V>::value) {
    if (column_is_null(index)) return std::nullopt;
    return column<typename V::value_type>(index);
  } else if constexpr (std::is_same_v<V, bool>) {
    return column_int64(index) != 0;
  } else if constexpr (std::is_integral_v<V>) {
    return static_cast<V>(column_int64(index));
  } else if constexpr (std::is_floating_point_v<V>) {
    return static_cast<V>(column_double(index));
  } else if constexpr (std::is_same_v<V, std::string>) {
    return column_text(index);
  } else if constexpr (std::is_same_v<V, Blob>) {
    return column_blob(index);
  } else {
    static_assert(detail::always_false<V>, "rally::db::Statement::column: unsupported type");
  }
}

template <class... A>
Result<Unit> Connection::execute(std::string_view sql, const A&... args) {
  auto stmt = prepare(sql);
  if (!stmt) return rally::err(std::move(stmt.error()));
  if (auto bound = stmt->bind_all(args...); !bound) return bound;
  return stmt->run();
}

template <class T, class... A>
Result<T> Connection::query_value(std::string_view sql, const A&... args) {
  auto stmt = prepare(sql);
  if (!stmt) return rally::err(std::move(stmt.error()));
  if (auto bound = stmt->bind_all(args...); !bound) return rally::err(std::move(bound.error()));
  auto row = stmt->step();
  if (!row) return rally::err(std::move(row.error()));
  if (!*row) return rally::err(Error{"the query returned no row", 0, std::string(sql), {}, 0});
  if (stmt->column_count() < 1)
    return rally::err(Error{"the query returned no column", 0, std::string(sql), {}, 0});
  T value = stmt->template column<T>(0);
  stmt->reset();
  return value;
}

}  // namespace rally::db
