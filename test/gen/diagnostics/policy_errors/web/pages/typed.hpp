#pragma once
#include <rally/page.hpp>

namespace web::pages::typed {

inline constexpr int policy = 1;

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::typed
