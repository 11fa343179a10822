#include "web/credentials_form.hpp"

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
  return rally::FormResult<Model>::render(Model{form.email, form.next, std::move(error)});
}

}  // namespace web::credentials
