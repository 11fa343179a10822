#include "web/lines.hpp"

#include <algorithm>
#include <stdexcept>

#include <rally/server/topics.hpp>

#include "sql.hpp"

namespace web::lines {

namespace {
template <class T>
T checked(rally::db::Result<T> result) {
  if (!result) throw std::runtime_error(result.error().to_string());
  return std::move(*result);
}
}  // namespace

std::vector<Line> recent(rally::db::Connection& db, std::int64_t room) {
  std::vector<Line> out;
  for (const auto& row : checked(sql::lines::recent(db, room))) out.push_back(Line{row.id, row.author, row.text});
  std::reverse(out.begin(), out.end());
  return out;
}

rally::Result<Line> say(rally::db::Connection& db, std::int64_t room, const std::string& author, const std::string& text) {
  if (author.empty() || author.size() > 40) return rally::err("choose a name of 1 to 40 bytes");
  if (text.empty() || text.size() > 500) return rally::err("a line is 1 to 500 bytes");
  checked(sql::lines::add(db, room, author, text));
  Line line{db.last_insert_rowid(), author, text};
  // Every browser in the room, this one included, gets it from the topic.
  rally::publish(Room{room}, line);
  return line;
}

}  // namespace web::lines

bool web::Room::authorize(const Room&, ServerContext& ctx) { return ctx.session.signed_in(); }
