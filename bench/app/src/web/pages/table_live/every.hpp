#pragma once
// /table_live rendered on every request: what the server-side renderer costs with a model embedded.
#include <rally/page.hpp>
#include "server_context.hpp"
#include "web/rows.hpp"
#include "web/tables.hpp"

namespace web::pages::table_live::every {
inline constexpr rally::Rendering rendering = rally::Rendering::every_request;
struct Model { std::vector<bench::Row> rows; };
struct Clear {};
using Msg = std::variant<Clear>;
inline rally::Init<Model, Msg> init() { return {Model{bench::make_rows(1000)}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { model.rows.clear(); return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model& model) { return bench::rows_table(model.rows, true); }
}  // namespace web::pages::table_live::every
