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
  stop(SIGKILL);
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
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string AppProcess::stderr_text() {
  if (err_fd_ >= 0) drain(err_fd_, err_text_);
  return err_text_;
}

}  // namespace rally::test
