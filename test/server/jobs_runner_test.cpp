// rally::jobs::Runner: worker threads woken by enqueues, concurrent runners, shutdown, lease renewal
// by the heartbeat, recurring slots. Synchronised by events and signals with bounded waits, never
// by sleeps; time is a fake clock.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include <rally/db/db.hpp>
#include <rally/server/jobs.hpp>

#include "jobs_fixtures.hpp"

namespace {

using namespace std::chrono_literals;
using namespace rally::jobs::testing;
using rally::jobs::Event;
using rally::jobs::JobContext;
using rally::jobs::Registry;
using rally::jobs::TimePoint;


// A database file with a pool big enough for two runners and the test's own connection.
class JobsRunner : public JobsBase {
 protected:
  void SetUp() override {
    JobsBase::SetUp();
    std::string pattern = (std::filesystem::temp_directory_path() / "rally-jobs-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    auto opened = rally::db::Pool::open((dir / "app.db").string(), 6);
    ASSERT_TRUE(opened) << opened.error().to_string();
    pool = std::make_shared<rally::db::Pool>(std::move(*opened));
    auto lease = take(pool->acquire());
    rally::jobs::migrate(*lease);
  }
  void TearDown() override {
    pool.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    JobsBase::TearDown();
  }
  rally::jobs::RunnerOptions options() {
    rally::jobs::RunnerOptions o;
    o.clock = clock.clock();
    o.on_event = [events = events](const Event& e) { events->add(e); };
    return o;
  }
  std::filesystem::path dir;
  std::shared_ptr<rally::db::Pool> pool;
  std::shared_ptr<Events> events = std::make_shared<Events>();
};

TEST_F(JobsRunner, RunsEnqueuedJobsOnItsWorkersWokenByTheEnqueue) {
  auto seen = std::make_shared<std::map<std::int64_t, int>>();
  auto mutex = std::make_shared<std::mutex>();
  Registry registry;
  registry.add("count", [seen, mutex](std::string_view, JobContext& ctx) {
    EXPECT_EQ(ctx.db().query_value<std::int64_t>("SELECT 1").value(), 1);
    std::lock_guard lock(*mutex);
    ++(*seen)[ctx.id()];
  });
  auto o = options();
  o.poll_interval = 1h;  // only the enqueue's wakeup can start these jobs in time
  rally::jobs::Runner runner(pool, registry, o);
  {
    auto lease = take(pool->acquire());
    for (int i = 0; i < 5; ++i) enqueue(*lease, "count");
    // Inside a transaction: the wakeup's claim waits for the commit.
    rally::db::transaction(*lease, [](rally::db::Connection& c) {
      for (int i = 0; i < 5; ++i) enqueue(c, "count");
    }).value();
  }
  ASSERT_TRUE(events->wait_count(kind_is(Event::Kind::succeeded), 10)) << events->errors();
  EXPECT_EQ(runner.stop(std::chrono::steady_clock::now() + bounded), 0u);
  std::lock_guard lock(*mutex);
  EXPECT_EQ(seen->size(), 10u);
  for (const auto& [id, runs] : *seen) EXPECT_EQ(runs, 1) << "job " << id;
  auto lease = take(pool->acquire());
  EXPECT_EQ(count(*lease, "SELECT count(*) FROM rally_jobs WHERE state = 'done'"), 10);
  EXPECT_EQ(events->errors(), "");
}

TEST_F(JobsRunner, TwoRunnersOnOneDatabaseRunEachJobOnce) {
  auto runs = std::make_shared<std::map<std::int64_t, int>>();
  auto mutex = std::make_shared<std::mutex>();
  Registry registry;
  registry.add("once", [runs, mutex](std::string_view, JobContext& ctx) {
    std::lock_guard lock(*mutex);
    ++(*runs)[ctx.id()];
  });
  auto o = options();
  o.poll_interval = 5ms;
  rally::jobs::Runner a(pool, registry, o);
  rally::jobs::Runner b(pool, registry, o);
  {
    auto lease = take(pool->acquire());
    for (int i = 0; i < 40; ++i) enqueue(*lease, "once");
  }
  ASSERT_TRUE(events->wait_count(kind_is(Event::Kind::succeeded), 40)) << events->errors();
  a.stop(std::chrono::steady_clock::now() + bounded);
  b.stop(std::chrono::steady_clock::now() + bounded);
  std::lock_guard lock(*mutex);
  EXPECT_EQ(runs->size(), 40u);
  for (const auto& [id, n] : *runs) EXPECT_EQ(n, 1) << "job " << id;
  EXPECT_EQ(events->count(kind_is(Event::Kind::succeeded)), 40u);
}

TEST_F(JobsRunner, StopWaitsForARunningJobAndTellsItToStop) {
  auto started = std::make_shared<Signal>();
  auto saw_stop = std::make_shared<std::atomic<bool>>(false);
  Registry registry;
  registry.add("long", [started, saw_stop](std::string_view, JobContext& ctx) {
    EXPECT_FALSE(ctx.stop_requested());  // before `started`: the test stops the runner after it
    started->set();
    *saw_stop = ctx.wait_for_stop(bounded);
    EXPECT_TRUE(ctx.stop_requested());
  });
  rally::jobs::Runner runner(pool, registry, options());
  const std::int64_t id = [&] {
    auto lease = take(pool->acquire());
    return enqueue(*lease, "long");
  }();
  ASSERT_TRUE(started->wait());
  EXPECT_EQ(runner.running(), 1u);
  EXPECT_EQ(runner.stop(std::chrono::steady_clock::now() + bounded), 0u) << "it finished before the deadline";
  EXPECT_TRUE(*saw_stop);
  auto lease = take(pool->acquire());
  EXPECT_EQ(state_of(*lease, id), "done");
}

TEST_F(JobsRunner, StopReturnsTheJobsStillRunningAtItsDeadlineAndTheyFinishLater) {
  auto started = std::make_shared<Signal>();
  auto release = std::make_shared<Signal>();
  Registry registry;
  registry.add("stubborn", [started, release](std::string_view, JobContext&) {
    started->set();
    release->wait();
  });
  rally::jobs::Runner runner(pool, registry, options());
  const std::int64_t id = [&] {
    auto lease = take(pool->acquire());
    return enqueue(*lease, "stubborn");
  }();
  ASSERT_TRUE(started->wait());
  EXPECT_EQ(runner.stop(std::chrono::steady_clock::now() + 50ms), 1u);
  {
    auto lease = take(pool->acquire());
    EXPECT_EQ(state_of(*lease, id), "running") << "its lease is still held";
  }
  release->set();
  ASSERT_TRUE(events->wait_count(kind_is(Event::Kind::succeeded), 1)) << events->errors();
  EXPECT_EQ(runner.stop(std::chrono::steady_clock::now() + bounded), 0u) << "the detached worker has left";
  auto lease = take(pool->acquire());
  EXPECT_EQ(state_of(*lease, id), "done");
}

TEST_F(JobsRunner, TheHeartbeatRenewsTheLeaseSoAnotherRunnerCannotClaimALongJob) {
  auto started = std::make_shared<Signal>();
  auto release = std::make_shared<Signal>();
  auto attempts = std::make_shared<std::atomic<int>>(0);
  Registry registry;
  registry.add("long", [started, release, attempts](std::string_view, JobContext&) {
    ++*attempts;
    started->set();
    release->wait();
  });
  auto o = options();
  o.workers = 1;
  o.lease = 60s;
  o.heartbeat_interval = 5ms;
  rally::jobs::Runner runner(pool, registry, o);
  const std::int64_t id = [&] {
    auto lease = take(pool->acquire());
    return enqueue(*lease, "long");
  }();
  ASSERT_TRUE(started->wait());
  auto renewed_past = [&](TimePoint t) {
    return events->wait_count(
        [t](const Event& e) { return e.kind == Event::Kind::lease_renewed && e.lease_until && *e.lease_until >= t; }, 1);
  };
  clock.advance(50s);
  ASSERT_TRUE(renewed_past(clock.now() + 60s)) << events->errors();
  clock.advance(50s);  // 100 s after the claim: the first lease (60 s) would have run out
  ASSERT_TRUE(renewed_past(clock.now() + 60s)) << events->errors();
  {
    auto lease = take(pool->acquire());
    Registry second;  // another process with the same job type
    second.add("long", [attempts](std::string_view, JobContext&) { ++*attempts; });
    EXPECT_EQ(rally::jobs::run_pending(*lease, second, clock.clock()).value().ran(), 0);
    EXPECT_EQ(state_of(*lease, id), "running");
  }
  release->set();
  ASSERT_TRUE(events->wait_count(kind_is(Event::Kind::succeeded), 1)) << events->errors();
  runner.stop(std::chrono::steady_clock::now() + bounded);
  EXPECT_EQ(*attempts, 1);
  auto lease = take(pool->acquire());
  EXPECT_EQ(state_of(*lease, id), "done");
  EXPECT_EQ(int_of(*lease, "SELECT attempt FROM rally_jobs WHERE id = ?", id), 1);
}

TEST_F(JobsRunner, TheHeartbeatEnqueuesRecurringSlotsAndTheWorkersRunThem) {
  auto ticks = std::make_shared<std::atomic<int>>(0);
  Registry registry;
  registry.add("tick", [ticks](std::string_view, JobContext&) { ++*ticks; });
  registry.every("minutely", 60s, "tick");
  clock.set(t0 + 30s);
  auto o = options();
  o.poll_interval = 5ms;
  rally::jobs::Runner runner(pool, registry, o);
  auto slot = [&](TimePoint t) {
    return events->wait_count(
        [t](const Event& e) { return e.kind == Event::Kind::scheduled && e.run_at == t && e.message == "minutely"; }, 1);
  };
  ASSERT_TRUE(slot(t0 + 60s)) << events->errors();
  clock.set(t0 + 60s);
  ASSERT_TRUE(events->wait_count(kind_is(Event::Kind::succeeded), 1)) << events->errors();
  ASSERT_TRUE(slot(t0 + 120s)) << events->errors();
  runner.stop(std::chrono::steady_clock::now() + bounded);
  EXPECT_EQ(*ticks, 1);
  EXPECT_EQ(events->count(kind_is(Event::Kind::scheduled)), 2u) << "one job per slot, however often it polled";
  auto lease = take(pool->acquire());
  EXPECT_EQ(count(*lease, "SELECT count(*) FROM rally_jobs"), 2);
}

// A slot that comes due between two polls runs, and the heartbeat queues its successor only at
// its next poll: a runner stopped in between still leaves the next slot queued.
TEST_F(JobsRunner, AStoppedRunnerLeavesEachSchedulesNextSlotQueued) {
  Registry registry;
  registry.add("tick", [](std::string_view, JobContext&) {});
  registry.add("wake", [](std::string_view, JobContext&) {});
  registry.every("minutely", 60s, "tick");
  clock.set(t0 + 30s);
  auto o = options();
  o.poll_interval = 1h;  // the heartbeat polls once, at start; only an enqueue wakes the workers
  rally::jobs::Runner runner(pool, registry, o);
  auto scheduled = [&](TimePoint t) {
    return [t](const Event& e) { return e.kind == Event::Kind::scheduled && e.run_at == t; };
  };
  ASSERT_TRUE(events->wait_count(scheduled(t0 + 60s), 1)) << events->errors();
  clock.set(t0 + 60s);
  {
    auto lease = take(pool->acquire());
    enqueue(*lease, "wake");  // its wakeup claims the due slot too
  }
  ASSERT_TRUE(events->wait_count(kind_is(Event::Kind::succeeded), 2)) << events->errors();
  EXPECT_EQ(events->count(scheduled(t0 + 120s)), 0u) << "the heartbeat has not polled since the slot ran";
  EXPECT_EQ(runner.stop(std::chrono::steady_clock::now() + bounded), 0u);
  EXPECT_EQ(events->count(scheduled(t0 + 120s)), 1u);
  auto lease = take(pool->acquire());
  EXPECT_EQ(count(*lease, "SELECT count(*) FROM rally_jobs WHERE state = 'queued'"), 1);
  EXPECT_EQ(count(*lease, "SELECT count(*) FROM rally_jobs WHERE state = 'done'"), 2);
  EXPECT_EQ(events->errors(), "");
}

TEST_F(JobsRunner, RefusesBadOptionsAndSaysWhich) {
  auto o = options();
  o.workers = 0;
  EXPECT_THROW(rally::jobs::Runner(pool, Registry{}, o), std::invalid_argument);
  o = options();
  o.lease = 1s;
  o.heartbeat_interval = 2s;
  try {
    rally::jobs::Runner runner(pool, Registry{}, o);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "rally::jobs::Runner: heartbeat_interval (2000 ms) must be positive and shorter than the lease (1000 ms)");
  }
  EXPECT_THROW(rally::jobs::Runner(nullptr, Registry{}, options()), std::invalid_argument);
}

}  // namespace
