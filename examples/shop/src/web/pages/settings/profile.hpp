#pragma once
// /settings/profile?name=Ada: init() takes the query; the name is edited on the client.
#include <rally/page.hpp>

#include "web/routes.hpp"

namespace web::pages::settings::profile {

struct Model { std::string name; };

struct SetName { std::string name; };
struct GoHome {};
using Msg = std::variant<SetName, GoHome>;

inline rally::Init<Model, Msg> init(const rally::Query& query) {
  auto it = query.find("name");
  return {Model{it == query.end() ? "guest" : it->second}, rally::effect::none()};
}

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::match(msg,
    [&](SetName& set) -> rally::Update<Model, Msg> {
      model.name = set.name;
      return {model, rally::effect::none()};
    },
    [&](GoHome) -> rally::Update<Model, Msg> { return {model, rally::effect::navigate(routes::Home{})}; });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return div({class_("profile")}, {
      h1({}, {text("Hello, " + model.name)}),
      input({type("text"), value(model.name), on_input([](std::string v) { return SetName{std::move(v)}; })}),
      button({class_("home"), on_click(GoHome{})}, {text("Done")}),
  });
}

inline std::string title(const Model& model) { return "Profile of " + model.name; }

}  // namespace web::pages::settings::profile
