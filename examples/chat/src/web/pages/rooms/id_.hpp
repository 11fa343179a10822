#pragma once
// /rooms/:id: the room's last lines (load() on the server), then live: the page subscribes to
// the room's topic, and every line said there arrives as GotLine.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/room.hpp"

namespace web::pages::rooms::id_ {

struct Model {
  std::int64_t room = 0;
  std::vector<Line> lines;
  std::string name;
  std::string draft;
  std::string error;
};

struct SetName { std::string name; };
struct SetDraft { std::string text; };
struct Send {};
struct Sent { rally::Result<Line> result; };
struct GotLine { Line line; };
using Msg = std::variant<SetName, SetDraft, Send, Sent, GotLine>;

rally::Load<Model> load(std::int64_t id, ServerContext& ctx);

struct ServerSay { std::int64_t room; std::string author; std::string text; };
rally::Result<Line> server_say(const ServerSay& msg, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](SetName& m) { model.name = std::move(m.name); },
    [&](SetDraft& m) { model.draft = std::move(m.text); },
    [&](Send) {
      ServerSay say{model.room, model.name, model.draft};
      model.draft.clear();
      return rally::effect::rpc(std::move(say), rally::to<Sent>);
    },
    // The line itself arrives from the topic, like everyone else's.
    [&](Sent& sent) { model.error = sent.result.error_text(); },
    [&](GotLine& got) {
      // A reconnect may deliver what load() already showed: keep each line once.
      for (const Line& l : model.lines)
        if (l.id == got.line.id) return;
      model.lines.push_back(std::move(got.line));
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  std::vector<rally::Element<Msg>> lines;
  for (const Line& l : model.lines)
    lines.push_back(li({key(std::to_string(l.id)), class_("line")},
                       {strong({class_("author")}, {text(l.author)}), text(" "), span({class_("text")}, {text(l.text)})}));
  return div({class_("room")}, {
      h1({}, {text("Room " + std::to_string(model.room))}),
      ul({class_("lines")}, std::move(lines)),
      form({class_("say"), on_submit(Send{})}, {
          input({type("text"), class_("name"), placeholder("Your name"), value(model.name),
                 on_input([](std::string v) { return SetName{std::move(v)}; })}),
          input({type("text"), class_("draft"), placeholder("Say something"), value(model.draft),
                 on_input([](std::string v) { return SetDraft{std::move(v)}; })}),
          button({type("submit")}, {text("Send")}),
      }),
      p({class_("error")}, {text(model.error)}),
      nav({class_("rooms")}, {a({href("/rooms/1")}, {text("Room 1")}), text(" "), a({href("/rooms/2")}, {text("Room 2")}),
                             text(" "), a({href("/rooms/3")}, {text("Room 3")}), text(" "), a({href("/")}, {text("All rooms")})}),
  });
}

inline std::vector<rally::Subscription> subscriptions(const Model& model) {
  return {rally::subscribe(Room{model.room}, [](Line line) { return GotLine{std::move(line)}; })};
}

inline std::string title(const Model& model) { return "Room " + std::to_string(model.room) + " - Chat"; }

}  // namespace web::pages::rooms::id_
