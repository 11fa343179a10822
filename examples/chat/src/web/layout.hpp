#pragma once
// Around every page: who is signed in and a sign-out button (a form: it works without
// JavaScript), or the way in.
#include <rally/page.hpp>

#include "web/client_context.hpp"

namespace web::layout {

inline rally::Node view(const ClientContext& context, rally::Node page) {
  using namespace rally::html;
  rally::Node account = context.name.empty()
      ? span({class_("account")}, {a({href("/sign_in")}, {text("Sign in")}), text(" · "), a({href("/sign_up")}, {text("Sign up")})})
      : span({class_("account")}, {span({class_("who")}, {text(context.name)}),
                                    post_form("sign_out", {class_("sign-out"), attr("action", "/sign_out")},
                                              {button({type("submit")}, {text("Sign out")})})});
  return div({class_("app")}, {header({}, {a({class_("brand"), href("/")}, {text("Chat")}), std::move(account)}),
                               main_({}, {std::move(page)})});
}

inline std::string head() { return R"(<link rel="stylesheet" href="/assets/chat.css">)"; }

}  // namespace web::layout
