// Server-only bodies of id_.hpp's load() and server_toggle.
#include "web/pages/tasks/id_.hpp"

#include "web/task_store.hpp"

namespace web::pages::tasks::id_ {

rally::Load<Model> load(std::int64_t id, ServerContext& ctx) {
  auto task = task_store::get(ctx.db, id);
  if (!task) return rally::not_found();
  return Model{std::move(*task), {}};
}

rally::Result<Task> server_toggle(const ServerToggle& msg, ServerContext& ctx) {
  if (!task_store::toggle(ctx.db, msg.id)) return rally::err("task " + std::to_string(msg.id) + " no longer exists");
  auto task = task_store::get(ctx.db, msg.id);
  if (!task) return rally::err("task " + std::to_string(msg.id) + " no longer exists");
  return std::move(*task);
}

}  // namespace web::pages::tasks::id_
