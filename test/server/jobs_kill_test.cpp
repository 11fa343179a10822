// At least once, for real: a process running a job is killed with SIGKILL mid-run (no destructor,
// no shutdown, its lease left in rally_jobs); once the lease has expired, another runner claims
// the job again and it completes.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include <rally/db/db.hpp>
#include <rally/server/jobs.hpp>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The child: a runner whose "slow" job says it started (a byte on `ready`) and then never ends.
[[noreturn]] void run_child(const std::string& db_path, int ready) {
  auto pool = rally::db::Pool::open(db_path, 2);
  if (!pool) _exit(3);
  rally::jobs::Registry registry;
  registry.add("slow", [ready](std::string_view, rally::jobs::JobContext& job) {
    const char started = 's';
    if (::write(ready, &started, 1) != 1) _exit(4);
    job.wait_for_stop(std::chrono::hours(1));
  });
  rally::jobs::RunnerOptions options;
  options.workers = 1;
  options.poll_interval = 10ms;
  options.on_event = [](const rally::jobs::Event&) {};
  rally::jobs::Runner runner(std::make_shared<rally::db::Pool>(std::move(*pool)), std::move(registry), options);
  for (;;) ::pause();  // until SIGKILL
}

TEST(JobsKill, AJobWhoseProcessIsKilledMidRunRunsAgainOnceItsLeaseExpiresAndCompletes) {
  std::string pattern = (fs::temp_directory_path() / "rally-jobs-kill-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path dir = pattern;
  const std::string db_path = (dir / "app.db").string();
  {
    auto db = rally::db::open(db_path);
    ASSERT_TRUE(db) << db.error().to_string();
    rally::jobs::migrate(*db);
    ASSERT_TRUE(rally::jobs::enqueue_encoded(*db, "slow", "payload"));
  }
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    run_child(db_path, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  pollfd ready{pipe_fds[0], POLLIN, 0};
  const bool started = ::poll(&ready, 1, 20'000) == 1;
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::close(pipe_fds[0]);
  ASSERT_TRUE(started) << "the child never started the job";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  auto db = rally::db::open(db_path);
  ASSERT_TRUE(db);
  auto jobs = rally::jobs::list_jobs(*db);
  ASSERT_TRUE(jobs);
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].state, "running") << "the killed process's claim is still there";
  EXPECT_EQ((*jobs)[0].attempt, 1);
  ASSERT_TRUE((*jobs)[0].lease_until);

  int ran = 0;
  rally::jobs::Registry registry;
  registry.add("slow", [&](std::string_view payload, rally::jobs::JobContext& job) {
    EXPECT_EQ(payload, "payload");
    EXPECT_EQ(job.attempt(), 2);
    ++ran;
  });
  // Before the lease expires nobody may take it; after, it runs again.
  const auto lease_until = *(*jobs)[0].lease_until;
  auto early = rally::jobs::run_pending(*db, registry, [&] { return lease_until - 1s; });
  ASSERT_TRUE(early);
  EXPECT_EQ(early->ran(), 0);
  auto later = rally::jobs::run_pending(*db, registry, [&] { return lease_until + 1s; });
  ASSERT_TRUE(later) << later.error().to_string();
  EXPECT_EQ(later->succeeded, 1);
  EXPECT_EQ(ran, 1);
  auto counts = rally::jobs::count_jobs(*db);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->done, 1);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
