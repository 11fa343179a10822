#pragma once
// The folders `rally dev` watches, through inotify: every folder under the roots except build
// trees, hidden folders and node_modules, and folders created later too. Linux only.
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rally::cli {

class Watcher {
 public:
  // Watches every folder under `roots` but those in `skip` (and build trees, hidden folders,
  // node_modules). Throws std::runtime_error when inotify cannot be set up.
  Watcher(const std::vector<std::filesystem::path>& roots, std::vector<std::filesystem::path> skip);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  int fd() const { return fd_; }  // readable when events are pending
  // Reads the pending events. True when one of them can matter to the build: a source, query,
  // migration, asset or CMake file written, created, moved or deleted (not editor swap files,
  // databases or hidden files).
  bool drain();
  const std::string& last_change() const { return last_change_; }  // for the log
  // Whether an .sql file (a migration or a query) changed since the last call: a new migration
  // needs the server restarted even when the executable did not change.
  bool take_sql_change() { return std::exchange(sql_changed_, false); }
  std::size_t folders() const { return dirs_.size(); }

  static bool ignored_file(std::string_view name);

 private:
  void add_tree(const std::filesystem::path& dir);
  bool skipped_dir(const std::filesystem::path& dir) const;

  int fd_ = -1;
  std::unordered_map<int, std::filesystem::path> dirs_;  // watch descriptor -> folder
  std::vector<std::filesystem::path> skip_;
  std::string last_change_;
  bool sql_changed_ = false;
};

}  // namespace rally::cli
