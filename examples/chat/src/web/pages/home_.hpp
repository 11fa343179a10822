#pragma once
// /: the rooms, open to everyone; a room itself asks for sign-in.
#include <rally/page.hpp>

#include "web/client_context.hpp"

namespace web::pages::home_ {

inline rally::Node view(const ClientContext& context) {
  using namespace rally::html;
  std::vector<rally::Node> rooms;
  for (int id = 1; id <= 3; ++id)
    rooms.push_back(li({}, {a({href("/rooms/" + std::to_string(id))}, {text("Room " + std::to_string(id))})}));
  rally::Node hint = context.name.empty()
      ? p({class_("hint")}, {a({href("/sign_in")}, {text("Sign in")}), text(" or "), a({href("/sign_up")}, {text("sign up")}),
                             text(" to talk in the rooms.")})
      : p({class_("hint")}, {text("Talk as " + context.name + ".")});
  return div({class_("home")}, {h1({}, {text("Chat")}), std::move(hint), ul({class_("rooms")}, std::move(rooms))});
}

}  // namespace web::pages::home_
