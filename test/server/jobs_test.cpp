// rally::jobs on the calling thread, against a real SQLite database and a fake clock: enqueue,
// dedupe, transactions, retries and backoff, dead jobs, leases, cancel, pruning, recurring slots,
// describe. The threaded Runner is in jobs_runner_test.cpp.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <rally/db/db.hpp>
#include <rally/db/test_db.hpp>
#include <rally/server/jobs.hpp>

#include "jobs_fixtures.hpp"
#include "jobs_queue.hpp"
#include "own_migrations.hpp"

namespace {

using namespace std::chrono_literals;
using namespace rally::jobs::testing;
using rally::jobs::JobContext;
using rally::jobs::Registry;
using rally::jobs::TimePoint;
namespace detail = rally::jobs::detail;


// One in-memory database, run on the test's thread.
class JobsQueue : public JobsBase {
 protected:
  void SetUp() override {
    JobsBase::SetUp();
    rally::jobs::migrate(db);
  }
  rally::db::Result<rally::jobs::RunSummary> run() { return rally::jobs::run_pending(db, registry, clock.clock()); }
  rally::db::Connection db = rally::test_db::open_empty();
  Registry registry;
};

TEST_F(JobsQueue, EnqueueThenRunPendingRunsItOnceAndMarksItDone) {
  std::vector<std::string> payloads;
  int attempt = 0;
  std::int64_t seen_id = 0;
  registry.add("greet", [&](std::string_view payload, JobContext& ctx) {
    payloads.emplace_back(payload);
    attempt = ctx.attempt();
    seen_id = ctx.id();
    EXPECT_EQ(&ctx.db(), &db);
    EXPECT_EQ(ctx.type(), "greet");
  });
  const std::string binary("a\0b\xff", 4);  // encoded payloads are bytes, NULs included
  const std::int64_t id = enqueue(db, "greet", binary);
  auto first = run();
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_EQ(first->succeeded, 1);
  EXPECT_EQ(first->ran(), 1);
  EXPECT_EQ(run().value().ran(), 0) << "a done job never runs again";
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0], binary);
  EXPECT_EQ(attempt, 1);
  EXPECT_EQ(seen_id, id);
  EXPECT_EQ(state_of(db, id), "done");
  EXPECT_EQ(int_of(db, "SELECT finished_at FROM rally_jobs WHERE id = ?", id), detail::to_ms(t0));
  EXPECT_EQ(int_of(db, "SELECT lease_until IS NULL FROM rally_jobs WHERE id = ?", id), 1);
}

TEST_F(JobsQueue, EnqueueRejectsAnEmptyTypeAndNoAttemptsAndSaysWhy) {
  auto empty = rally::jobs::enqueue_encoded(db, "", "x");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "rally::jobs::enqueue_encoded: the job type is empty");
  rally::jobs::EnqueueOptions none;
  none.max_attempts = 0;
  auto zero = rally::jobs::enqueue_encoded(db, "mail", "x", none);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().message,
            "rally::jobs::enqueue_encoded: max_attempts is 0 for job type 'mail': it must be at least 1");
  auto bare = rally::test_db::open_empty();  // migrate() never ran
  auto missing = rally::jobs::enqueue_encoded(bare, "mail", "x");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("rally::jobs::enqueue_encoded: no such table: rally_jobs"), std::string::npos)
      << missing.error().message;
}

