#pragma once
// Private: the SQL of rally::jobs (claim, outcome, lease renewal, pruning, recurring slots) and the
// one way a claimed job is run, shared by run_pending() and the Runner's workers. Boost-free.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>

#include "rally/db/connection.hpp"
#include "rally/server/jobs.hpp"

namespace rally::jobs::detail {

std::int64_t to_ms(TimePoint t);
TimePoint from_ms(std::int64_t ms);
// "2024-05-01 12:00:00Z" (`sep` ' ') or "2024-05-01T12:00:00Z" (`sep` 'T'); milliseconds dropped.
std::string utc_text(TimePoint t, char sep = ' ');
// "<hostname>:<pid>": who claims, in locked_by.
std::string process_name();

// A job this worker holds: (id, worker, attempt) is the claim; an outcome is recorded only while
// the row still carries it.
struct Claimed {
  std::int64_t id = 0;
  std::string type;
  std::string payload;
  int attempt = 0;
  int max_attempts = 0;
  std::string worker;
};

// Cheap read: is any job due (queued and run_at <= now, or running with its lease run out)?
rally::db::Result<bool> any_due(rally::db::Connection& db, TimePoint now);
// In one write transaction: makes dead the expired running jobs with no attempts left, then claims
// the oldest due job for `worker` (running, attempt + 1, lease_until = now + lease).
rally::db::Result<std::optional<Claimed>> claim(rally::db::Connection& db, std::string_view worker, TimePoint now,
                                                std::chrono::milliseconds lease);
// false: the job is no longer this claim's (cancelled, or reclaimed after its lease ran out).
rally::db::Result<bool> mark_done(rally::db::Connection& db, const Claimed& job, TimePoint now);
rally::db::Result<bool> mark_retry(rally::db::Connection& db, const Claimed& job, std::string_view error,
                                   TimePoint run_at);
rally::db::Result<bool> mark_dead(rally::db::Connection& db, const Claimed& job, std::string_view error, TimePoint now);
rally::db::Result<bool> renew_lease(rally::db::Connection& db, const Claimed& job, TimePoint lease_until);
// Deletes finished jobs past their retention, in batches; returns how many.
rally::db::Result<std::int64_t> prune(rally::db::Connection& db, TimePoint now, std::chrono::milliseconds retention,
                                      std::chrono::milliseconds dead_retention);
// Enqueues the schedule's job for `slot` unless a job with the slot's key exists in any state.
// The new job's id, or nullopt when the slot has its job already.
rally::db::Result<std::optional<std::int64_t>> enqueue_slot(rally::db::Connection& db, const Schedule& schedule, TimePoint slot,
                                     TimePoint now);

// What JobContext::stop_requested()/wait_for_stop() read: set once, by Runner::stop().
struct StopFlag {
  std::atomic<bool> requested{false};
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  void request() {
    {
      std::lock_guard lock(mutex);
      requested = true;
    }
    changed.notify_all();
  }
};

// How running one claimed job ended.
struct Outcome {
  enum class Kind { succeeded, retried, dead, lost } kind = Kind::succeeded;
  std::string error;                // the failure (retried, dead; lost when it had failed)
  std::optional<TimePoint> run_at;  // retried: the next attempt
};
// Finds the handler, runs it with `db`, and records the outcome on `db`. A database error while
// recording is returned (the job's lease then runs out and it runs again).
rally::db::Result<Outcome> execute(rally::db::Connection& db, const Registry& registry, const Claimed& job,
                                   const Clock& clock, const Backoff& backoff, const StopFlag* stop = nullptr);

// In-process wakeups: enqueue_encoded() bumps a generation; idle workers wait for it to change.
std::uint64_t enqueue_generation();
void notify_enqueued();
// Waits until the generation differs from `seen`, `stopping` is set (notify_enqueued() after
// setting it), or `timeout` passes.
void wait_for_enqueue(std::uint64_t seen, std::chrono::milliseconds timeout, const std::atomic<bool>& stopping);

}  // namespace rally::jobs::detail
