#include "watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace rally::cli {

namespace fs = std::filesystem;

namespace {
constexpr std::uint32_t file_events = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
}

Watcher::Watcher(const std::vector<fs::path>& roots, std::vector<fs::path> skip) : skip_(std::move(skip)) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(std::string("cannot watch files (inotify): ") + std::strerror(errno));
  for (auto& s : skip_) s = fs::weakly_canonical(s);
  for (const auto& root : roots) add_tree(fs::weakly_canonical(root));
}

Watcher::~Watcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool Watcher::ignored_file(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.front() == '#' || name.back() == '~') return true;
  static constexpr std::array<std::string_view, 8> endings = {".swp", ".swx", ".tmp", ".db", ".db-wal", ".db-shm",
                                                              ".db-journal", ".kate-swp"};
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return name.ends_with(e); });
}

bool Watcher::skipped_dir(const fs::path& dir) const {
  const std::string name = dir.filename().string();
  if (name.starts_with(".") || name == "node_modules" || name == "build" || name.starts_with("build-")) return true;
  std::error_code ec;
  if (fs::exists(dir / "CMakeCache.txt", ec)) return true;  // a build tree under another name
  return std::find(skip_.begin(), skip_.end(), dir) != skip_.end();
}

void Watcher::add_tree(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || skipped_dir(dir)) return;
  const int wd = inotify_add_watch(fd_, dir.c_str(), file_events | IN_ONLYDIR);
  if (wd < 0) {
    if (errno == ENOSPC)
      throw std::runtime_error("too many folders to watch: raise fs.inotify.max_user_watches (sysctl)");
    return;  // gone or unreadable meanwhile
  }
  dirs_[wd] = dir;
  for (const auto& entry : fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec))
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) add_tree(entry.path());
}

bool Watcher::drain() {
  bool relevant = false;
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // EAGAIN: nothing more for now
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {  // events were lost: assume the worst
        relevant = true;
        sql_changed_ = true;
        last_change_ = "(many files)";
        continue;
      }
      if (event->mask & IN_IGNORED) {
        dirs_.erase(event->wd);
        continue;
      }
      const auto dir = dirs_.find(event->wd);
      if (dir == dirs_.end() || event->len == 0) continue;
      const std::string name = event->name;
      const fs::path path = dir->second / name;
      if (event->mask & IN_ISDIR) {
        if (event->mask & (IN_CREATE | IN_MOVED_TO)) add_tree(path);
        continue;
      }
      if (ignored_file(name)) continue;
      relevant = true;
      last_change_ = path.string();
      if (path.extension() == ".sql") sql_changed_ = true;
    }
  }
  return relevant;
}

}  // namespace rally::cli
