#pragma once
// /sign_in: where signed-out visitors of a room are sent, with ?next=<the room>.
#include "web/credentials.hpp"

namespace web::pages::sign_in {

using Model = credentials::Model;
using Msg = credentials::Msg;

inline rally::Load<Model> load(const rally::Query& query, ServerContext& ctx) { return credentials::load(query, ctx); }
rally::FormResult<Model> server_form_sign_in(const credentials::Fields& form, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) { return credentials::update(std::move(model), std::move(msg)); }
inline rally::Element<Msg> view(const Model& model) {
  return credentials::view(model, {"Sign in", "sign_in", "current-password", "No account yet? ", "/sign_up", "Sign up"});
}
inline std::string title(const Model&) { return "Sign in - Chat"; }

}  // namespace web::pages::sign_in
