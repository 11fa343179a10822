#pragma once
#include <rally/page.hpp>

namespace web::pages::about {

inline rally::Node view() {
  using namespace rally::html;
  return p({}, {text("A shelf app.")});
}

}  // namespace web::pages::about
