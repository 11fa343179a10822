// Statement: binds, stepping (timed per run, two clock reads a run), column reads, and the hand-back to the cache.
#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "impl.hpp"

namespace rally::db {

namespace {
using Clock = std::chrono::steady_clock;

void require(const void* stmt) {
  if (stmt == nullptr) throw std::logic_error("rally::db::Statement used after being moved from");
}
}  // namespace

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

void Statement::finish_run() noexcept {
  if (!running_) return;
  running_ = false;
  owner_->record(stmt_, Clock::now() - started_);
}

void Statement::leave_write_turn() noexcept {
  if (!write_turn_) return;
  write_turn_ = false;
  owner_->leave_write();
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
Result<Unit> bound(detail::ConnectionImpl* owner, sqlite3_stmt* stmt, int rc, int index, std::uint64_t& mask) {
  if (rc == SQLITE_OK) {
    if (index >= 1 && index <= detail::lazily_cleared_parameters) mask |= std::uint64_t{1} << (index - 1);
    return Unit{};
  }
  Error e = owner->error(rc, sqlite3_sql(stmt));
  e.message = "parameter " + std::to_string(index) + ": " + e.message;
  return rally::err(std::move(e));
}
}  // namespace

Result<Unit> Statement::bind_null(int index) {
  require(stmt_);
  return bound(owner_, stmt_, sqlite3_bind_null(stmt_, index), index, bound_);
}

Result<Unit> Statement::bind_int64(int index, std::int64_t value) {
  require(stmt_);
  return bound(owner_, stmt_, sqlite3_bind_int64(stmt_, index, value), index, bound_);
}

Result<Unit> Statement::bind_double(int index, double value) {
  require(stmt_);
  return bound(owner_, stmt_, sqlite3_bind_double(stmt_, index, value), index, bound_);
}

Result<Unit> Statement::bind_text(int index, std::string_view value) {
  require(stmt_);
  // TRANSIENT copies the bytes: the caller's string may be gone before step().
  return bound(owner_, stmt_,
               sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
               index, bound_);
}

Result<Unit> Statement::bind_blob(int index, std::span<const std::uint8_t> value) {
  require(stmt_);
  // A NULL data pointer would bind SQL NULL; an empty blob must stay an empty blob.
  static const std::uint8_t empty = 0;
  const void* data = value.empty() ? &empty : value.data();
  return bound(owner_, stmt_, sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT), index, bound_);
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

Result<Unit> Statement::start_run() {
  if (!write_turn_ && owner_->needs_write_turn(readonly_)) {
    if (auto entered = owner_->enter_write(sql()); !entered) return entered;
    write_turn_ = true;
  }
  if (entry_ != nullptr && entry_->stale_bindings) {
    // The previous user's values are still bound: the parameters this user left alone read as
    // NULL, as after sqlite3_clear_bindings.
    for (int i = 1; i <= entry_->parameter_count; ++i) {
      if ((bound_ & (std::uint64_t{1} << (i - 1))) == 0) sqlite3_bind_null(stmt_, i);
    }
    entry_->stale_bindings = false;
  }
  running_ = true;
  started_ = Clock::now();
  return Unit{};
}

Result<bool> Statement::step() {
  require(stmt_);
  if (!running_) {
    if (auto started = start_run(); !started) return rally::err(std::move(started.error()));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    finish_run();
    sqlite3_reset(stmt_);
    leave_write_turn();
    return false;
  }
  Error e = owner_->error(rc, sql());
  finish_run();
  sqlite3_reset(stmt_);
  leave_write_turn();
  return rally::err(std::move(e));
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
  finish_run();
  sqlite3_reset(stmt_);
  leave_write_turn();
}

int Statement::column_count() const {
  require(stmt_);
  return sqlite3_column_count(stmt_);
}

void Statement::check_column(int index) const {
  require(stmt_);
  if (index < 0 || index >= sqlite3_column_count(stmt_)) {
    throw std::out_of_range("rally::db::Statement: column " + std::to_string(index) + " out of range for: " +
                            std::string(sql()));
  }
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

std::string Statement::column_text(int index) const {
  check_column(index);
  // text first, then bytes: that order gives the length of the text form (SQLite's advice).
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  int size = sqlite3_column_bytes(stmt_, index);
  return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

Blob Statement::column_blob(int index) const {
  check_column(index);
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
  int size = sqlite3_column_bytes(stmt_, index);
  return data != nullptr ? Blob(data, data + size) : Blob();
}

}  // namespace rally::db
