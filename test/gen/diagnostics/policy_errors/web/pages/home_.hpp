#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

inline constexpr rally::Policy policy = rally::Policy::signed_in;

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
