#pragma once
// Namespace jfb (served at /jfb): only the stylesheet, so that the table has the same style,
// layout and paint work as bench/jfb/vanilla. The pages of namespace web stay as bare as before.
#include <rally/page.hpp>

namespace jfb::layout {
inline rally::Node view(rally::Node page) { return page; }
inline std::string head() { return "<link rel=\"stylesheet\" href=\"/assets/jfb.css\">"; }
}  // namespace jfb::layout
