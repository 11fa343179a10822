#pragma once
#include <rally/page.hpp>

namespace web::pages::sign_in {

inline constexpr rally::Policy policy = rally::Policy::signed_in;

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::sign_in
