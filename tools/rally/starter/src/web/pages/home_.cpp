// Server-only bodies of home_.hpp's load() and server_* handlers.
#include "web/pages/home_.hpp"

#include "web/task_store.hpp"

namespace web::pages::home_ {

rally::Load<Model> load(ServerContext& ctx) { return Model{task_store::list(ctx.db), {}, {}}; }

rally::Result<std::vector<Task>> server_add(const ServerAdd& msg, ServerContext& ctx) {
  auto added = task_store::add(ctx.db, msg.title);
  if (!added) return rally::err(added.error());
  return task_store::list(ctx.db);
}

rally::Result<std::vector<Task>> server_toggle(const ServerToggle& msg, ServerContext& ctx) {
  if (!task_store::toggle(ctx.db, msg.id)) return rally::err("task " + std::to_string(msg.id) + " no longer exists");
  return task_store::list(ctx.db);
}

}  // namespace web::pages::home_
