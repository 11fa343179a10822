#include "web/pages/rooms/id_.hpp"

#include <rally/server/send.hpp>

#include "web/lines.hpp"

namespace web::pages::rooms::id_ {

rally::Load<Model> load(std::int64_t id, ServerContext& ctx) {
  if (id < 1) return rally::not_found();
  return Model{id, lines::recent(ctx.db, id), {}, {}, {}, {}};
}

rally::Result<Line> server_say(const ServerSay& msg, ServerContext& ctx) {
  return lines::say(ctx.db, msg.room, msg.author, msg.text);
}

rally::Result<bool> server_typing(const ServerTyping& msg, ServerContext&) {
  if (msg.who.empty() || msg.who.size() > 40) return rally::err("choose a name of 1 to 40 bytes");
  rally::send(rally::audience::page("/rooms/" + std::to_string(msg.room)), Typing{msg.who, msg.typing});
  return true;
}

}  // namespace web::pages::rooms::id_
