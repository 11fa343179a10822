#include "dev.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "build_status.hpp"
#include "watcher.hpp"

namespace rally::cli {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Changes that arrive within this long of each other are one build (an editor's save, a
// `git checkout`); the build starts once the files have been quiet for it.
constexpr int settle_ms = 150;
// How long a server gets to stop on SIGTERM before SIGKILL.
constexpr int stop_ms = 5000;

void say(const std::string& line) {
  std::fprintf(stderr, "rally dev: %s\n", line.c_str());
  std::fflush(stderr);
}

struct App {
  std::string name;
  fs::path executable;
  fs::path source_dir;
};

// The apps of a build tree, as rally_add_app lists them in <build>/rally_apps/<config>/<app>.txt.
std::vector<App> apps_of(const fs::path& build) {
  std::vector<App> apps;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(build / "rally_apps", ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::string exe, source;
    if (std::getline(in, exe) && std::getline(in, source)) apps.push_back({entry.path().stem().string(), exe, source});
  }
  std::sort(apps.begin(), apps.end(), [](const App& a, const App& b) { return a.name < b.name; });
  return apps;
}

std::string seconds_since(Clock::time_point start) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(Clock::now() - start).count());
  return text;
}

// Signals the loop takes through its signalfd; children get them back at exec.
sigset_t loop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGCHLD);
  return set;
}

// Starts `argv` with the loop's signals unblocked again. `own_group`: in a process group of its
// own, out of the terminal's reach (Ctrl-C reaches rally dev, which stops it). `cwd`: where it
// runs (empty: here). `output`: a descriptor that takes its stdout and stderr (-1: ours).
pid_t spawn(const std::vector<std::string>& argv, bool own_group, const fs::path& cwd, int output) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(errno));
  if (pid == 0) {
    if (own_group) setpgid(0, 0);
    const sigset_t set = loop_signals();
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
      std::fprintf(stderr, "rally dev: cannot enter %s: %s\n", cwd.c_str(), std::strerror(errno));
      _exit(127);
    }
    if (output >= 0) {
      dup2(output, STDOUT_FILENO);
      dup2(output, STDERR_FILENO);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "rally dev: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  if (own_group) setpgid(pid, pid);
  return pid;
}

// Its exit status, or 128 + the signal that ended it.
int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs a command in the foreground (Ctrl-C reaches it too) and waits; its exit status.
int run(const std::vector<std::string>& argv) { return wait_for(spawn(argv, false, {}, -1)); }

// The same, copying what it prints to our stderr as it comes and into `output` (the first
// max_output bytes).
int run_captured(const std::vector<std::string>& argv, std::string& output) {
  constexpr std::size_t max_output = 1024 * 1024;
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot make a pipe: ") + std::strerror(errno));
  pid_t pid = -1;
  try {
    pid = spawn(argv, false, {}, pipe_fds[1]);
  } catch (...) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw;
  }
  close(pipe_fds[1]);
  char buffer[16 * 1024];
  for (;;) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::fwrite(buffer, 1, static_cast<std::size_t>(n), stderr);
    std::fflush(stderr);
    if (output.size() < max_output) output.append(buffer, std::min(static_cast<std::size_t>(n), max_output - output.size()));
  }
  close(pipe_fds[0]);
  return wait_for(pid);
}

// The app's server, in a process group of its own: Ctrl-C in the terminal reaches `rally dev`,
// which stops the server itself (SIGTERM, then SIGKILL after stop_ms).
class Server {
 public:
  ~Server() { stop(); }
  bool running() const { return pid_ > 0; }

  void start(const App& app) { pid_ = spawn({app.executable.string()}, true, app.source_dir, -1); }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    // pidfd: wait for the exit with a deadline, without polling.
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      if (poll(&p, 1, stop_ms) == 0) {
        say("the server did not stop within 5 s of SIGTERM; killing it");
        kill(pid_, SIGKILL);
      }
      close(pidfd);
    }
    wait_for(pid_);
    pid_ = -1;
  }

  // After SIGCHLD: reaps the server if it ended on its own; its status then.
  std::optional<int> reap() {
    if (pid_ <= 0) return std::nullopt;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
};

fs::file_time_type modified(const fs::path& file) {
  std::error_code ec;
  const auto t = fs::last_write_time(file, ec);
  return ec ? fs::file_time_type::min() : t;
}

}  // namespace

