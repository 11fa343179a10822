#pragma once
// /sign_up: a new account, then signed in and on to ?next= (like /sign_in). A plain form posted
// to the server (server_form_sign_up), so it works with JavaScript off; with it on, the page only
// adds a "show password" switch.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace web::pages::sign_up {

struct Model {
  std::string email;
  std::string next;   // where to go after signing in (checked by rally::auth::safe_next)
  std::string error;
  bool show_password = false;
};

struct ShowPassword { bool on; };
using Msg = std::variant<ShowPassword>;

rally::Load<Model> load(const rally::Query& query, ServerContext& ctx);

struct SignUp {
  std::string email;
  std::string password;
  std::string next;
};
rally::FormResult<Model> server_form_sign_up(const SignUp& form, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  model.show_password = std::get<ShowPassword>(msg).on;
  return {model, rally::effect::none()};
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  const std::string next_query = model.next.empty() ? "" : "?next=" + rally::routing::encode_text(model.next);
  return div({class_("auth")}, {
      h1({}, {text("Create an account")}),
      post_form("sign_up", {class_("auth-form")}, {
          input({type("hidden"), name("next"), value(model.next)}),
          label({for_("email")}, {text("Email")}),
          input({type("email"), id("email"), name("email"), value(model.email), attr("autocomplete", "username"),
                 boolean("required", true), autofocus(model.email.empty())}),
          label({for_("password")}, {text("Password")}),
          input({type(model.show_password ? "text" : "password"), id("password"), name("password"),
                 attr("autocomplete", "new-password"), boolean("required", true), autofocus(!model.email.empty())}),
          label({class_("check")}, {input({type("checkbox"), class_("show-password"), checked(model.show_password),
                                           on_check([](bool on) { return ShowPassword{on}; })}),
                                    text(" Show password")}),
          p({class_("error"), attr("role", "alert")}, {text(model.error)}),
          button({type("submit")}, {text("Create an account")}),
      }),
      p({}, {text("Have an account? "), a({href("/sign_in" + next_query)}, {text("Sign in")})}),
  });
}

inline std::string title(const Model&) { return "Sign up - Todos"; }

}  // namespace web::pages::sign_up
