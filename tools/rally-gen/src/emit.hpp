#pragma once
// Emission: the model -> generated files (text only; writing them is the caller's job).
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"

namespace rally::gen {

struct OutputFile {
  std::string name;  // relative to --out
  std::string content;
};

// Per page: pages/<ns>/<page>.server.cpp and .client.cpp; per header declaring wire types:
// codecs/<header>; per namespace: <ns>/routes.hpp and client_<ns>.cpp; the app's server.cpp (its
// tables), app.hpp and contract.json. A template that fails to render is reported in `diags` (a
// bug in rally-gen, not in the app).
std::vector<OutputFile> emit_files(const AppModel& model, Diagnostics& diags);

// <ns>/routes.hpp per namespace, from the page files alone: written before parsing is known to
// succeed would break "nothing is emitted after an error", so the parser gets them in memory.
std::vector<OutputFile> emit_routes(const AppModel& model, Diagnostics& diags);

// Indented JSON text, ending in a newline.
std::string model_json(const AppModel& model);     // --dump-model
std::string contract_json(const AppModel& model);  // contract.json

// The embedded templates (templates/*.mustache, compiled in by CMake); empty if unknown.
std::string_view template_text(std::string_view name);

}  // namespace rally::gen
