#pragma once
// Server-only: the room's lines through the generated sql::lines functions.
#include <cstdint>
#include <string>
#include <vector>

#include <rally/db/connection.hpp>
#include <rally/result.hpp>

#include "web/room.hpp"

namespace web::lines {

std::vector<Line> recent(rally::db::Connection& db, std::int64_t room);  // oldest first
// Stores the line and publishes it to the room; a blank or too long one is the user's mistake.
rally::Result<Line> say(rally::db::Connection& db, std::int64_t room, const std::string& author, const std::string& text);

}  // namespace web::lines
