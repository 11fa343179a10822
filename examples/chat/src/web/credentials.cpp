#include "web/credentials.hpp"

#include <rally/server/auth.hpp>

namespace web::credentials {

rally::Load<Model> load(const rally::Query& query, ServerContext& ctx) {
  auto next = query.find("next");
  Model model;
  model.next = next == query.end() ? "" : next->second;
  if (ctx.session.signed_in()) return rally::redirect(rally::auth::safe_next(model.next, "/"));
  return model;
}

rally::FormResult<Model> again(const Fields& form, std::string error) {
  return rally::FormResult<Model>::render(Model{form.name, form.next, std::move(error)});
}

rally::FormResult<Model> signed_in(const Fields& form, ServerContext& ctx, std::int64_t user) {
  rally::auth::sign_in(ctx, user);
  return rally::FormResult<Model>::redirect(rally::auth::safe_next(form.next, "/"));
}

}  // namespace web::credentials
