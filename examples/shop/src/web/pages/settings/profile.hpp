#pragma once
// /settings/profile?name=Ada: init() takes the ClientContext and the query; the name is edited on
// the client. "Preview" shows it in the nav right away (rally::effect::set_context, client only);
// "Save" renames the user on the server (server_rename), which pushes the new context back.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/client_context.hpp"
#include "web/routes.hpp"

namespace web::pages::settings::profile {

struct Model {
  std::string name;
  std::string status;  // what the last save said
};

struct ServerRename { std::string name; };
rally::Result<std::string> server_rename(const ServerRename& msg, ServerContext& ctx);

struct SetName { std::string name; };
struct GoHome {};
struct Preview {};
struct Save {};
struct Renamed { rally::Result<std::string> result; };
using Msg = std::variant<SetName, GoHome, Preview, Save, Renamed>;

inline rally::Init<Model, Msg> init(const ClientContext& context, const rally::Query& query) {
  auto it = query.find("name");
  return {Model{it == query.end() ? context.user_name : it->second, ""}, rally::effect::none()};
}

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](SetName& set) { model.name = std::move(set.name); },
    [&](GoHome) { return rally::effect::navigate(routes::Home{}); },
    [&](Preview) { return rally::effect::set_context(ClientContext{model.name}); },
    [&](Save) {
      model.status = "Saving...";
      return rally::effect::rpc(ServerRename{model.name}, rally::to<Renamed>);
    },
    [&](Renamed& got) {
      // The nav updates by itself: the server pushes the new ClientContext after its answer.
      if (got.result) model.status = "Saved as " + *got.result;
      else model.status = "Not saved: " + got.result.error_text("unknown error");
    });
}

inline rally::Element<Msg> view(const ClientContext& context, const Model& model) {
  using namespace rally::html;
  return div({class_("profile")}, {
      h1({}, {text("Hello, " + model.name)}),
      p({class_("current")}, {text("Currently signed in as " + context.user_name)}),
      input({type("text"), value(model.name), on_input([](std::string v) { return SetName{std::move(v)}; })}),
      button({class_("preview"), on_click(Preview{})}, {text("Preview")}),
      button({class_("save"), on_click(Save{})}, {text("Save")}),
      button({class_("home"), on_click(GoHome{})}, {text("Done")}),
      p({class_("status")}, {text(model.status)}),
  });
}

inline std::string title(const Model& model) { return "Profile of " + model.name; }

}  // namespace web::pages::settings::profile
