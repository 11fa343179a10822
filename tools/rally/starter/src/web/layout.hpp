#pragma once
// Around every page of namespace web, on the server and in the browser: the header and the
// stylesheet (assets/app.css, served under /assets/).
#include <rally/page.hpp>

#include "web/routes.hpp"

namespace web::layout {

inline rally::Node view(rally::Node page) {
  using namespace rally::html;
  return div({class_("app")}, {
      header({}, {a({class_("brand"), href(routes::Home{})}, {text("@app@")})}),
      main_({}, {std::move(page)}),
  });
}

inline std::string head() { return R"(<link rel="stylesheet" href="/assets/app.css">)"; }

}  // namespace web::layout
