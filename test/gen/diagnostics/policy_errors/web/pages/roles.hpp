#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::roles {

inline int authorize(const ServerContext&) { return 1; }

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::roles
