#pragma once
// / : the task list. load() reads it on the server, so the first HTML already shows every task;
// adding and ticking off are server calls (server_add, server_toggle) that answer with the new list.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/routes.hpp"
#include "web/task.hpp"

namespace web::pages::home_ {

// MODEL: the page's state in the browser.
struct Model {
  std::vector<Task> tasks;
  std::string draft;
  std::string error;
};

// MESSAGES: what can happen on the page.
struct SetDraft { std::string text; };
struct Submit {};
struct Toggle { std::int64_t id; };
struct GotTasks { rally::Result<std::vector<Task>> result; };
using Msg = std::variant<SetDraft, Submit, Toggle, GotTasks>;

// SERVER: runs on the server (bodies in home_.cpp); the browser calls them by message type.
rally::Load<Model> load(ServerContext& ctx);
struct ServerAdd { std::string title; };
rally::Result<std::vector<Task>> server_add(const ServerAdd& msg, ServerContext& ctx);
struct ServerToggle { std::int64_t id; };
rally::Result<std::vector<Task>> server_toggle(const ServerToggle& msg, ServerContext& ctx);

// UPDATE: the next model, and what to ask of the server.
inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](SetDraft& m) { model.draft = std::move(m.text); },
    [&](Submit) {
      ServerAdd add{model.draft};
      model.draft.clear();
      return rally::effect::rpc(std::move(add), rally::to<GotTasks>);
    },
    [&](Toggle m) { return rally::effect::rpc(ServerToggle{m.id}, rally::to<GotTasks>); },
    [&](GotTasks& got) {
      model.error = got.result.error_text();  // "" when it worked
      if (got.result) model.tasks = std::move(*got.result);
    });
}

// VIEW: rendered to HTML on the server, then kept up to date in the browser.
inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  std::vector<rally::Element<Msg>> items;
  std::size_t left = 0;
  for (const Task& t : model.tasks) {
    if (!t.done) ++left;
    items.push_back(li({key(std::to_string(t.id)), class_(t.done ? "task done" : "task")}, {
        input({type("checkbox"), class_("toggle"), checked(t.done), attr("aria-label", "Done"),
               on_check([id = t.id](bool) { return Toggle{id}; })}),
        a({class_("title"), href(routes::TasksId{t.id})}, {text(t.title)}),
    }));
  }
  return div({class_("tasks")}, {
      h1({}, {text("Tasks")}),
      form({class_("add"), on_submit(Submit{})}, {
          input({type("text"), name("title"), placeholder("What needs doing?"), attr("aria-label", "New task"),
                 value(model.draft), on_input([](std::string v) { return SetDraft{std::move(v)}; })}),
          button({type("submit")}, {text("Add")}),
      }),
      p({class_("error")}, {text(model.error)}),
      ul({class_("items")}, std::move(items)),
      p({class_("count")}, {text(std::to_string(left) + " left")}),
  });
}

inline std::string title(const Model& model) { return "Tasks (" + std::to_string(model.tasks.size()) + ")"; }

}  // namespace web::pages::home_
