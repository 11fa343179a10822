#include "web/pages/todos/id_.hpp"

#include "web/todo_store.hpp"

namespace web::pages::todos::id_ {

rally::Load<Model> load(std::int64_t id, ServerContext& ctx) {
  auto todo = todo_store::get(ctx.db, ctx.user(), id);
  if (!todo) return rally::not_found();
  return Model{std::move(*todo), {}};
}

rally::Result<Todo> server_toggle(const ServerToggle& msg, ServerContext& ctx) {
  if (!todo_store::toggle(ctx.db, ctx.user(), msg.id)) return rally::err("todo " + std::to_string(msg.id) + " no longer exists");
  auto todo = todo_store::get(ctx.db, ctx.user(), msg.id);
  if (!todo) return rally::err("todo " + std::to_string(msg.id) + " no longer exists");
  return std::move(*todo);
}

}  // namespace web::pages::todos::id_
