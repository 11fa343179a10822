#pragma once
// /about: a static page (no Model), rendered on the server only.
#include <rally/page.hpp>

namespace web::pages::about {

inline rally::Node view() {
  using namespace rally::html;
  return div({class_("about")}, {h1({}, {text("About the shop")}), p({}, {text("We sell tea things.")})});
}

inline std::string title() { return "About - Shop"; }

}  // namespace web::pages::about
