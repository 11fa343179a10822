#pragma once
// /tasks/:id : one task. The file name id_ makes the route parameter, which load() receives as
// `id`; an id that does not exist is the 404 page.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/routes.hpp"
#include "web/task.hpp"

namespace web::pages::tasks::id_ {

struct Model {
  Task task;
  std::string error;
};

struct Toggle {};
struct GotTask { rally::Result<Task> result; };
using Msg = std::variant<Toggle, GotTask>;

rally::Load<Model> load(std::int64_t id, ServerContext& ctx);

struct ServerToggle { std::int64_t id; };
rally::Result<Task> server_toggle(const ServerToggle& msg, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Toggle) { return rally::effect::rpc(ServerToggle{model.task.id}, rally::to<GotTask>); },
    [&](GotTask& got) {
      model.error = got.result.error_text();  // "" when it worked
      if (got.result) model.task = std::move(*got.result);
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return div({class_(model.task.done ? "task-detail done" : "task-detail")}, {
      h1({class_("title")}, {text(model.task.title)}),
      p({class_("state")}, {text(model.task.done ? "Done" : "Not done yet")}),
      button({class_("toggle"), on_click(Toggle{})}, {text(model.task.done ? "Mark as not done" : "Mark as done")}),
      p({class_("error")}, {text(model.error)}),
      p({}, {a({href(routes::Home{})}, {text("All tasks")})}),
  });
}

inline std::string title(const Model& model) { return model.task.title + " - Tasks"; }

}  // namespace web::pages::tasks::id_
