#pragma once
// What `rally dev` tells the app's dev server about its builds: a status file the server watches
// (RALLY_DEV_STATUS) and relays to its open tabs, which show a failed build as an overlay.
#include <filesystem>
#include <string>
#include <string_view>

namespace rally::cli {

class BuildStatus {
 public:
  // The file, in a folder of the build tree that this creates.
  explicit BuildStatus(std::filesystem::path file);
  const std::filesystem::path& file() const { return file_; }

  void building() { write("building"); }
  // Built; the server restarts, and its tabs reload when they reconnect.
  void succeeded() { write("ok"); }
  // Built, and the server did not change (an asset, a comment): its tabs reload to show the files.
  void unchanged() { write("reload"); }
  // The build's output, from which the tabs get the diagnostics (see diagnostics_of).
  void failed(std::string_view build_output);

 private:
  // Replaces the file in one step (a rename), so the server never reads half of it.
  void write(std::string_view content);
  std::filesystem::path file_;
};

// The compiler's and rally-gen's messages in a build's output, without ninja's progress lines,
// its FAILED lines and their command lines; a message printed twice (a page header compiled for
// the server and for the client) is kept once.
std::string diagnostics_of(std::string_view build_output);

}  // namespace rally::cli
