#pragma once
// An input whose handler makes a message the page's Msg does not list: the generated units stop at
// the input's line.
#include <rally/page.hpp>

namespace web::pages::edit {

struct Model { std::string name; };
struct SetName { std::string name; };
struct Typed { std::string text; };
using Msg = std::variant<SetName>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg, [&](SetName& m) { model.name = m.name; });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return input({value(model.name), on_input([](std::string v) { return Typed{std::move(v)}; })});
}

}  // namespace web::pages::edit
