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

rally::FormResult<Model> server_form_say(const SayForm& form, ServerContext& ctx) {
  auto name = accounts::name_of(ctx.db, ctx.user());
  auto line = name ? lines::say(ctx.db, form.room, *name, form.text) : rally::Result<Line>(rally::err("sign in first"));
  if (line) return rally::FormResult<Model>::redirect("/rooms/" + std::to_string(form.room));
  return rally::FormResult<Model>::render(Model{form.room, lines::recent(ctx.db, form.room), form.text, line.error_text(), {}});
}

rally::Result<bool> server_typing(const ServerTyping& msg, ServerContext& ctx) {
  auto name = accounts::name_of(ctx.db, ctx.user());
  if (!name) return rally::err("sign in first");
  rally::send(rally::audience::page("/rooms/" + std::to_string(msg.room)), Typing{*name, msg.typing});
  return true;
}

}  // namespace web::pages::rooms::id_
