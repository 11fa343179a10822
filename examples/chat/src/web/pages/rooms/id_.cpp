#include "web/pages/rooms/id_.hpp"

#include "web/lines.hpp"

namespace web::pages::rooms::id_ {

rally::Load<Model> load(std::int64_t id, ServerContext& ctx) {
  if (id < 1) return rally::not_found();
  return Model{id, lines::recent(ctx.db, id), {}, {}, {}};
}

rally::Result<Line> server_say(const ServerSay& msg, ServerContext& ctx) {
  return lines::say(ctx.db, msg.room, msg.author, msg.text);
}

}  // namespace web::pages::rooms::id_
