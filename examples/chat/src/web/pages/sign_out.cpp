#include "web/pages/sign_out.hpp"

namespace web::pages::sign_out {

rally::FormResult<> server_form_sign_out(const SignOut&, ServerContext& ctx) {
  rally::auth::sign_out(ctx);
  return rally::FormResult<>::redirect("/");
}

}  // namespace web::pages::sign_out
