#pragma once
// Every unmatched path of namespace web, with HTTP 404 (and what load's rally::not_found() shows).
#include <rally/page.hpp>

#include "web/routes.hpp"

namespace web::pages::not_found_ {

inline rally::Node view() {
  using namespace rally::html;
  return div({class_("not-found")}, {h1({}, {text("No such page")}), a({href(routes::Home{})}, {text("Back to the shop")})});
}

inline std::string title() { return "Not found - Shop"; }

}  // namespace web::pages::not_found_
