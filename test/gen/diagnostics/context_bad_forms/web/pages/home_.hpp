#pragma once
#include <rally/page.hpp>

#include "web/client_context.hpp"

namespace web::pages::home_ {

struct Model {};
struct Noop {};
using Msg = std::variant<Noop>;

inline rally::Init<Model, Msg> init(const rally::Query&, const ClientContext&) { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(ClientContext&, Model m, Msg) { return {m, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&, const ClientContext&) { return rally::html::text("home"); }

}  // namespace web::pages::home_
