#pragma once
#include <rally/page.hpp>

namespace web::pages::home_ {

inline constexpr bool rendering = true;

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
