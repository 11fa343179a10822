// The server log: problem lines at once and in order, routine lines buffered and written by the
// background writer, and what RALLY_LOG turns on.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "log.hpp"
#include "test_fixtures.hpp"
#include "rally/server/run.hpp"

namespace rally::server {
namespace {

using testing::EnvVar;

// Points stderr at a pipe for the test's lifetime, so that what the log writes, and when, can be read.
class StderrPipe {
 public:
  StderrPipe() {
    flush_log();  // what earlier tests left buffered goes to the real stderr
    if (::pipe(fds_) != 0) throw std::runtime_error("pipe failed");
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(fds_[1], STDERR_FILENO);
  }
  ~StderrPipe() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  // Reads until `want` bytes have arrived or `timeout` passes (0: only what is there already).
  std::string read(std::size_t want, std::chrono::milliseconds timeout) {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (got.size() < want) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fds_[0], POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 0))) <= 0) break;
      char buf[4096];
      const ssize_t n = ::read(fds_[0], buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }

 private:
  int fds_[2] = {-1, -1};
  int saved_ = -1;
};

TEST(ServerLog, AProblemLineIsWrittenAtOnceAfterTheLinesBufferedBeforeIt) {
  StderrPipe err;
  log_routine("GET / 200 12us");
  log_line("[trace 0123] render failed: boom");
  // No flush and no wait for the writer: the problem line takes what is buffered with it, and
  // both are in the pipe when log_line returns.
  const std::string want = "rally: GET / 200 12us\nrally: [trace 0123] render failed: boom\n";
  EXPECT_EQ(err.read(want.size(), std::chrono::milliseconds(0)), want);
}

TEST(ServerLog, RoutineLinesAreWrittenByTheBackgroundWriterWithoutAFlush) {
  StderrPipe err;
  log_routine("GET /later 200 8us");
  const std::string want = "rally: GET /later 200 8us\n";
  // The writer wakes every 0.2 s; 10 s only bounds a broken writer.
  EXPECT_EQ(err.read(want.size(), std::chrono::seconds(10)), want);
}

TEST(ServerLog, AFullBufferIsWrittenOutWithoutWaitingForTheTimer) {
  StderrPipe err;
  const std::string line(1000, 'x');
  std::string want;
  for (int i = 0; i < 70; ++i) {  // ~70 KB: past the 64 KB mark
    log_routine(line);
    want += "rally: " + line + "\n";
  }
  EXPECT_EQ(err.read(want.size(), std::chrono::seconds(10)), want);
}

TEST(ServerLog, AForkWritesTheBufferedLinesAndTheChildWritesItsOwnWithAWriterOfItsOwn) {
  StderrPipe err;
  log_routine("GET /parent 200 5us");  // the parent's writer is running
  const std::string parent_line = "rally: GET /parent 200 5us\n";
  ASSERT_EQ(err.read(parent_line.size(), std::chrono::seconds(10)), parent_line);
  log_routine("GET /before-fork 200 6us");  // buffered: the writer wakes every 0.2 s
  int hold[2];  // the child lives until the parent has read its line (or gave up)
  ASSERT_EQ(::pipe(hold), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(hold[1]);
    log_routine("GET /child 200 7us");
    char byte;
    [[maybe_unused]] ssize_t n = ::read(hold[0], &byte, 1);  // returns when the parent closes its end
    ::_exit(0);
  }
  ::close(hold[0]);
  // The fork wrote the buffer out: the line is in the pipe when fork() returns.
  const std::string before_fork = "rally: GET /before-fork 200 6us\n";
  std::string got = err.read(SIZE_MAX, std::chrono::milliseconds(0));
  EXPECT_EQ(got.substr(0, before_fork.size()), before_fork);
  // The threads are not copied by fork(): without a writer of its own the child's line would wait
  // for its exit (and _exit never writes it). 10 s only bounds a broken writer.
  const std::string child_line = "rally: GET /child 200 7us\n";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (got.find(child_line) == std::string::npos && std::chrono::steady_clock::now() < deadline)
    got += err.read(1, std::chrono::milliseconds(100));
  // Nothing else: the child had no copy of the parent's line to write again.
  EXPECT_EQ(got, before_fork + child_line);
  ::close(hold[1]);
  // Reaped with a deadline: a child stuck in the log (a lock the fork left held) is killed.
  std::optional<int> status = testing::reap_within(child, std::chrono::seconds(5));
  ASSERT_TRUE(status) << "the child did not exit";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
}

TEST(OptionsFromEnv, RallyLogChoosesTheRoutineLines) {
  struct Case {
    const char* value;
    bool requests, calls;
  };
  for (Case c : {Case{"error", false, false}, Case{"info", true, false}, Case{"debug", true, true}}) {
    EnvVar log("RALLY_LOG", c.value);
    Options o = Options::from_env({});
    EXPECT_EQ(o.log_requests, c.requests) << c.value;
    EXPECT_EQ(o.log_calls, c.calls) << c.value;
  }
}

TEST(OptionsFromEnv, WithoutRallyLogProductionLogsRequestsAndDevelopmentAlsoCalls) {
  EnvVar log("RALLY_LOG", nullptr);
  {
    EnvVar mode("APP_ENV", "prod");
    Options o = Options::from_env({});
    EXPECT_TRUE(o.log_requests);
    EXPECT_FALSE(o.log_calls);
  }
  EnvVar mode("APP_ENV", "dev");
  Options o = Options::from_env({});
  EXPECT_TRUE(o.log_requests);
  EXPECT_TRUE(o.log_calls);
}

TEST(OptionsFromEnv, AnUnknownRallyLogIsRefusedWithTheChoices) {
  EnvVar log("RALLY_LOG", "verbose");
  try {
    Options::from_env({});
    FAIL() << "RALLY_LOG=verbose was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "RALLY_LOG=\"verbose\" is not error, info or debug (info: a line per request, debug: also per server call)");
  }
}

}  // namespace
}  // namespace rally::server
