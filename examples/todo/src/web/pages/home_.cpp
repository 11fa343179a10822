#include "web/pages/home_.hpp"

#include "web/todo_store.hpp"

namespace web::pages::home_ {

rally::Load<Model> load(ServerContext& ctx) { return Model{todo_store::list(ctx.db, ctx.user()), {}, {}}; }

rally::Result<std::vector<Todo>> server_add(const ServerAdd& msg, ServerContext& ctx) {
  auto added = todo_store::add(ctx.db, ctx.user(), msg.title);
  if (!added) return rally::err(added.error());
  return todo_store::list(ctx.db, ctx.user());
}

// An id that is gone already (deleted in another tab), or another user's, is not an error: the answer is the list as
// it is now, which is what that tab needs to see.
rally::Result<std::vector<Todo>> server_toggle(const ServerToggle& msg, ServerContext& ctx) {
  todo_store::toggle(ctx.db, ctx.user(), msg.id);
  return todo_store::list(ctx.db, ctx.user());
}

rally::Result<std::vector<Todo>> server_remove(const ServerRemove& msg, ServerContext& ctx) {
  todo_store::remove(ctx.db, ctx.user(), msg.id);
  return todo_store::list(ctx.db, ctx.user());
}

}  // namespace web::pages::home_
