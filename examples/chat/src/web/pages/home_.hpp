#pragma once
// /: the rooms.
#include <rally/page.hpp>

namespace web::pages::home_ {

inline rally::Node view() {
  using namespace rally::html;
  std::vector<rally::Node> rooms;
  for (int id = 1; id <= 3; ++id)
    rooms.push_back(li({}, {a({href("/rooms/" + std::to_string(id))}, {text("Room " + std::to_string(id))})}));
  return div({class_("home")}, {h1({}, {text("Chat")}), ul({class_("rooms")}, std::move(rooms))});
}

}  // namespace web::pages::home_