int run_dev(const DevOptions& options) {
  // The signals become readable on a file descriptor, so one poll() waits for everything and the
  // watcher costs nothing while nothing changes.
  const sigset_t signals = loop_signals();
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  const int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0) {
    say(std::string("cannot set up signal handling: ") + std::strerror(errno));
    return 1;
  }
  setenv("PORT", "8080", 0);  // what the user set wins
  setenv("HOST", "127.0.0.1", 0);

  const fs::path build = options.build_dir;
  std::error_code ec;
  if (!fs::exists(build / "CMakeCache.txt", ec) || !fs::exists(build / "rally_apps", ec)) {
    say("configuring " + build.string() + " (cmake --preset " + options.preset + ")");
    if (run({"cmake", "--preset", options.preset}) != 0) {
      say("configuring failed (above); fix it and run rally dev again");
      return 1;
    }
  }
  const std::vector<App> apps = apps_of(build);
  std::optional<App> chosen;
  std::string names;
  for (const auto& a : apps) {
    names += (names.empty() ? "" : ", ") + a.name;
    if (a.name == options.app || (options.app.empty() && apps.size() == 1)) chosen = a;
  }
  if (!chosen) {
    if (apps.empty()) say("no app in " + build.string() + ": is rally_add_app in CMakeLists.txt, and is --build-dir the preset's binaryDir?");
    else if (options.app.empty()) say("this build has several apps (" + names + "); pick one with --app <name>");
    else say("no app '" + options.app + "' in " + build.string() + " (it has: " + names + "); pick one with --app <name>");
    return 2;
  }
  const App app = *chosen;

  std::vector<fs::path> roots{app.source_dir};
  for (const auto& w : options.watch) roots.push_back(w);
  std::optional<Watcher> watcher;
  try {
    watcher.emplace(roots, std::vector<fs::path>{build});
  } catch (const std::exception& e) {
    say(e.what());
    return 1;
  }

  // The dev server relays this file to its tabs (RALLY_DEV_STATUS; only development builds read it).
  BuildStatus status(fs::absolute(build) / "rally_dev" / (app.name + ".status"));
  setenv("RALLY_DEV_STATUS", status.file().c_str(), 1);

  Server server;
  fs::file_time_type served_build = fs::file_time_type::min();
  auto build_and_serve = [&](const std::string& why, bool sql_changed) {
    const auto start = Clock::now();
    say(why + "building " + app.name + " (cmake --build " + build.string() + " --target " + app.name + ")");
    status.building();
    std::string output;
    if (run_captured({"cmake", "--build", build.string(), "--target", app.name}, output) != 0) {
      status.failed(output);
      say("the build failed after " + seconds_since(start) + " (errors above)" +
          (server.running() ? "; the last good server keeps serving" : "") + ". Save a fix to rebuild.");
      return;
    }
    const auto built = modified(app.executable);
    // A new migration changes no code but is applied when the server starts.
    if (server.running() && built == served_build && !sql_changed) {
      status.unchanged();
      say("nothing to restart: the server did not change (" + seconds_since(start) + ")");
      return;
    }
    status.succeeded();
    const bool restart = server.running();
    server.stop();
    server.start(app);
    served_build = built;
    say("built in " + seconds_since(start) + "; " + (restart ? "restarted" : "started") +
        " the server (Ctrl-C stops it and rally dev)");
  };

  say("watching " + std::to_string(watcher->folders()) + " folders under " + app.source_dir.string());
  build_and_serve("", false);
  bool pending = false;
  for (;;) {
    pollfd fds[2] = {{signal_fd, POLLIN, 0}, {watcher->fd(), POLLIN, 0}};
    const int ready = poll(fds, 2, pending ? settle_ms : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      say(std::string("poll failed: ") + std::strerror(errno));
      return 1;
    }
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo info{};
      bool quit = false;
      while (read(signal_fd, &info, sizeof info) == sizeof info) {
        if (info.ssi_signo == SIGCHLD) {
          if (auto status = server.reap())
            say("the server exited (status " + std::to_string(*status) + "); save a change to rebuild and start it again");
        } else {
          quit = true;
        }
      }
      if (quit) {
        say("stopping");
        server.stop();
        return 0;
      }
    }
    if (fds[1].revents & POLLIN) {
      if (watcher->drain()) pending = true;
      continue;  // wait until the files are quiet
    }
    if (ready == 0 && pending) {
      pending = false;
      build_and_serve(fs::path(watcher->last_change()).filename().string() + " changed; ", watcher->take_sql_change());
    }
  }
}

}  // namespace rally::cli
