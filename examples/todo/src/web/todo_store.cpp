#include "web/todo_store.hpp"

#include <stdexcept>

#include "sql.hpp"

namespace web::todo_store {

namespace {

template <class T>
T checked(rally::db::Result<T> result) {
  if (!result) throw std::runtime_error(result.error().to_string());
  return std::move(*result);
}

template <class Row>
Todo to_todo(const Row& row) {
  return Todo{row.id, row.title, row.done != 0};
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<Todo> list(rally::db::Connection& db, std::int64_t user) {
  std::vector<Todo> out;
  for (const auto& row : checked(sql::todos::list(db, user))) out.push_back(to_todo(row));
  return out;
}

std::optional<Todo> get(rally::db::Connection& db, std::int64_t user, std::int64_t id) {
  auto rows = checked(sql::todos::get(db, id, user));
  if (rows.empty()) return std::nullopt;
  return to_todo(rows.front());
}

rally::Result<Todo> add(rally::db::Connection& db, std::int64_t user, const std::string& title) {
  std::string clean = trim(title);
  if (clean.empty()) return rally::err("write something first");
  if (clean.size() > max_title_bytes)
    return rally::err("a todo is at most " + std::to_string(max_title_bytes) + " bytes long");
  checked(sql::todos::add(db, clean, user));
  // Same connection, same call, nothing in between: this is our row's id.
  return Todo{db.last_insert_rowid(), clean, false};
}

bool toggle(rally::db::Connection& db, std::int64_t user, std::int64_t id) {
  return checked(sql::todos::toggle(db, id, user)) > 0;
}

bool remove(rally::db::Connection& db, std::int64_t user, std::int64_t id) {
  return checked(sql::todos::remove(db, id, user)) > 0;
}

}  // namespace web::todo_store
