#pragma once
// The tasks table, through the typed queries rally-gen makes from src/sql/tasks/*.sql. Server only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rally/db/connection.hpp>
#include <rally/result.hpp>

#include "web/task.hpp"

namespace web::task_store {

inline constexpr std::size_t max_title_bytes = 200;  // the migration's CHECK says the same

std::vector<Task> list(rally::db::Connection& db);
std::optional<Task> get(rally::db::Connection& db, std::int64_t id);
// The new task, or an error the page can show (empty or too long a title).
rally::Result<Task> add(rally::db::Connection& db, const std::string& title);
// false when there is no such task.
bool toggle(rally::db::Connection& db, std::int64_t id);

}  // namespace web::task_store
