#pragma once
// Writing results: outputs only when their content changed, the depfile, the stamp.
#include <string>
#include <vector>

namespace rally::gen {

// Writes `content` to `path` unless the file already holds exactly that; false (and `error`) on
// failure. Leaves an unchanged file's timestamp alone so a no-op rebuild compiles nothing.
bool write_if_changed(const std::string& path, const std::string& content, std::string& error);

// Make syntax: "<target>: <dep> <dep> ...", spaces and '#' escaped, '$' doubled.
std::string make_depfile(const std::string& target, const std::vector<std::string>& deps);

}  // namespace rally::gen
