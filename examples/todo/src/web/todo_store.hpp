#pragma once
// Server-only: the pages' handlers go through these, which call the generated sql::todos
// functions. Every one takes the signed-in user: a user only ever reads or changes their own
// todos (an id of someone else's is "no such item"). A database error is a bug or an outage, not
// the user's fault: it throws, so the server logs it with a trace id and the client gets a generic
// error.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rally/db/connection.hpp>
#include <rally/result.hpp>

#include "web/todo.hpp"

namespace web::todo_store {

inline constexpr std::size_t max_title_bytes = 200;

std::vector<Todo> list(rally::db::Connection& db, std::int64_t user);
std::optional<Todo> get(rally::db::Connection& db, std::int64_t user, std::int64_t id);
// Trims the title; an empty or too long one is the user's mistake, returned as an error.
rally::Result<Todo> add(rally::db::Connection& db, std::int64_t user, const std::string& title);
// False when the user has no such item.
bool toggle(rally::db::Connection& db, std::int64_t user, std::int64_t id);
bool remove(rally::db::Connection& db, std::int64_t user, std::int64_t id);

}  // namespace web::todo_store
