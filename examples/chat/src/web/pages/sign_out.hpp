#pragma once
// /sign_out: the layout's "Sign out" button posts here (a GET shows the same button); then home.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace web::pages::sign_out {

struct SignOut {};
rally::FormResult<> server_form_sign_out(const SignOut& form, ServerContext& ctx);

inline rally::Node view() {
  using namespace rally::html;
  return div({class_("auth")}, {h1({}, {text("Sign out")}),
                                post_form("sign_out", {class_("auth-form")}, {button({type("submit")}, {text("Sign out")})})});
}

inline std::string title() { return "Sign out - Chat"; }

}  // namespace web::pages::sign_out
