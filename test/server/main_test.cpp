// rally::server::main: argument errors in-process; the signal path in a forked child.
#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "fake_app.hpp"
#include "rally/server/run.hpp"
#include "test_client.hpp"
#include "test_fixtures.hpp"

namespace rally::server {
namespace {

int run_main(std::vector<std::string> args) {
  testing::FakeApp app;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return rally::server::main(app, static_cast<int>(args.size()), argv.data(), "");
}

TEST(ServerMain, UnknownArgumentIsUsageError) {
  ::testing::internal::CaptureStderr();
  int rc = run_main({"app", "--frobnicate"});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 2);
  EXPECT_NE(err.find("unknown argument \"--frobnicate\""), std::string::npos) << err;
  EXPECT_NE(err.find("usage:"), std::string::npos) << err;
}

TEST(ServerMain, BadOrMissingPortIsUsageError) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_main({"app", "--port", "abc"}), 2);
  EXPECT_EQ(run_main({"app", "--port"}), 2);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("--port=\"abc\" is not a port number"), std::string::npos) << err;
  EXPECT_NE(err.find("--port needs a value"), std::string::npos) << err;
}

TEST(ServerMain, HelpExitsZero) {
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run_main({"app", "--help"}), 0);
  EXPECT_NE(::testing::internal::GetCapturedStdout().find("--port N"), std::string::npos);
}

TEST(ServerMain, BindFailureExitsOne) {
  testing::FakeApp app;
  Options o;
  o.port = 0;
  o.threads = 1;
  o.log_requests = false;
  Server taken(app, o);
  taken.start();
  const std::string port = std::to_string(taken.port());
  ::testing::internal::CaptureStderr();
  int rc = run_main({"app", "--host", "127.0.0.1", "--port", port});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("rally: cannot listen on 127.0.0.1:" + port + ": Address already in use"), std::string::npos) << err;
}

// Reads the child's stdout until a full line arrives or the deadline passes.
std::string read_line(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

TEST(ServerMain, ServesUntilSigtermThenExitsZero) {
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::unsetenv("PORT");
    ::setenv("RALLY_THREADS", "1", 1);
    ::_exit(run_main({"app", "--port", "0"}));
  }
  ::close(out[1]);
  std::string line = read_line(out[0], std::chrono::seconds(5));
  ::close(out[0]);
  std::smatch m;
  bool listening = std::regex_search(line, m, std::regex("^rally: fake listening on http://127\\.0\\.0\\.1:([0-9]+)\n"));
  if (listening) {
    auto res = test::http_get(static_cast<std::uint16_t>(std::stoi(m[1].str())), "/");
    EXPECT_EQ(res.status, 200) << res.error;
  }
  ::kill(child, SIGTERM);
  // With a deadline instead of blocking forever on a hung shutdown.
  std::optional<int> status = testing::reap_within(child, std::chrono::seconds(5));
  ASSERT_TRUE(status) << "the server did not stop on SIGTERM";
  ASSERT_TRUE(listening) << line;
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
}

}  // namespace
}  // namespace rally::server
