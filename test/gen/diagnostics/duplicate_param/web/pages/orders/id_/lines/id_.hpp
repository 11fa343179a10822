#pragma once
#include <rally/page.hpp>
namespace web::pages::orders::id_::lines::id_ {
inline rally::Node view() { return rally::html::text("home"); }
}  // namespace web::pages::orders::id_::lines::id_
