#pragma once
// Wraps every page of namespace web: a nav bar built from the typed routes with who is signed in
// (from the ClientContext), and the stylesheet.
#include <rally/page.hpp>

#include "web/client_context.hpp"
#include "web/routes.hpp"

namespace web::layout {

inline rally::Node view(const ClientContext& context, rally::Node page) {
  using namespace rally::html;
  return div({class_("shop")}, {
      nav({class_("site")}, {
          a({href(routes::Home{})}, {text("Home")}),
          a({href(routes::ProductsId{1})}, {text("Featured")}),
          a({href(routes::About{})}, {text("About")}),
          a({href(routes::SettingsProfile{})}, {text("Profile")}),
          span({class_("user")}, {text("Signed in as " + context.user_name)}),
      }),
      main_({class_("page")}, {std::move(page)}),
  });
}

inline std::string head() { return "<link rel=\"stylesheet\" href=\"/assets/site.css\">"; }

}  // namespace web::layout
