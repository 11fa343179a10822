#include "web/pages/home_.hpp"

#include "web/todo_store.hpp"

namespace web::pages::home_ {

rally::Load<Model> load(ServerContext& ctx) { return Model{todo_store::list(ctx.db), {}, {}}; }

rally::Result<std::vector<Todo>> server_add(const ServerAdd& msg, ServerContext& ctx) {
  auto added = todo_store::add(ctx.db, msg.title);
  if (!added) return rally::err(added.error());
  return todo_store::list(ctx.db);
}

// An id that is gone already (deleted in another tab) is not an error: the answer is the list as
// it is now, which is what that tab needs to see.
rally::Result<std::vector<Todo>> server_toggle(const ServerToggle& msg, ServerContext& ctx) {
  todo_store::toggle(ctx.db, msg.id);
  return todo_store::list(ctx.db);
}

rally::Result<std::vector<Todo>> server_remove(const ServerRemove& msg, ServerContext& ctx) {
  todo_store::remove(ctx.db, msg.id);
  return todo_store::list(ctx.db);
}

}  // namespace web::pages::home_
