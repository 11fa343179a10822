#pragma once
// /sign_up: a new account (its name is what the rooms show), then signed in and on to ?next=.
#include "web/credentials.hpp"

namespace web::pages::sign_up {

using Model = credentials::Model;
using Msg = credentials::Msg;

inline rally::Load<Model> load(const rally::Query& query, ServerContext& ctx) { return credentials::load(query, ctx); }
rally::FormResult<Model> server_form_sign_up(const credentials::Fields& form, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) { return credentials::update(std::move(model), std::move(msg)); }
inline rally::Element<Msg> view(const Model& model) {
  return credentials::view(model, {"Sign up", "sign_up", "new-password", "Have an account? ", "/sign_in", "Sign in"});
}
inline std::string title(const Model&) { return "Sign up - Chat"; }

}  // namespace web::pages::sign_up
