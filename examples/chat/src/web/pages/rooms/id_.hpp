#pragma once
// /rooms/:id, for signed-in users: the room's last lines (load() on the server), then live: the
// page subscribes to the room's topic, and every line said there arrives as GotLine. Who is typing
// arrives as a server message sent to every tab showing the room. The server takes the author of
// a line, and who is typing, from the session: the client never says who it is.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/client_context.hpp"
#include "web/room.hpp"

namespace web::pages::rooms::id_ {

inline constexpr rally::Policy policy = rally::Policy::signed_in;

struct Model {
  std::int64_t room = 0;
  std::vector<Line> lines;
  std::string draft;
  std::string error;
  std::vector<std::string> typing;  // the others typing in this room, in the order they started
};

struct SetDraft { std::string text; };
struct Send {};
struct Sent { rally::Result<Line> result; };
struct GotLine { Line line; };
struct SomeoneTyping { std::string who; bool typing = false; };
struct Noted { rally::Result<bool> result; };
using Msg = std::variant<SetDraft, Send, Sent, GotLine, SomeoneTyping, Noted>;

// A server message: rally::send'ed by server_typing to every tab showing the room.
struct Typing {
  std::string who;
  bool typing = false;  // false: stopped (sent the line, or cleared the draft)
};
inline Msg from_server(Typing t) { return SomeoneTyping{std::move(t.who), t.typing}; }

rally::Load<Model> load(std::int64_t id, ServerContext& ctx);

struct ServerSay { std::int64_t room; std::string text; };
rally::Result<Line> server_say(const ServerSay& msg, ServerContext& ctx);

// The same form without JavaScript: posted to the page (the room rides in a hidden field, as form
// handlers take no route params); a 303 back to the room, or the page again with the error.
struct SayForm {
  std::int64_t room = 0;
  std::string text;
};
rally::FormResult<Model> server_form_say(const SayForm& form, ServerContext& ctx);

struct ServerTyping { std::int64_t room; bool typing; };
rally::Result<bool> server_typing(const ServerTyping& msg, ServerContext& ctx);

// Tells the room when this tab starts typing and when its draft is empty again.
inline rally::Effect<Msg> typing_changed(bool had_draft, const Model& model) {
  if (had_draft == !model.draft.empty()) return {};
  return rally::effect::rpc(ServerTyping{model.room, !model.draft.empty()}, rally::to<Noted>);
}

inline void forget_typing(Model& model, const std::string& who) { std::erase(model.typing, who); }

// `me`: who this tab is signed in as (its own "typing" is not shown to it).
inline rally::Update<Model, Msg> update(const ClientContext& me, Model model, Msg msg) {
  const bool had_draft = !model.draft.empty();
  return rally::update(model, msg,
    [&](SetDraft& m) {
      model.draft = std::move(m.text);
      return typing_changed(had_draft, model);
    },
    [&](Send) {
      ServerSay say{model.room, model.draft};
      model.draft.clear();
      // The line itself ends the others' "typing" for this name (GotLine).
      return rally::effect::rpc(std::move(say), rally::to<Sent>);
    },
    // The line itself arrives from the topic, like everyone else's.
    [&](Sent& sent) { model.error = sent.result.error_text(); },
    [&](GotLine& got) {
      forget_typing(model, got.line.author);
      // A reconnect may deliver what load() already showed: keep each line once.
      for (const Line& l : model.lines)
        if (l.id == got.line.id) return;
      model.lines.push_back(std::move(got.line));
    },
    [&](SomeoneTyping& t) {
      forget_typing(model, t.who);
      if (t.typing && t.who != me.name) model.typing.push_back(std::move(t.who));
    },
    [&](Noted&) {});
}

inline std::string typing_text(const std::vector<std::string>& typing) {
  if (typing.empty()) return "";
  std::string who;
  for (std::size_t i = 0; i < typing.size(); ++i) who += (i == 0 ? "" : i + 1 == typing.size() ? " and " : ", ") + typing[i];
  return who + (typing.size() == 1 ? " is typing…" : " are typing…");
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
      p({class_("typing")}, {text(typing_text(model.typing))}),
      post_form("say", {class_("say"), on_submit(Send{})}, {
          input({type("hidden"), name("room"), value(std::to_string(model.room))}),
          input({type("text"), name("text"), class_("draft"), placeholder("Say something"), value(model.draft),
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
