#pragma once
// What generated query functions (sql.cpp) call: query_rows and query_changes run one cached
// statement in a single call into the runtime, which takes the statement from the cache, binds
// the arguments, steps to the end and hands the statement back. The binds and the column reads
// are inline here, straight through SQLite; the statement's bookkeeping (write turn, stale
// bindings, timing) stays in lib/db, once per run (docs/database.md, "Cost", has the numbers).
// It includes sqlite3.h (Rally::db brings SQLite's include path): sql.cpp includes it, sql.hpp
// does not.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "rally/db/connection.hpp"

namespace rally::db {

// Binds values to a statement's parameters (1-based), straight through SQLite. A failed bind
// (an index out of range, a value too big) is remembered, and the run does not start:
// Connection::run_query reports it. Stop binding after a failure: the report reads SQLite's
// message for it, which the next bind would clear.
class Binder {
 public:
  void null(int index) { bound(index, sqlite3_bind_null(stmt_, index)); }
  void int64(int index, std::int64_t value) { bound(index, sqlite3_bind_int64(stmt_, index, value)); }
  void real(int index, double value) { bound(index, sqlite3_bind_double(stmt_, index, value)); }
  // TRANSIENT copies the bytes: the caller's string may be gone before the statement runs.
  void text(int index, std::string_view value) {
    bound(index, sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void blob(int index, std::span<const std::uint8_t> value) {
    // A NULL data pointer would bind SQL NULL; an empty blob must stay an empty blob.
    static constexpr std::uint8_t empty = 0;
    const void* data = value.empty() ? &empty : value.data();
    bound(index, sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT));
  }

  // The argument types of generated functions: std::int64_t, bool, double, std::string, Blob,
  // and std::optional of those.
  template <class T>
  void bind(int index, const T& value) {
    if constexpr (detail::is_optional<T>::value) {
      if (!value) return null(index);
      bind(index, *value);
    } else if constexpr (std::is_same_v<T, bool>) {
      int64(index, value ? 1 : 0);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      int64(index, value);
    } else if constexpr (std::is_same_v<T, double>) {
      real(index, value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      text(index, value);
    } else if constexpr (std::is_same_v<T, Blob>) {
      blob(index, value);
    } else {
      static_assert(detail::always_false<T>, "rally::db::Binder::bind: unsupported type");
    }
  }

  // SQLITE_OK, or the first failed bind's result code and parameter index.
  int failed_code() const noexcept { return failed_code_; }
  int failed_index() const noexcept { return failed_index_; }

 private:
  friend class Statement;
  Binder(sqlite3_stmt* stmt, std::uint64_t& bound_mask) noexcept : stmt_(stmt), bound_mask_(bound_mask) {}
  void bound(int index, int rc) noexcept {
    if (rc != SQLITE_OK) [[unlikely]] {
      if (failed_code_ == SQLITE_OK) failed_code_ = rc, failed_index_ = index;
      return;
    }
    // Statement's record of which parameters this user set (see Statement::bound_).
    if (index >= 1 && index <= detail::lazily_cleared_parameters) bound_mask_ |= std::uint64_t{1} << (index - 1);
  }

  sqlite3_stmt* stmt_;
  std::uint64_t& bound_mask_;
  int failed_code_ = SQLITE_OK;
  int failed_index_ = 0;
};

// The current row of a statement, read by index (0-based) into a row struct's members: a text
// or blob is assigned into the member, not built and moved. Reads never check the index:
// run_query checks once per run that the statement has the columns the row reader reads.
// A non-optional read of NULL gives 0 / "" / empty, as Statement::column<T> does.
class RowView {
 public:
  explicit RowView(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}

  template <class T>
  void read(int index, T& out) const {
    if constexpr (detail::is_optional<T>::value) {
      if (sqlite3_column_type(stmt_, index) == SQLITE_NULL) {
        out.reset();
      } else {
        read(index, out.emplace());
      }
    } else if constexpr (std::is_same_v<T, bool>) {
      out = sqlite3_column_int64(stmt_, index) != 0;
    } else if constexpr (std::is_integral_v<T>) {
      out = static_cast<T>(sqlite3_column_int64(stmt_, index));
    } else if constexpr (std::is_floating_point_v<T>) {
      out = static_cast<T>(sqlite3_column_double(stmt_, index));
    } else if constexpr (std::is_same_v<T, std::string>) {
      // Text first, then bytes: that order gives the length of the text form (SQLite's advice).
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
      if (text == nullptr) return out.clear();
      out.assign(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
    } else if constexpr (std::is_same_v<T, Blob>) {
      const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
      if (data == nullptr) return out.clear();
      out.assign(data, data + sqlite3_column_bytes(stmt_, index));
    } else {
      static_assert(detail::always_false<T>, "rally::db::RowView::read: unsupported type");
    }
  }

 private:
  sqlite3_stmt* stmt_;
};

namespace detail {
template <class... A>
void bind_in_order(const void* args, Binder& binder) {
  // Stops at the first failure (`&&` short-circuits the fold): a later successful bind would
  // clear the connection's error message, which the reported error reads.
  std::apply([&binder](const A&... values) {
    int index = 0;
    (void)((binder.bind(++index, values), binder.failed_code() == SQLITE_OK) && ...);
  }, *static_cast<const std::tuple<const A&...>*>(args));
}
}  // namespace detail

// Runs `sql` with `args` bound to parameters 1..N: for each row, appends a value-initialised Row
// and calls Read{}(const RowView&, Row&) (Read: a lambda without captures). `columns` is how
// many columns Read reads; a statement that returns fewer (the schema changed after rally-gen
// saw it) is an error. The run is timed and recorded like one driven by Statement::step().
template <class Row, class Read, class... A>
Result<std::vector<Row>> query_rows(Connection& db, const CachedSql& sql, int columns, Read, const A&... args) {
  static_assert(std::is_empty_v<Read> && std::is_default_constructible_v<Read>,
                "rally::db::query_rows: Read must be a lambda without captures");
  std::tuple<const A&...> bound(args...);
  std::vector<Row> rows;
  auto append = [](void* out, const RowView& row) { Read{}(row, static_cast<std::vector<Row>*>(out)->emplace_back()); };
  if (auto done = db.run_query(sql, &detail::bind_in_order<A...>, &bound, columns, append, &rows); !done)
    return rally::err(std::move(done.error()));
  return rows;
}

// Runs `sql` (a statement without result columns) with `args` bound to parameters 1..N; the
// number of rows it changed.
template <class... A>
Result<std::int64_t> query_changes(Connection& db, const CachedSql& sql, const A&... args) {
  std::tuple<const A&...> bound(args...);
  if (auto done = db.run_query(sql, &detail::bind_in_order<A...>, &bound, 0, nullptr, nullptr); !done)
    return rally::err(std::move(done.error()));
  return db.changes();
}

}  // namespace rally::db
