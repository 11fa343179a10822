// Statement: binds, stepping (timed per run: two QueryClock reads), column reads, and the hand-back to the cache;
// and Connection::run_query, the one call a generated query function makes (rally/db/rows.hpp).
// The per-call paths (bind, step, column reads, release) are inlined here and call SQLite only
// where the raw C API would; errors and first-step work are out of line.
#include <sqlite3.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include "impl.hpp"
#include "rally/db/rows.hpp"
#include "query_clock.hpp"

namespace rally::db {

namespace {

[[noreturn, gnu::cold, gnu::noinline]] void throw_moved_from() {
  throw std::logic_error("rally::db::Statement used after being moved from");
}

inline void require(const void* stmt) {
  if (stmt == nullptr) [[unlikely]] throw_moved_from();
}

[[noreturn, gnu::cold, gnu::noinline]] void throw_column_out_of_range(sqlite3_stmt* stmt, int index) {
  const char* sql = sqlite3_sql(stmt);
  throw std::out_of_range("rally::db::Statement: column " + std::to_string(index) + " out of range for: " +
                          std::string(sql != nullptr ? sql : ""));
}
}  // namespace

inline void Statement::finish_run() noexcept {
  if (!running_) return;
  running_ = false;
  owner_->record(stmt_, detail::QueryClock::since(started_));
}

inline void Statement::leave_write_turn() noexcept {
  if (!write_turn_) [[likely]] return;
  write_turn_ = false;
  owner_->leave_write();
}

// A run's start, after the write turn (if any) is held: the previous user's values cleared
// where this user bound nothing, and the clock started.
inline void Statement::begin_run() noexcept {
  if (entry_ != nullptr && entry_->stale_bindings) {
    // 1 to 64 parameters here (see give_back); generated code binds them all.
    std::uint64_t all = ~std::uint64_t{0} >> (64 - entry_->parameter_count);
    if ((bound_ & all) != all) clear_stale_bindings();
    entry_->stale_bindings = false;
  }
  running_ = true;
  started_ = detail::QueryClock::now();
}

// A run's end, finished or failed: recorded, reset, the write turn left.
inline void Statement::end_run() noexcept {
  finish_run();
  sqlite3_reset(stmt_);
  leave_write_turn();
}

void Statement::release() noexcept {
  finish_run();
  // Stepped to a row and dropped (or stepped through native_handle()): end the run. A finished
  // or failed run was reset by step() already.
  if (sqlite3_stmt_busy(stmt_) != 0) sqlite3_reset(stmt_);
  leave_write_turn();
  if (entry_ != nullptr) {
    owner_->give_back(entry_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
  owner_ = nullptr;
  entry_ = nullptr;
}

std::string_view Statement::sql() const {
  require(stmt_);
  const char* text = sqlite3_sql(stmt_);
  return text != nullptr ? std::string_view(text) : std::string_view();
}

Result<Unit> Statement::bind_error(int index, std::string_view what) const {
  return rally::err(Error{"parameter " + std::to_string(index) + ": " + std::string(what), SQLITE_RANGE,
                          std::string(sql()), {}, 0});
}

namespace {
[[gnu::cold, gnu::noinline]] Error bind_failed(detail::ConnectionImpl* owner, sqlite3_stmt* stmt, const Binder& binder) {
  Error e = owner->error(binder.failed_code(), sqlite3_sql(stmt));
  e.message = "parameter " + std::to_string(binder.failed_index()) + ": " + e.message;
  return e;
}

inline Result<Unit> bind_result(detail::ConnectionImpl* owner, sqlite3_stmt* stmt, const Binder& binder) {
  if (binder.failed_code() != SQLITE_OK) [[unlikely]] return rally::err(bind_failed(owner, stmt, binder));
  return Unit{};
}
}  // namespace

// Binds go through Binder, as run_query's do.
Result<Unit> Statement::bind_null(int index) {
  require(stmt_);
  Binder binder(stmt_, bound_);
  binder.null(index);
  return bind_result(owner_, stmt_, binder);
}

Result<Unit> Statement::bind_int64(int index, std::int64_t value) {
  require(stmt_);
  Binder binder(stmt_, bound_);
  binder.int64(index, value);
  return bind_result(owner_, stmt_, binder);
}

Result<Unit> Statement::bind_double(int index, double value) {
  require(stmt_);
  Binder binder(stmt_, bound_);
  binder.real(index, value);
  return bind_result(owner_, stmt_, binder);
}

Result<Unit> Statement::bind_text(int index, std::string_view value) {
  require(stmt_);
  Binder binder(stmt_, bound_);
  binder.text(index, value);
  return bind_result(owner_, stmt_, binder);
}

Result<Unit> Statement::bind_blob(int index, std::span<const std::uint8_t> value) {
  require(stmt_);
  Binder binder(stmt_, bound_);
  binder.blob(index, value);
  return bind_result(owner_, stmt_, binder);
}

int Statement::parameter_count() const {
  require(stmt_);
  return sqlite3_bind_parameter_count(stmt_);
}

int Statement::parameter_index(std::string_view name) const {
  require(stmt_);
  std::string key(name);
  if (int i = sqlite3_bind_parameter_index(stmt_, key.c_str()); i != 0) return i;
  if (!key.empty() && (key[0] == ':' || key[0] == '@' || key[0] == '$')) return 0;
  for (char prefix : {':', '@', '$'}) {
    std::string prefixed = prefix + key;
    if (int i = sqlite3_bind_parameter_index(stmt_, prefixed.c_str()); i != 0) return i;
  }
  return 0;
}

Result<Unit> Statement::take_write_turn() {
  if (auto entered = owner_->enter_write(sql()); !entered) return entered;
  write_turn_ = true;
  return Unit{};
}

Result<bool> Statement::step_taking_write_turn() {
  if (auto taken = take_write_turn(); !taken) return rally::err(std::move(taken.error()));
  return step();
}

void Statement::clear_stale_bindings() noexcept {
  // The previous user's values are still bound: the parameters this user left alone read as
  // NULL, as after sqlite3_clear_bindings.
  for (int i = 1; i <= entry_->parameter_count; ++i) {
    if ((bound_ & (std::uint64_t{1} << (i - 1))) == 0) sqlite3_bind_null(stmt_, i);
  }
}

Result<bool> Statement::step_failed(int rc) {
  Error e = owner_->error(rc, sql());
  end_run();
  return rally::err(std::move(e));
}

Result<bool> Statement::step() {
  require(stmt_);
  if (!running_) {
    // Out of line, so that this path needs no room for an Error.
    if (!write_turn_ && owner_->needs_write_turn(readonly_)) [[unlikely]] return step_taking_write_turn();
    begin_run();
  }
  int rc = sqlite3_step(stmt_);
  columns_ = 0;  // re-read by the next column read: a step may have re-prepared the statement
  if (rc == SQLITE_ROW) [[likely]] return true;
  if (rc != SQLITE_DONE) return step_failed(rc);
  end_run();
  return false;
}

[[gnu::cold]] Result<Unit> Statement::too_few_columns(int wanted) {
  int has = sqlite3_column_count(stmt_);
  Error e{"the statement has " + std::to_string(has) + (has == 1 ? " result column" : " result columns") +
              ", the code reads " + std::to_string(wanted) + " (was the schema changed after the build?)",
          0, std::string(sql()), {}, 0};
  if (running_) end_run();
  return rally::err(std::move(e));
}

Result<Unit> Statement::bind_and_read(detail::BindArgs bind_args, const void* args, int columns,
                                      detail::AppendRow append, void* rows) {
  require(stmt_);
  Binder binder(stmt_, bound_);
  bind_args(args, binder);
  if (auto bound = bind_result(owner_, stmt_, binder); !bound) return bound;
  // A statement that writes is checked before its first step too, which would make the changes
  // (INSERT ... RETURNING); a read is checked after it only.
  if (!readonly_ && sqlite3_column_count(stmt_) < columns) [[unlikely]] return too_few_columns(columns);
  if (!running_) {
    if (!write_turn_ && owner_->needs_write_turn(readonly_)) [[unlikely]] {
      if (auto taken = take_write_turn(); !taken) return taken;
    }
    begin_run();
  }
  int rc = sqlite3_step(stmt_);
  // And after it: the step re-prepares the statement if the schema changed since it was prepared.
  if (rc == SQLITE_ROW && sqlite3_column_count(stmt_) < columns) [[unlikely]] return too_few_columns(columns);
  RowView view(stmt_);
  for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt_)) {
    if (append != nullptr) append(rows, view);
  }
  if (rc != SQLITE_DONE) [[unlikely]] return rally::err(std::move(step_failed(rc).error()));
  end_run();
  return Unit{};
}

// Here rather than in connection.cpp, so that the cache hit, the binding, the loop and the
// hand-back are inlined into this one call.
Result<Unit> Connection::run_query(const CachedSql& sql, detail::BindArgs bind_args, const void* args, int columns,
                                   detail::AppendRow append, void* rows) {
  if (detail::CachedStatement* entry = impl_->take_by_slot(sql.slot_.load(std::memory_order_relaxed))) [[likely]] {
    Statement stmt(impl_.get(), entry->stmt, entry, entry->readonly);
    return stmt.bind_and_read(bind_args, args, columns, append, rows);
  }
  auto stmt = prepare_by_text(sql, true);
  if (!stmt) return rally::err(std::move(stmt.error()));
  return stmt->bind_and_read(bind_args, args, columns, append, rows);
}

Result<Unit> Statement::run() {
  while (true) {
    auto row = step();
    if (!row) return rally::err(std::move(row.error()));
    if (!*row) return Unit{};
  }
}

void Statement::reset() {
  require(stmt_);
  end_run();
}

int Statement::column_count() const {
  require(stmt_);
  return sqlite3_column_count(stmt_);
}

inline void Statement::check_column(int index) const {
  require(stmt_);
  if (static_cast<unsigned>(index) < static_cast<unsigned>(columns_)) [[likely]] return;
  columns_ = sqlite3_column_count(stmt_);
  if (index < 0 || index >= columns_) throw_column_out_of_range(stmt_, index);
}

std::string Statement::column_name(int index) const {
  check_column(index);
  const char* name = sqlite3_column_name(stmt_, index);
  return name != nullptr ? name : "";
}

bool Statement::column_is_null(int index) const {
  check_column(index);
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int index) const {
  check_column(index);
  return sqlite3_column_int64(stmt_, index);
}

double Statement::column_double(int index) const {
  check_column(index);
  return sqlite3_column_double(stmt_, index);
}

// Text and blobs are read as generated code reads them (RowView), after the index check.
std::string Statement::column_text(int index) const {
  check_column(index);
  std::string text;
  RowView(stmt_).read(index, text);
  return text;
}

Blob Statement::column_blob(int index) const {
  check_column(index);
  Blob data;
  RowView(stmt_).read(index, data);
  return data;
}

}  // namespace rally::db
