#include "web/pages/rooms/id_.hpp"

#include <rally/server/send.hpp>

#include "web/accounts.hpp"
#include "web/lines.hpp"

namespace web::pages::rooms::id_ {

rally::Load<Model> load(std::int64_t id, ServerContext& ctx) {
  if (id < 1) return rally::not_found();
  return Model{id, lines::recent(ctx.db, id), {}, {}, {}};
}

// The policy lets these run only for a signed-in session; the name is the account's, looked up
// for each call (an account removed meanwhile has none).
rally::Result<Line> server_say(const ServerSay& msg, ServerContext& ctx) {
  auto name = accounts::name_of(ctx.db, ctx.user());
  if (!name) return rally::err("sign in first");
  return lines::say(ctx.db, msg.room, *name, msg.text);
}

rally::Result<bool> server_typing(const ServerTyping& msg, ServerContext& ctx) {
  auto name = accounts::name_of(ctx.db, ctx.user());
  if (!name) return rally::err("sign in first");
  rally::send(rally::audience::page("/rooms/" + std::to_string(msg.room)), Typing{*name, msg.typing});
  return true;
}

}  // namespace web::pages::rooms::id_
