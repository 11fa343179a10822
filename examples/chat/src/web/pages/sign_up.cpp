#include "web/pages/sign_up.hpp"

#include "web/accounts.hpp"

namespace web::pages::sign_up {

rally::FormResult<Model> server_form_sign_up(const credentials::Fields& form, ServerContext& ctx) {
  auto user = accounts::sign_up(ctx.db, form.name, form.password);
  if (!user) return credentials::again(form, user.error_text());
  return credentials::signed_in(form, ctx, *user);
}

}  // namespace web::pages::sign_up
