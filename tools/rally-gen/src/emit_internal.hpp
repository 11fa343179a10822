#pragma once
// Shared by the emit_*.cpp units.
#include <string>

#include <kainjow/mustache.hpp>

#include "diagnostics.hpp"
#include "model.hpp"

namespace rally::gen {

// A C++ string literal, escaped, with its quotes.
std::string literal(const std::string& s);
// a/b:c -> a_b_c, for generated identifiers.
std::string mangle(const std::string& s);
// Renders an embedded template; a failure is reported in `diags` (a bug in rally-gen).
std::string render_template(const std::string& name, const kainjow::mustache::data& d, Diagnostics& diags);

// web__products__id_: a page's identifier in generated code.
std::string page_fn(const Page& p);
// web::routes::ProductsId
std::string route_type(const Page& p);
std::string banner(const AppModel& m);
kainjow::mustache::data base_data(const AppModel& m);
kainjow::mustache::data handlers_data(const AppModel& m, const std::string& only_namespace = {});

std::string server_cpp(const AppModel& m, Diagnostics& diags);
std::string client_cpp(const AppModel& m, const Namespace& ns, Diagnostics& diags);

}  // namespace rally::gen
