#include "diagnostics.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <tuple>

namespace fs = std::filesystem;

namespace rally::gen {

std::string display_path(const std::string& path) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec || path.empty()) return path;
  fs::path rel = fs::path(path).lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.generic_string();
}

void Diagnostics::print(std::ostream& out) const {
  // Compiler order: by file and position, so the output does not depend on visiting order.
  std::vector<Diagnostic> sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
  for (const auto& d : sorted) {
    if (!d.loc.file.empty())
      out << display_path(d.loc.file) << ':' << d.loc.line << ':' << d.loc.col << ": ";
    out << "error: " << d.message << '\n';
  }
}

}  // namespace rally::gen
