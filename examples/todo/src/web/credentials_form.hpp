#pragma once
// What /sign_in and /sign_up share: an email and password form posted to the server (so it works
// with JavaScript off), a ?next= carried through it, the error of the last attempt, and, with
// JavaScript on, a "show password" switch.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace web::credentials {

struct Model {
  std::string email;
  std::string next;   // where to go afterwards (checked by rally::auth::safe_next)
  std::string error;
  bool show_password = false;
};

struct SetEmail { std::string email; };
struct ShowPassword { bool on; };
using Msg = std::variant<SetEmail, ShowPassword>;

// The posted fields.
struct Fields {
  std::string email;
  std::string password;
  std::string next;
};

// The email is kept in the model as it is typed: a re-render (the password switch) shows it as is.
inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](SetEmail& m) { model.email = std::move(m.email); },
    [&](ShowPassword m) { model.show_password = m.on; });
}

// The words that differ between the two pages.
struct Wording {
  std::string heading, form, button, password_autocomplete;
  std::string other_prompt, other_path, other_link;
};

inline rally::Element<Msg> view(const Model& model, const Wording& w) {
  using namespace rally::html;
  const std::string next_query = model.next.empty() ? "" : "?next=" + rally::routing::encode_text(model.next);
  return div({class_("auth")}, {
      h1({}, {text(w.heading)}),
      post_form(w.form, {class_("auth-form")}, {
          input({type("hidden"), name("next"), value(model.next)}),
          label({for_("email")}, {text("Email")}),
          input({type("email"), id("email"), name("email"), value(model.email), attr("autocomplete", "username"),
                 boolean("required", true), autofocus(model.email.empty()),
                 on_input([](std::string v) { return SetEmail{std::move(v)}; })}),
          label({for_("password")}, {text("Password")}),
          input({type(model.show_password ? "text" : "password"), id("password"), name("password"),
                 attr("autocomplete", w.password_autocomplete), boolean("required", true), autofocus(!model.email.empty())}),
          label({class_("check")}, {input({type("checkbox"), class_("show-password"), checked(model.show_password),
                                           on_check([](bool on) { return ShowPassword{on}; })}),
                                    text(" Show password")}),
          p({class_("error"), attr("role", "alert")}, {text(model.error)}),
          button({type("submit")}, {text(w.button)}),
      }),
      p({}, {text(w.other_prompt), a({href(w.other_path + next_query)}, {text(w.other_link)})}),
  });
}

// Server-only (credentials_form.cpp): the page for ?next=, or straight on when already signed in;
// and the page again after a failed attempt, with what was typed (never the password).
rally::Load<Model> load(const rally::Query& query, ServerContext& ctx);
rally::FormResult<Model> again(const Fields& form, std::string error);

}  // namespace web::credentials
