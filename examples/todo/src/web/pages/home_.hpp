#pragma once
// / : the signed-in user's list. load() reads it on the server, so the first HTML already shows
// every item; adding, toggling and deleting are server calls that answer with the whole new list.
// Signed-out visitors are sent to /sign_in?next=/ (and its calls answer `unauthorized`).
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/routes.hpp"
#include "web/todo.hpp"

namespace web::pages::home_ {

inline constexpr rally::Policy policy = rally::Policy::signed_in;

struct Model {
  std::vector<Todo> todos;
  std::string draft;
  std::string error;
};

struct SetDraft { std::string text; };
struct Submit {};
struct Toggle { std::int64_t id; };
struct Remove { std::int64_t id; };
struct GotTodos { rally::Result<std::vector<Todo>> result; };
using Msg = std::variant<SetDraft, Submit, Toggle, Remove, GotTodos>;

rally::Load<Model> load(ServerContext& ctx);

struct ServerAdd { std::string title; };
rally::Result<std::vector<Todo>> server_add(const ServerAdd& msg, ServerContext& ctx);
struct ServerToggle { std::int64_t id; };
rally::Result<std::vector<Todo>> server_toggle(const ServerToggle& msg, ServerContext& ctx);
struct ServerRemove { std::int64_t id; };
rally::Result<std::vector<Todo>> server_remove(const ServerRemove& msg, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](SetDraft& m) { model.draft = std::move(m.text); },
    [&](Submit) {
      ServerAdd add{model.draft};
      model.draft.clear();
      return rally::effect::rpc(std::move(add), rally::to<GotTodos>);
    },
    [&](Toggle m) { return rally::effect::rpc(ServerToggle{m.id}, rally::to<GotTodos>); },
    [&](Remove m) { return rally::effect::rpc(ServerRemove{m.id}, rally::to<GotTodos>); },
    [&](GotTodos& got) {
      model.error = got.result.error_text();  // "" when it worked
      if (got.result) model.todos = std::move(*got.result);
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  std::vector<rally::Element<Msg>> items;
  std::size_t left = 0;
  for (const Todo& t : model.todos) {
    if (!t.done) ++left;
    items.push_back(li({key(std::to_string(t.id)), class_(t.done ? "todo done" : "todo")}, {
        input({type("checkbox"), class_("toggle"), checked(t.done),
               on_check([id = t.id](bool) { return Toggle{id}; })}),
        a({class_("title"), href(routes::TodosId{t.id})}, {text(t.title)}),
        button({class_("remove"), on_click(Remove{t.id})}, {text("Delete")}),
    }));
  }
  return div({class_("todos")}, {
      h1({}, {text("Todos")}),
      form({class_("add"), on_submit(Submit{})}, {
          input({type("text"), name("title"), placeholder("What needs doing?"), value(model.draft),
                 on_input([](std::string v) { return SetDraft{std::move(v)}; })}),
          button({type("submit")}, {text("Add")}),
      }),
      p({class_("error")}, {text(model.error)}),
      ul({class_("items")}, std::move(items)),
      p({class_("count")}, {text(std::to_string(left) + " left")}),
  });
}

inline std::string title(const Model& model) { return "Todos (" + std::to_string(model.todos.size()) + ")"; }

}  // namespace web::pages::home_
