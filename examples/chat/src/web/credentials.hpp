#pragma once
// What /sign_in and /sign_up share: a name and password form posted to the server (so it works
// with JavaScript off), the ?next= carried through it, and the error of the last attempt.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace web::credentials {

struct Model {
  std::string name;
  std::string next;  // where to go afterwards (checked by rally::auth::safe_next)
  std::string error;
};

// The name is kept as it is typed, so a re-render shows it as is.
struct SetName { std::string name; };
using Msg = std::variant<SetName>;

// The posted fields.
struct Fields {
  std::string name;
  std::string password;
  std::string next;
};

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg, [&](SetName& m) { model.name = std::move(m.name); });
}

// The words that differ between the two pages.
struct Wording {
  std::string heading, form, password_autocomplete, other_prompt, other_path, other_link;
};

inline rally::Element<Msg> view(const Model& model, const Wording& w) {
  using namespace rally::html;
  const std::string next_query = model.next.empty() ? "" : "?next=" + rally::routing::encode_text(model.next);
  return div({class_("auth")}, {
      h1({}, {text(w.heading)}),
      post_form(w.form, {class_("auth-form")}, {
          input({type("hidden"), name("next"), value(model.next)}),
          label({for_("name")}, {text("Name")}),
          input({type("text"), id("name"), name("name"), value(model.name), attr("autocomplete", "username"),
                 attr("maxlength", "40"), boolean("required", true), autofocus(model.name.empty()),
                 on_input([](std::string v) { return SetName{std::move(v)}; })}),
          label({for_("password")}, {text("Password")}),
          input({type("password"), id("password"), name("password"), attr("autocomplete", w.password_autocomplete),
                 boolean("required", true), autofocus(!model.name.empty())}),
          p({class_("error"), attr("role", "alert")}, {text(model.error)}),
          button({type("submit")}, {text(w.heading)}),
      }),
      p({class_("other")}, {text(w.other_prompt), a({href(w.other_path + next_query)}, {text(w.other_link)})}),
  });
}

// Server-only (credentials.cpp): the form for ?next=, or straight on when already signed in; the
// form again after a failed attempt, with what was typed (never the password); and on to ?next=
// once `user` is signed in.
rally::Load<Model> load(const rally::Query& query, ServerContext& ctx);
rally::FormResult<Model> again(const Fields& form, std::string error);
rally::FormResult<Model> signed_in(const Fields& form, ServerContext& ctx, std::int64_t user);

}  // namespace web::credentials
