#include "diagnostics.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
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

namespace {

// The lines of the files diagnostics point into, read once each.
class SourceLines {
 public:
  // Line `n` (1-based) of `file`, or nullopt when it cannot be read.
  std::optional<std::string> line(const std::string& file, unsigned n) {
    auto [it, added] = files_.try_emplace(file);
    if (added) {
      std::ifstream in(file, std::ios::binary);
      for (std::string l; in && std::getline(in, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        it->second.push_back(std::move(l));
      }
    }
    if (n == 0 || n > it->second.size()) return std::nullopt;
    return it->second[n - 1];
  }

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

// As gcc shows it: the line, and a caret under the column (tabs kept, so that it lines up).
void print_excerpt(std::ostream& out, const std::string& text, unsigned line, unsigned col) {
  // A blank, then the number in at least 4 columns: the gutter always starts with a blank, which
  // tells the excerpt from a message line (rally dev's overlay relies on it).
  std::string number = std::to_string(line);
  if (number.size() < 4) number.insert(0, 4 - number.size(), ' ');
  out << ' ' << number << " | " << text << '\n';
  std::string marker;
  for (unsigned i = 0; i + 1 < col && i < text.size(); ++i) marker += text[i] == '\t' ? '\t' : ' ';
  out << std::string(number.size() + 1, ' ') << " | " << marker << "^\n";
}

}  // namespace

void Diagnostics::print(std::ostream& out) const {
  // Compiler order: by file and position, so the output does not depend on visiting order.
  std::vector<Diagnostic> sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
  SourceLines sources;
  for (const auto& d : sorted) {
    if (!d.loc.file.empty())
      out << display_path(d.loc.file) << ':' << d.loc.line << ':' << d.loc.col << ": ";
    out << "error: " << d.message << '\n';
    if (d.loc.file.empty()) continue;
    if (auto text = sources.line(d.loc.file, d.loc.line)) print_excerpt(out, *text, d.loc.line, d.loc.col);
  }
}

}  // namespace rally::gen
