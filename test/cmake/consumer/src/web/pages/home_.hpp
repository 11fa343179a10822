#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct Model {
  std::string name = "world";
  bool broken = false;
};
struct Rename { std::string name; };
struct Break {};  // the view then names an invalid element: how a Rally error shows in the browser
using Msg = std::variant<Rename, Break>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  if (auto* rename = std::get_if<Rename>(&msg)) model.name = rename->name;
  if (std::holds_alternative<Break>(msg)) model.broken = true;
  return {model, rally::effect::none()};
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return div({}, {p({}, {text("Hello, " + model.name + "!")}),
                  button({id("rename"), on_click(Rename{"Rally"})}, {text("Rename")}),
                  button({id("break"), on_click(Break{})}, {text("Break")}),
                  element(model.broken ? "not valid" : "span", {}, {})});
}

}  // namespace web::pages::home_
