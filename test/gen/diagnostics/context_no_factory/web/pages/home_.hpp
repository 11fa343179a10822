#pragma once
#include <rally/page.hpp>

#include "web/client_context.hpp"

namespace web::pages::home_ {

inline rally::Node view(const ClientContext& context) { return rally::html::text(context.user); }

}  // namespace web::pages::home_
