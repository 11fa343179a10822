#pragma once
// File-based routing (DESIGN §1): a page file's path -> its C++ namespace, URL pattern and route.
#include <string>
#include <vector>

#include "model.hpp"

namespace rally::gen {

// A page for `file` (absolute, below ns.pages_dir). Includes are spelled relative to the first
// include dir that contains the file, so generated code does not depend on where the tree lives.
Page make_page(const Namespace& ns, const std::string& file, const std::vector<std::string>& include_dirs);

bool is_cpp_keyword(const std::string& s);
bool is_identifier(const std::string& s);

// Orders a namespace's routes for matching: at each level static segments before dynamic ones.
bool route_before(const Route& a, const Route& b);

}  // namespace rally::gen
