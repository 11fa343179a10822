#pragma once
#include <rally/page.hpp>

namespace web::layout {

inline rally::Node view(rally::Node page) { return page; }
inline std::string head() { return R"(<link rel="stylesheet" href="/assets/chat.css">)"; }

}  // namespace web::layout