TEST_F(JobsQueue, AUniqueKeyDedupesUnfinishedJobsAndIsFreeAgainOnceTheyFinish) {
  int runs = 0;
  registry.add("sync", [&](std::string_view, JobContext&) { ++runs; });
  registry.add("fail", [](std::string_view, JobContext&) { throw std::runtime_error("no"); });
  rally::jobs::EnqueueOptions unique;
  unique.unique_key = "sync:user:7";
  auto first = rally::jobs::enqueue_encoded(db, "sync", "a", unique);
  ASSERT_TRUE(first && first->has_value());
  auto second = rally::jobs::enqueue_encoded(db, "sync", "b", unique);
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_EQ(*second, std::nullopt) << "deduped, not an error";
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_jobs"), 1);
  EXPECT_TRUE(rally::jobs::enqueue_encoded(db, "sync", "c").value().has_value()) << "no key: no dedupe";

  EXPECT_EQ(run().value().succeeded, 2);
  EXPECT_EQ(runs, 2);
  auto again = rally::jobs::enqueue_encoded(db, "sync", "d", unique);
  ASSERT_TRUE(again && again->has_value()) << "the done job freed its key";

  // A dead job frees its key too (a queued retry does not).
  rally::jobs::EnqueueOptions once;
  once.unique_key = "fail:1";
  once.max_attempts = 2;
  const std::int64_t failing = enqueue(db, "fail", "", once);
  EXPECT_EQ(run().value().retried, 1);
  EXPECT_EQ(rally::jobs::enqueue_encoded(db, "fail", "", once).value(), std::nullopt) << "queued for its retry";
  clock.advance(1h);
  EXPECT_EQ(run().value().dead, 1);
  EXPECT_EQ(state_of(db, failing), "dead");
  EXPECT_TRUE(rally::jobs::enqueue_encoded(db, "fail", "", once).value().has_value());
}

TEST_F(JobsQueue, AnEnqueueInATransactionThatRollsBackLeavesNoJob) {
  registry.add("mail", [](std::string_view, JobContext&) {});
  auto failed = rally::db::transaction(db, [](rally::db::Connection& c) -> rally::db::Result<rally::db::Unit> {
    if (auto id = rally::jobs::enqueue_encoded(c, "mail", "rolled back"); !id) return rally::err(id.error());
    return rally::err(rally::db::Error{"the order could not be saved", 0, {}, {}, 0});
  });
  EXPECT_FALSE(failed);
  EXPECT_THROW(rally::db::transaction(db,
                                      [](rally::db::Connection& c) {
                                        (void)rally::jobs::enqueue_encoded(c, "mail", "thrown");
                                        throw std::runtime_error("handler bug");
                                      }),
               std::runtime_error);
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_jobs"), 0);
  auto committed = rally::db::transaction(db, [](rally::db::Connection& c) {
    return rally::jobs::enqueue_encoded(c, "mail", "kept");
  });
  ASSERT_TRUE(committed && committed->has_value());
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_jobs"), 1);
  EXPECT_EQ(run().value().succeeded, 1);
}

TEST_F(JobsQueue, AFailureIsRetriedAtTheBackoffTimeNotBeforeAndThenRuns) {
  int runs = 0;
  registry.add("flaky", [&](std::string_view, JobContext& ctx) {
    ++runs;
    if (ctx.attempt() == 1) throw std::runtime_error("smtp: connection refused");
  });
  const std::int64_t id = enqueue(db, "flaky");
  auto first = run().value();
  EXPECT_EQ(first.retried, 1);
  ASSERT_EQ(first.failures.size(), 1u);
  EXPECT_EQ(first.failures[0], "job " + std::to_string(id) + " (flaky) attempt 1/20: smtp: connection refused");
  EXPECT_EQ(state_of(db, id), "queued");
  EXPECT_EQ(db.query_value<std::string>("SELECT last_error FROM rally_jobs WHERE id = ?", id).value(),
            "smtp: connection refused");
  // base 15 s, jitter 20 %: between 12 s and 18 s after the failure.
  const std::int64_t retry_at = int_of(db, "SELECT run_at FROM rally_jobs WHERE id = ?", id);
  EXPECT_GE(retry_at, detail::to_ms(t0 + 12s));
  EXPECT_LE(retry_at, detail::to_ms(t0 + 18s));

  clock.set(detail::from_ms(retry_at - 1));
  EXPECT_EQ(run().value().ran(), 0) << "not before its backoff";
  EXPECT_EQ(runs, 1);
  clock.set(detail::from_ms(retry_at));
  EXPECT_EQ(run().value().succeeded, 1);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(state_of(db, id), "done");
  EXPECT_EQ(int_of(db, "SELECT attempt FROM rally_jobs WHERE id = ?", id), 2);
}

