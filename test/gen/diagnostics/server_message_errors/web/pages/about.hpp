#pragma once
#include <rally/page.hpp>

namespace web::pages::about {

struct Hello {};
inline rally::Node view() { return rally::html::p({}, {}); }
inline int from_server(Hello);

}  // namespace web::pages::about
