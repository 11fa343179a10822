#pragma once
#include <rally/page.hpp>
namespace web::pages::home_ {
inline rally::Node view() { return rally::html::text("home"); }
}  // namespace web::pages::home_
