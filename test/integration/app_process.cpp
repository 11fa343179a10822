#include "app_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>

namespace rally::test {
namespace {

constexpr auto startup_deadline = std::chrono::seconds(20);
constexpr auto stop_deadline = std::chrono::seconds(10);

// Reads what is available on fd into out; false at end of file.
bool drain(int fd, std::string& out) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

}  // namespace

AppProcess::AppProcess(const std::string& executable, std::vector<std::pair<std::string, std::string>> env) {
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) {
    error_ = "pipe() failed";
    return;
  }
  pid_ = ::fork();
  if (pid_ < 0) {
    error_ = "fork() failed";
    return;
  }
  if (pid_ == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[0]);
    ::close(err[0]);
    ::unsetenv("DATABASE_PATH");  // never the developer's database: a test passes its own
    ::setenv("HOST", "127.0.0.1", 1);
    ::setenv("PORT", "0", 1);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execl(executable.c_str(), executable.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  ::fcntl(out_fd_, F_SETFL, O_NONBLOCK);
  ::fcntl(err_fd_, F_SETFL, O_NONBLOCK);

  const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
  std::string out_text;
  auto deadline = std::chrono::steady_clock::now() + startup_deadline;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    ::poll(fds, 2, 100);
    bool out_open = drain(out_fd_, out_text);
    drain(err_fd_, err_text_);
    std::smatch m;
    if (std::regex_search(out_text, m, listening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
      return;
    }
    if (!out_open) break;  // the process closed stdout: it exited
  }
  error_ = executable + " did not report its address. stdout:\n" + out_text + "\nstderr:\n" + err_text_;
  exit_status_ = stop(SIGKILL);
}

AppProcess::~AppProcess() {
  if (pid_ > 0) stop(SIGKILL);
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

int AppProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + stop_deadline;
  int status = 0;
  for (;;) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    // Waiting for a child's exit has no portable blocking-with-timeout call; poll the stderr pipe
    // (which also keeps it drained) for up to 50 ms between checks.
    pollfd fd{err_fd_, POLLIN, 0};
    ::poll(&fd, 1, 50);
    drain(err_fd_, err_text_);
  }
  pid_ = -1;
  drain(err_fd_, err_text_);
  exit_status_ = -1;
  if (WIFEXITED(status)) exit_status_ = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit_status_ = 128 + WTERMSIG(status);
  return exit_status_;
}

CommandResult run_command(const std::string& executable, const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env) {
  CommandResult result;
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) return result;
  pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[0]);
    ::close(err[0]);
    ::unsetenv("DATABASE_PATH");
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv{const_cast<char*>(executable.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(executable.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, O_NONBLOCK);
  // Both pipes are drained until both reach end of file: the child exits or dies by then.
  auto deadline = std::chrono::steady_clock::now() + startup_deadline;
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
    pollfd fds[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}};
    ::poll(fds, 2, 100);
    if (out_open) out_open = drain(out[0], result.out);
    if (err_open) err_open = drain(err[0], result.err);
  }
  ::close(out[0]);
  ::close(err[0]);
  if (out_open || err_open) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (out_open || err_open) return result;
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_status = 128 + WTERMSIG(status);
  return result;
}

std::string AppProcess::stderr_text() {
  if (err_fd_ >= 0) drain(err_fd_, err_text_);
  return err_text_;
}

}  // namespace rally::test
