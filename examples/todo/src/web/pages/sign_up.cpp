#include "web/pages/sign_up.hpp"

#include <rally/server/auth.hpp>

#include "web/accounts.hpp"

namespace web::pages::sign_up {

rally::Load<Model> load(const rally::Query& query, ServerContext& ctx) {
  auto next = query.find("next");
  Model model;
  model.next = next == query.end() ? "" : next->second;
  if (ctx.session.signed_in()) return rally::redirect(rally::auth::safe_next(model.next, "/"));
  return model;
}

rally::FormResult<Model> server_form_sign_up(const SignUp& form, ServerContext& ctx) {
  auto user = accounts::sign_up(ctx.db, form.email, form.password);
  if (!user) return rally::FormResult<Model>::render(Model{form.email, form.next, user.error_text()});
  rally::auth::sign_in(ctx, *user);
  return rally::FormResult<Model>::redirect(rally::auth::safe_next(form.next, "/"));
}

}  // namespace web::pages::sign_up
