#pragma once
#include <rally/page.hpp>
namespace web::pages::items::slug_ {
inline rally::Node view() { return rally::html::text("home"); }
}  // namespace web::pages::items::slug_
