#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct Model { std::int64_t count = 0; };
struct Increment {};
using Msg = std::variant<Increment>;




inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
