#include "web/pages/sign_up.hpp"

#include <rally/server/auth.hpp>

#include "web/accounts.hpp"

namespace web::pages::sign_up {

rally::FormResult<Model> server_form_sign_up(const credentials::Fields& form, ServerContext& ctx) {
  auto user = accounts::sign_up(ctx.db, form.email, form.password);
  if (!user) return credentials::again(form, user.error_text());
  rally::auth::sign_in(ctx, *user);
  return rally::FormResult<Model>::redirect(rally::auth::safe_next(form.next, "/"));
}

}  // namespace web::pages::sign_up
