#pragma once
// /sign_in: where signed-out visitors of the list are sent, with ?next=<where they were going>. A
// plain form posted to the server (server_form_sign_in), so it works with JavaScript off; with it
// on, the page only adds a "show password" switch.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace web::pages::sign_in {

struct Model {
  std::string email;
  std::string next;   // where to go after signing in (checked by rally::auth::safe_next)
  std::string error;
  bool show_password = false;
};

struct ShowPassword { bool on; };
using Msg = std::variant<ShowPassword>;

rally::Load<Model> load(const rally::Query& query, ServerContext& ctx);

struct SignIn {
  std::string email;
  std::string password;
  std::string next;
};
rally::FormResult<Model> server_form_sign_in(const SignIn& form, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  model.show_password = std::get<ShowPassword>(msg).on;
  return {model, rally::effect::none()};
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  const std::string next_query = model.next.empty() ? "" : "?next=" + rally::routing::encode_text(model.next);
  return div({class_("auth")}, {
      h1({}, {text("Sign in")}),
      post_form("sign_in", {class_("auth-form")}, {
          input({type("hidden"), name("next"), value(model.next)}),
          label({for_("email")}, {text("Email")}),
          input({type("email"), id("email"), name("email"), value(model.email), attr("autocomplete", "username"),
                 boolean("required", true), autofocus(model.email.empty())}),
          label({for_("password")}, {text("Password")}),
          input({type(model.show_password ? "text" : "password"), id("password"), name("password"),
                 attr("autocomplete", "current-password"), boolean("required", true), autofocus(!model.email.empty())}),
          label({class_("check")}, {input({type("checkbox"), class_("show-password"), checked(model.show_password),
                                           on_check([](bool on) { return ShowPassword{on}; })}),
                                    text(" Show password")}),
          p({class_("error"), attr("role", "alert")}, {text(model.error)}),
          button({type("submit")}, {text("Sign in")}),
      }),
      p({}, {text("No account yet? "), a({href("/sign_up" + next_query)}, {text("Sign up")})}),
  });
}

inline std::string title(const Model&) { return "Sign in - Todos"; }

}  // namespace web::pages::sign_in
