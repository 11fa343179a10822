#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct Model { std::string name = "world"; };
struct Rename { std::string name; };
using Msg = std::variant<Rename>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  model.name = std::get<Rename>(msg).name;
  return {model, rally::effect::none()};
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return p({}, {text("Hello, " + model.name + "!")});
}

}  // namespace web::pages::home_
