#pragma once
#include <rally/page.hpp>

namespace web::pages::products::id_ {

struct Model { std::int64_t id = 0; };
struct Noop {};
using Msg = std::variant<Noop>;

inline rally::Init<Model, Msg> init(const std::string& id) { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model& model) { return rally::html::text(std::to_string(model.id)); }

}  // namespace web::pages::products::id_
