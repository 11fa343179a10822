#pragma once
// Diagnostics are values: collected while parsing and validating, printed like a compiler's.
#include <iosfwd>
#include <string>
#include <vector>

#include "model.hpp"

namespace rally::gen {

struct Diagnostic {
  Location loc;  // file empty: no location
  std::string message;
};

class Diagnostics {
 public:
  void error(Location loc, std::string message) { items_.push_back({std::move(loc), std::move(message)}); }
  void error(std::string message) { items_.push_back({{}, std::move(message)}); }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  // path:line:col: error: text, with paths relative to the working directory when below it.
  void print(std::ostream& out) const;

 private:
  std::vector<Diagnostic> items_;
};

// `path` relative to the current directory if it lies below it, else unchanged.
std::string display_path(const std::string& path);

}  // namespace rally::gen
