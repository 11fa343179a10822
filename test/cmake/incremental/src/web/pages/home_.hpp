#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"
#include "web/routes.hpp"

namespace web::pages::home_ {

struct Model { std::int64_t shelves = 3; };
struct AddShelf {};
using Msg = std::variant<AddShelf>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg, [&](AddShelf) { ++model.shelves; });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return div({}, {
      p({}, {text(std::to_string(model.shelves) + " shelves")}),
      button({on_click(AddShelf{})}, {text("Add")}),
      a({href(routes::ItemsId{1})}, {text("First item")}),
  });
}

}  // namespace web::pages::home_
