#include "build_status.hpp"

#include <fstream>
#include <set>
#include <system_error>
#include <vector>

namespace rally::cli {

namespace fs = std::filesystem;

namespace {

// More than a browser overlay is worth: the first errors are the ones to read.
constexpr std::size_t max_diagnostics_bytes = 64 * 1024;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "[12/40] Building CXX object ...": ninja's progress, also from the client's nested build.
bool progress_line(std::string_view line) {
  if (!starts_with(line, "[")) return false;
  const std::size_t close = line.find(']');
  if (close == std::string_view::npos) return false;
  const std::string_view inside = line.substr(1, close - 1);
  return !inside.empty() && inside.find_first_not_of("0123456789/") == std::string_view::npos;
}

}  // namespace

BuildStatus::BuildStatus(fs::path file) : file_(std::move(file)) {
  std::error_code ec;
  fs::create_directories(file_.parent_path(), ec);
}

void BuildStatus::failed(std::string_view build_output) {
  std::string diagnostics = diagnostics_of(build_output);
  write("failed\n" + (diagnostics.empty() ? std::string("(the build printed nothing; see the terminal)") : diagnostics));
}

void BuildStatus::write(std::string_view content) {
  const fs::path next = file_.string() + ".next";
  {
    std::ofstream out(next, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return;  // a full disk: the tabs miss one update, the terminal still has it
  }
  std::error_code ec;
  fs::rename(next, file_, ec);
}

std::string diagnostics_of(std::string_view output) {
  // Blocks: a line that does not start with a blank, and the indented lines after it (gcc's
  // source excerpt and caret, "from" lines of an include chain).
  struct Block {
    std::string text;
    bool include_chain;
  };
  std::vector<Block> blocks;
  bool skip_command = false;
  while (!output.empty()) {
    const std::size_t nl = output.find('\n');
    std::string_view line = output.substr(0, nl);
    output.remove_prefix(nl == std::string_view::npos ? output.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (skip_command) {  // the command line ninja prints after FAILED:
      skip_command = false;
      continue;
    }
    if (starts_with(line, "FAILED: ")) {
      skip_command = true;
      continue;
    }
    if (line.empty() || progress_line(line) || starts_with(line, "ninja: ") || starts_with(line, "make[") ||
        starts_with(line, "gmake["))
      continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (!blocks.empty()) blocks.back().text += "\n" + std::string(line);
      continue;
    }
    blocks.push_back({std::string(line), starts_with(line, "In file included from ")});
  }
  // An include chain says which unit reached the header; it is shown with the message after it,
  // but the message alone decides whether it was seen before.
  std::string out, chain;
  std::set<std::string> seen;
  for (const auto& block : blocks) {
    if (block.include_chain) {
      chain += block.text + "\n";
      continue;
    }
    const std::string text = chain + block.text + "\n";
    chain.clear();
    if (!seen.insert(block.text).second) continue;
    if (out.size() + text.size() > max_diagnostics_bytes) {
      out += "(more in the terminal)\n";
      break;
    }
    out += text;
  }
  return out;
}

}  // namespace rally::cli
