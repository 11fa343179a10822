// Server-only: renaming the connection's user. make_client_context reads ctx.user_name, so the
// generated server notices the change after this call and pushes the new ClientContext.
#include "web/pages/settings/profile.hpp"

namespace web::pages::settings::profile {

rally::Result<std::string> server_rename(const ServerRename& msg, ServerContext& ctx) {
  if (msg.name.empty()) return rally::err("the name is empty");
  if (msg.name.size() > 40) return rally::err("the name is longer than 40 characters");
  ctx.user_name = msg.name;
  return msg.name;
}

}  // namespace web::pages::settings::profile
