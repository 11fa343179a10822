#pragma once
// Runs an app's server executable as a child process on an ephemeral loopback port, the way a
// user runs it, and stops it by PID.
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rally::test {

class AppProcess {
 public:
  // Starts `executable` with HOST=127.0.0.1 PORT=0 (plus `env`) and waits until it prints
  // "listening on http://127.0.0.1:<port>". On failure, error() says why (with the output so far).
  explicit AppProcess(const std::string& executable, std::vector<std::pair<std::string, std::string>> env = {});
  ~AppProcess();  // stops it if still running
  AppProcess(const AppProcess&) = delete;
  AppProcess& operator=(const AppProcess&) = delete;

  bool running() const { return pid_ > 0 && error_.empty(); }
  // The exit status once stopped (or once it exited before listening), else -1.
  int exit_status() const { return exit_status_; }
  const std::string& error() const { return error_; }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `signal` and waits for the exit; returns the exit status (128+signal if killed by one),
  // or -1 if it did not exit within the deadline (it is then killed).
  int stop(int signal = 15);
  // Everything the process wrote to stderr so far (its request log and errors).
  std::string stderr_text();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::uint16_t port_ = 0;
  int exit_status_ = -1;
  std::string error_;
  std::string err_text_;
};

// Runs `executable args...` with `env` to completion (a command such as --migrate, not a server).
struct CommandResult {
  int exit_status = -1;  // 128+signal if killed, -1 if it could not start or timed out
  std::string out;
  std::string err;
};
CommandResult run_command(const std::string& executable, const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env = {});

}  // namespace rally::test
