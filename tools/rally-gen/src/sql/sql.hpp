#pragma once
// Typed SQL: the migrations applied to an in-memory database, each <queries>/<a>/<b>/<name>.sql
// prepared against it and turned into sql::a::b::name(db, args...) in <out>/sql.hpp + sql.cpp.
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "emit.hpp"

namespace rally::gen::sql {

struct Output {
  std::vector<OutputFile> files;    // sql.hpp, sql.cpp (only when `queries` is set)
  std::vector<std::string> inputs;  // for the depfile: every .sql file and the folders holding them
};

// `migrations` and `queries` are folders (either may be empty: not given). Problems go to
// `diags`; the files are meant to be written only when there are none.
Output generate(const std::string& migrations, const std::string& queries, Diagnostics& diags);

}  // namespace rally::gen::sql
