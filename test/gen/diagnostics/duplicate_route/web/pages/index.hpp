#pragma once
#include <rally/page.hpp>
namespace web::pages::index {
inline rally::Node view() { return rally::html::text("home"); }
}  // namespace web::pages::index