TEST(JobsBackoff, GrowsExponentiallyUpToTheCapWithinTheJitter) {
  const rally::jobs::Backoff b;
  EXPECT_EQ(b.delay(1, 0.5), 15s);
  EXPECT_EQ(b.delay(1, 0.0), 12s);
  EXPECT_EQ(b.delay(1, 1.0), 18s);
  EXPECT_EQ(b.delay(2, 0.5), 30s);
  EXPECT_EQ(b.delay(8, 0.5), 1920s);
  EXPECT_EQ(b.delay(9, 0.5), 1h) << "15 s * 2^8 = 3840 s is over the cap";
  EXPECT_EQ(b.delay(10'000, 1.0), 72min) << "no overflow however many attempts";
  for (int attempt : {1, 3, 20}) {
    const auto middle = b.delay(attempt, 0.5);
    for (int i = 0; i < 200; ++i) {
      const auto d = b.delay(attempt);
      EXPECT_GE(d, middle * 8 / 10);
      EXPECT_LE(d, middle * 12 / 10);
    }
  }
}

TEST_F(JobsQueue, AJobIsDeadAfterMaxAttemptsWithItsLastErrorKept) {
  int runs = 0;
  registry.add("doomed", [&](std::string_view, JobContext& ctx) {
    ++runs;
    throw std::runtime_error("attempt " + std::to_string(ctx.attempt()) + " failed");
  });
  rally::jobs::EnqueueOptions three;
  three.max_attempts = 3;
  const std::int64_t id = enqueue(db, "doomed", "", three);
  EXPECT_EQ(run().value().retried, 1);
  clock.advance(1h);
  EXPECT_EQ(run().value().retried, 1);
  clock.advance(1h);
  auto last = run().value();
  EXPECT_EQ(last.dead, 1);
  EXPECT_EQ(state_of(db, id), "dead");
  EXPECT_EQ(db.query_value<std::string>("SELECT last_error FROM rally_jobs WHERE id = ?", id).value(), "attempt 3 failed");
  EXPECT_EQ(int_of(db, "SELECT finished_at FROM rally_jobs WHERE id = ?", id), detail::to_ms(clock.now()));
  clock.advance(24h);
  EXPECT_EQ(run().value().ran(), 0) << "a dead job is never run again by itself";
  EXPECT_EQ(runs, 3);

  // retry() gives it one more attempt.
  EXPECT_TRUE(rally::jobs::retry(db, id).value());
  EXPECT_EQ(run().value().dead, 1);
  EXPECT_EQ(runs, 4);
  EXPECT_EQ(int_of(db, "SELECT attempt FROM rally_jobs WHERE id = ?", id), 4);
}

TEST_F(JobsQueue, APermanentFailureIsDeadAtOnce) {
  registry.add("decode", [](std::string_view, JobContext&) {
    throw rally::jobs::PermanentFailure("payload does not decode as SendEmail");
  });
  const std::int64_t id = enqueue(db, "decode");
  EXPECT_EQ(run().value().dead, 1);
  EXPECT_EQ(state_of(db, id), "dead");
  EXPECT_EQ(int_of(db, "SELECT attempt FROM rally_jobs WHERE id = ?", id), 1);
}

TEST_F(JobsQueue, AJobTypeWithoutAHandlerIsAFailureThatSaysSo) {
  const std::int64_t id = enqueue(db, "send_invoice");
  auto summary = run().value();
  EXPECT_EQ(summary.retried, 1);
  EXPECT_EQ(db.query_value<std::string>("SELECT last_error FROM rally_jobs WHERE id = ?", id).value(),
            "no handler for job type 'send_invoice'");
}

TEST_F(JobsQueue, AJobIsNotRunBeforeItsRunAt) {
  int runs = 0;
  registry.add("later", [&](std::string_view, JobContext&) { ++runs; });
  rally::jobs::EnqueueOptions later;
  later.run_at = t0 + 10min;
  enqueue(db, "later", "", later);
  EXPECT_EQ(run().value().ran(), 0);
  clock.advance(10min - 1ms);
  EXPECT_EQ(run().value().ran(), 0);
  clock.advance(1ms);
  EXPECT_EQ(run().value().succeeded, 1);
  EXPECT_EQ(runs, 1);
}

TEST_F(JobsQueue, AnExpiredLeaseIsClaimedAgainAndTheLostWorkerCannotRecordItsOutcome) {
  int attempt = 0;
  registry.add("report", [&](std::string_view, JobContext& ctx) { attempt = ctx.attempt(); });
  const std::int64_t id = enqueue(db, "report");
  // A process claims it, then is killed: it never finishes.
  auto killed = detail::claim(db, "killed:1/1.0", clock.now(), 60s).value();
  ASSERT_TRUE(killed);
  EXPECT_EQ(state_of(db, id), "running");
  clock.advance(60s - 1ms);
  EXPECT_EQ(run().value().ran(), 0) << "its lease still holds";
  clock.advance(1ms);
  auto summary = run().value();
  EXPECT_EQ(summary.succeeded, 1);
  EXPECT_EQ(attempt, 2) << "the lost run counts as an attempt";
  EXPECT_EQ(state_of(db, id), "done");
  EXPECT_NE(db.query_value<std::string>("SELECT last_error FROM rally_jobs WHERE id = ?", id).value().find(
                "attempt 1/20 did not finish: its lease expired"),
            std::string::npos);
  // The first process was only slow after all: its late outcome changes nothing.
  EXPECT_FALSE(detail::mark_retry(db, *killed, "late failure", clock.now()).value());
  EXPECT_FALSE(detail::mark_done(db, *killed, clock.now()).value());
  EXPECT_EQ(state_of(db, id), "done");
  EXPECT_EQ(int_of(db, "SELECT attempt FROM rally_jobs WHERE id = ?", id), 2);
}

TEST_F(JobsQueue, AnExpiredLeaseOnTheLastAttemptMakesTheJobDead) {
  rally::jobs::EnqueueOptions one;
  one.max_attempts = 1;
  const std::int64_t id = enqueue(db, "report", "", one);
  ASSERT_TRUE(detail::claim(db, "killed:1/1.0", clock.now(), 60s).value());
  clock.advance(2min);
  EXPECT_EQ(run().value().ran(), 0);
  EXPECT_EQ(state_of(db, id), "dead");
  EXPECT_EQ(db.query_value<std::string>("SELECT last_error FROM rally_jobs WHERE id = ?", id).value(),
            "attempt 1/1 did not finish: its lease expired (the worker stopped or was killed), and no attempts are left");
}

TEST_F(JobsQueue, ACancelledJobDoesNotRunAndARunningOnesOutcomeIsIgnored) {
  int runs = 0;
  registry.add("x", [&](std::string_view, JobContext&) { ++runs; });
  const std::int64_t queued = enqueue(db, "x");
  EXPECT_TRUE(rally::jobs::cancel(db, queued).value());
  EXPECT_FALSE(rally::jobs::cancel(db, queued).value()) << "already finished";
  EXPECT_EQ(run().value().ran(), 0);
  EXPECT_EQ(state_of(db, queued), "cancelled");

  const std::int64_t running = enqueue(db, "x");
  auto job = detail::claim(db, "w", clock.now(), 60s).value();
  ASSERT_TRUE(job);
  EXPECT_TRUE(rally::jobs::cancel(db, running).value());
  EXPECT_FALSE(detail::mark_done(db, *job, clock.now()).value());
  EXPECT_EQ(state_of(db, running), "cancelled");
  EXPECT_EQ(runs, 0);
}

TEST_F(JobsQueue, PruningDeletesFinishedJobsPastTheirRetention) {
  auto finished = [&](const char* state, std::chrono::hours ago) {
    const std::int64_t id = enqueue(db, "x");
    db.execute("UPDATE rally_jobs SET state = ?, finished_at = ? WHERE id = ?", state, detail::to_ms(t0 - ago), id).value();
    return id;
  };
  const std::int64_t old_done = finished("done", 8 * 24h);
  const std::int64_t recent_done = finished("done", 6 * 24h);
  const std::int64_t old_cancelled = finished("cancelled", 8 * 24h);
  const std::int64_t dead = finished("dead", 8 * 24h);
  const std::int64_t old_dead = finished("dead", 31 * 24h);
  const std::int64_t queued = enqueue(db, "x");
  EXPECT_EQ(detail::prune(db, t0, 7 * 24h, 30 * 24h).value(), 3);
  std::set<std::int64_t> left;
  auto stmt = take(db.prepare("SELECT id FROM rally_jobs"));
  while (stmt.step().value()) left.insert(stmt.column_int64(0));
  EXPECT_EQ(left, (std::set<std::int64_t>{recent_done, dead, queued}));
  (void)old_done;
  (void)old_cancelled;
  (void)old_dead;
}

TEST_F(JobsQueue, OwnMigrationsAreOneTrackAppliedOnce) {
  rally::jobs::migrate(db);
  rally::server::apply_own_migrations(db);
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_internal_migrations"),
            static_cast<std::int64_t>(rally::server::own_migration_count()));
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_internal_migrations WHERE name IN ('0001_sessions', '0002_jobs')"), 2);
}

// ---- recurring ----

TEST_F(JobsQueue, EveryEnqueuesExactlyOneJobPerSlotEvenWhenScheduledTwice) {
  int ticks = 0;
  registry.add("tick", [&](std::string_view payload, JobContext&) {
    EXPECT_EQ(payload, "p");
    ++ticks;
  });
  registry.every("minutely", 60s, "tick", "p");
  Registry other_process = registry;  // the same app started twice
  clock.set(t0 + 30s);
  EXPECT_EQ(rally::jobs::enqueue_scheduled(db, registry, clock.now()).value(), 1);
  EXPECT_EQ(rally::jobs::enqueue_scheduled(db, registry, clock.now()).value(), 0);
  EXPECT_EQ(rally::jobs::enqueue_scheduled(db, other_process, clock.now() + 10s).value(), 0);
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_jobs"), 1);
  EXPECT_EQ(db.query_value<std::string>("SELECT unique_key FROM rally_jobs").value(),
            "schedule:minutely@2024-05-01T12:01:00Z");
  EXPECT_EQ(count(db, "SELECT run_at FROM rally_jobs"), detail::to_ms(t0 + 60s));
  EXPECT_EQ(run().value().ran(), 0) << "the slot is not due yet";

  clock.set(t0 + 60s);
  EXPECT_EQ(run().value().succeeded, 1);
  EXPECT_EQ(ticks, 1);
  // The slot is done; a process whose clock lags behind does not enqueue it again.
  EXPECT_EQ(rally::jobs::enqueue_scheduled(db, other_process, t0 + 59s).value(), 0);
  EXPECT_EQ(rally::jobs::enqueue_scheduled(db, other_process, clock.now()).value(), 0) << "run_pending scheduled 12:02";
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_jobs WHERE unique_key = 'schedule:minutely@2024-05-01T12:01:00Z'"), 1);
  EXPECT_EQ(count(db, "SELECT count(*) FROM rally_jobs WHERE unique_key = 'schedule:minutely@2024-05-01T12:02:00Z'"), 1);
  clock.set(t0 + 120s);
  EXPECT_EQ(run().value().succeeded, 1);
  EXPECT_EQ(ticks, 2);
}

TEST(JobsSchedule, DailyAtIsTheNextTimeOfDayInUtcAndEveryIsAlignedToTheEpoch) {
  Registry r;
  r.daily_at("report", 3, 30, "report").every("hourly", 1h, "sweep");
  const auto& daily = r.schedules()[0];
  const TimePoint midnight = t0 - 12h;  // 2024-05-01 00:00:00Z
  EXPECT_EQ(daily.next_slot(t0), midnight + 24h + 3h + 30min);
  EXPECT_EQ(daily.next_slot(midnight + 3h + 29min), midnight + 3h + 30min);
  EXPECT_EQ(daily.next_slot(midnight + 3h + 30min), midnight + 24h + 3h + 30min) << "strictly after";
  EXPECT_EQ(daily.unique_key(midnight + 3h + 30min), "schedule:report@2024-05-01T03:30:00Z");
  const auto& hourly = r.schedules()[1];
  EXPECT_EQ(hourly.next_slot(t0 + 1ms), t0 + 1h);
  EXPECT_EQ(hourly.next_slot(t0 - 1ms), t0);
}

TEST(JobsSchedule, BadSchedulesAndHandlersAreRefusedWithTheirName) {
  Registry r;
  r.add("x", [](std::string_view, JobContext&) {});
  auto message = [](auto&& fn) {
    try {
      fn();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message([&] { r.daily_at("nightly", 24, 0, "x"); }),
            "rally::jobs::Registry::daily_at(\"nightly\"): hour 24, minute 0 is not a time of day (hour 0..23, minute 0..59, "
            "UTC)");
  EXPECT_EQ(message([&] { r.every("fast", 0s, "x"); }),
            "rally::jobs::Registry schedule \"fast\": the interval is 0 ms: it must be at least 1 s");
  r.every("sweep", 60s, "x");
  EXPECT_EQ(message([&] { r.every("sweep", 60s, "x"); }),
            "rally::jobs::Registry schedule \"sweep\": a schedule with this name already exists");
  EXPECT_EQ(message([&] { r.add("x", [](std::string_view, JobContext&) {}); }),
            "rally::jobs::Registry::add(\"x\"): this job type already has a handler");
}

// ---- describe ----

TEST_F(JobsQueue, DescribeListsQueuedRunningAndDeadJobs) {
  registry.add("boom", [](std::string_view, JobContext&) { throw rally::jobs::PermanentFailure("bad input\nat line 2"); });
  registry.add("fine", [](std::string_view, JobContext&) {});
  rally::jobs::EnqueueOptions later;
  later.run_at = t0 + 1h;
  enqueue(db, "boom");  // 1: dead
  enqueue(db, "fine");  // 2: done, not listed
  ASSERT_EQ(run().value().ran(), 2);
  enqueue(db, "send_email", "", later);  // 3: queued
  enqueue(db, "resize_image");           // 4: running
  ASSERT_TRUE(detail::claim(db, "w", clock.now(), 60s).value());
  auto text = rally::jobs::describe(db);
  ASSERT_TRUE(text) << text.error().to_string();
  EXPECT_EQ(*text,
            "rally_jobs: 1 queued, 1 running, 1 dead, 1 done, 0 cancelled\n"
            "id  type          state    attempt  run_at                last_error\n"
            "3   send_email    queued   0/20     2024-05-01 13:00:00Z\n"
            "4   resize_image  running  1/20     2024-05-01 12:00:00Z\n"
            "1   boom          dead     1/20     2024-05-01 12:00:00Z  bad input at line 2\n");
  EXPECT_NE(rally::jobs::describe(db, 0).value().find("(3 more not listed)"), std::string::npos);
}

}  // namespace
