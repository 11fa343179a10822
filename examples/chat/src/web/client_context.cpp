#include "web/client_context.hpp"

#include "web/accounts.hpp"

namespace web {

ClientContext make_client_context(ServerContext& ctx) {
  ClientContext context;
  if (auto user = ctx.session.user_id()) context.name = accounts::name_of(ctx.db, *user).value_or("");
  return context;
}

}  // namespace web
