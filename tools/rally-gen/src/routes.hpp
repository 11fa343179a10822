#pragma once
// File-based routing (DESIGN §1): a page file's path -> its C++ namespace, URL pattern and route.
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"

namespace rally::gen {

// A page for `file` (absolute, below ns.pages_dir). Includes are spelled relative to the first
// include dir that contains the file, so generated code does not depend on where the tree lives.
Page make_page(const Namespace& ns, const std::string& file, const std::vector<std::string>& include_dirs);

// How generated code includes `file`: relative to the first include dir holding it, else absolute.
std::string include_spelling(const std::string& file, const std::vector<std::string>& include_dirs);

bool is_cpp_keyword(const std::string& s);
bool is_identifier(const std::string& s);

// File-level checks, before parsing (the generated routes.hpp depends on them): every segment a
// C++ identifier, no two pages with the same route or route name, no repeated param, a route in
// every namespace, no page shadowed by another namespace's root.
void check_routes(const AppModel& model, Diagnostics& diags);

// The namespace's pages that have a route (not not_found_), in matching order.
std::vector<const Page*> routed_pages(const AppModel& model, const std::string& name_space);

// Orders a namespace's routes for matching: at each level static segments before dynamic ones.
bool route_before(const Route& a, const Route& b);

}  // namespace rally::gen
