#include "web/pages/sign_in.hpp"

#include <rally/server/auth.hpp>

#include "web/accounts.hpp"

namespace web::pages::sign_in {

rally::FormResult<Model> server_form_sign_in(const credentials::Fields& form, ServerContext& ctx) {
  auto user = accounts::authenticate(ctx.db, form.email, form.password, ctx.address);
  if (!user) return credentials::again(form, user.error_text());
  rally::auth::sign_in(ctx, *user);
  return rally::FormResult<Model>::redirect(rally::auth::safe_next(form.next, "/"));
}

}  // namespace web::pages::sign_in
