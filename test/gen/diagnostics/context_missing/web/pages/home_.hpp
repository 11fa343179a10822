#pragma once
#include <rally/page.hpp>

#include "web/context.hpp"

namespace web::pages::home_ {

struct Model {};
struct Noop {};
using Msg = std::variant<Noop>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(const ClientContext&, Model m, Msg) { return {m, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::text("home"); }

}  // namespace web::pages::home_
