#pragma once
// `rally dev`: configure if needed, build, serve, and on every saved change rebuild and restart.
#include <filesystem>
#include <string>
#include <vector>

namespace rally::cli {

struct DevOptions {
  std::string preset = "dev";                        // configures a missing build tree
  std::filesystem::path build_dir = "build/dev";     // the preset's binaryDir
  std::string app;                                   // empty: the build's only app
  std::vector<std::filesystem::path> watch;          // more folders to watch than the app's own
};

// Runs until Ctrl-C (SIGINT) or SIGTERM; returns the exit status.
int run_dev(const DevOptions& options);

}  // namespace rally::cli
