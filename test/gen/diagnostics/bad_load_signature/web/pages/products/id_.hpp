#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::products::id_ {

struct Model { std::int64_t id = 0; };
struct Noop {};
using Msg = std::variant<Noop>;

inline rally::Load<Model> load(std::int64_t id) { return Model{id}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model& model) { return rally::html::text(std::to_string(model.id)); }
inline int title(const Model&) { return 1; }

}  // namespace web::pages::products::id_
