#include "web/pages/sign_in.hpp"

#include "web/accounts.hpp"

namespace web::pages::sign_in {

rally::FormResult<Model> server_form_sign_in(const credentials::Fields& form, ServerContext& ctx) {
  auto user = accounts::authenticate(ctx.db, form.name, form.password, ctx.address);
  if (!user) return credentials::again(form, user.error_text());
  return credentials::signed_in(form, ctx, *user);
}

}  // namespace web::pages::sign_in
