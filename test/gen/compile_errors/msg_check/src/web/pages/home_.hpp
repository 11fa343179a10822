#pragma once
// A view whose click sends a message the page's Msg does not list: the generated units stop at the
// button's line.
#include <rally/page.hpp>

namespace web::pages::home_ {

struct Model {};
struct Increment {};
struct Stray {};
using Msg = std::variant<Increment>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg msg) { return rally::update(model, msg, [](Increment) {}); }

inline rally::Element<Msg> view(const Model&) {
  using namespace rally::html;
  return button({on_click(Stray{})}, {text("+1")});
}

}  // namespace web::pages::home_
