#include "web/task_store.hpp"

#include <stdexcept>

#include "sql.hpp"

namespace web::task_store {

namespace {

// A query that fails here is a bug or a broken database: the handler's caller gets a 500 / an
// "internal error" answer and the server logs the SQLite message.
template <class T>
T checked(rally::db::Result<T> result) {
  if (!result) throw std::runtime_error(result.error().to_string());
  return std::move(*result);
}

template <class Row>
Task to_task(const Row& row) {
  return Task{row.id, row.title, row.done != 0};
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<Task> list(rally::db::Connection& db) {
  std::vector<Task> out;
  for (const auto& row : checked(sql::tasks::list(db))) out.push_back(to_task(row));
  return out;
}

std::optional<Task> get(rally::db::Connection& db, std::int64_t id) {
  auto rows = checked(sql::tasks::get(db, id));
  if (rows.empty()) return std::nullopt;
  return to_task(rows.front());
}

rally::Result<Task> add(rally::db::Connection& db, const std::string& title) {
  std::string clean = trim(title);
  if (clean.empty()) return rally::err("write something first");
  if (clean.size() > max_title_bytes)
    return rally::err("a task is at most " + std::to_string(max_title_bytes) + " bytes long");
  checked(sql::tasks::add(db, clean));
  return Task{db.last_insert_rowid(), clean, false};
}

bool toggle(rally::db::Connection& db, std::int64_t id) { return checked(sql::tasks::toggle(db, id)) > 0; }

}  // namespace web::task_store
