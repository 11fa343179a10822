#pragma once
// /todos/:id: one of the user's items, read by load() on the server; an id that does not exist (or
// is someone else's) is the 404 page.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/routes.hpp"
#include "web/todo.hpp"

namespace web::pages::todos::id_ {

inline constexpr rally::Policy policy = rally::Policy::signed_in;

struct Model {
  Todo todo;
  std::string error;
};

struct Toggle {};
struct GotTodo { rally::Result<Todo> result; };
using Msg = std::variant<Toggle, GotTodo>;

rally::Load<Model> load(std::int64_t id, ServerContext& ctx);

struct ServerToggle { std::int64_t id; };
rally::Result<Todo> server_toggle(const ServerToggle& msg, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Toggle) { return rally::effect::rpc(ServerToggle{model.todo.id}, rally::to<GotTodo>); },
    [&](GotTodo& got) {
      model.error = got.result.error_text();  // "" when it worked
      if (got.result) model.todo = std::move(*got.result);
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return div({class_("todo-detail")}, {
      h1({class_("title")}, {text(model.todo.title)}),
      p({class_("state")}, {text(model.todo.done ? "Done" : "Not done")}),
      button({class_("toggle"), on_click(Toggle{})}, {text(model.todo.done ? "Mark as not done" : "Mark as done")}),
      p({class_("error")}, {text(model.error)}),
      p({}, {a({href(routes::Home{})}, {text("All todos")})}),
  });
}

inline std::string title(const Model& model) { return model.todo.title + " - Todos"; }

}  // namespace web::pages::todos::id_
