#pragma once
// Parsing: one umbrella translation unit over every page, read into the plain model.
#include <string>
#include <utility>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"

namespace rally::gen {

struct ParseInput {
  std::string app;
  std::vector<Namespace> namespaces;
  std::vector<std::string> files;  // absolute page headers, each below one namespace's pages dir
  std::vector<std::string> headers;  // absolute: other headers to read (jobs, topics), not pages
  std::vector<std::string> flags;  // -I, -D, -isystem ... as given
  // Files that exist only in memory (the generated <ns>/routes.hpp, which pages may include but
  // which is written only after a successful run): absolute path -> contents.
  std::vector<std::pair<std::string, std::string>> virtual_files;
};

// Fills `model`. Returns false with clang's errors in `diags` if the headers do not compile; the
// model must then not be used (clang's error recovery turns unknown types into int).
bool parse_app(const ParseInput& in, AppModel& model, Diagnostics& diags);

}  // namespace rally::gen
