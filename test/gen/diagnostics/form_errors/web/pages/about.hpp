#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::about {

struct Ping {
  std::string text;
};
rally::FormResult<int> server_form_ping(const Ping& form, ServerContext& ctx);

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::about
