// rally::jobs: the rows. Every statement of the queue is here, so the table's invariants (who may
// change a running job, what frees a unique key) can be read in one place.
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <span>
#include <utility>

#include "jobs_queue.hpp"
#include "own_migrations.hpp"
#include "rally/db/transaction.hpp"

namespace rally::jobs {

namespace {

// Prefixes a database error with the operation, so every message says what failed.
rally::db::Error in(std::string_view what, rally::db::Error e) {
  e.message = "rally::jobs::" + std::string(what) + ": " + e.message;
  return e;
}

rally::db::Error own_error(std::string_view what, std::string message) {
  return rally::db::Error{"rally::jobs::" + std::string(what) + ": " + std::move(message), 0, {}, {}, 0};
}

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Runs an UPDATE/DELETE; the number of rows it changed.
template <class... A>
rally::db::Result<std::int64_t> changed(rally::db::Connection& db, std::string_view what, std::string_view sql,
                                        const A&... args) {
  if (auto ran = db.execute(sql, args...); !ran) return rally::err(in(what, std::move(ran.error())));
  return db.changes();
}

}  // namespace

void migrate(rally::db::Connection& db) { rally::server::apply_own_migrations(db); }

rally::db::Result<std::optional<std::int64_t>> enqueue_encoded(rally::db::Connection& db, std::string_view type,
                                                               std::string_view payload,
                                                               const EnqueueOptions& options) {
  if (type.empty()) return rally::err(own_error("enqueue_encoded", "the job type is empty"));
  if (options.max_attempts < 1) {
    return rally::err(own_error("enqueue_encoded", "max_attempts is " + std::to_string(options.max_attempts) +
                                                       " for job type '" + std::string(type) + "': it must be at least 1"));
  }
  const TimePoint created = now();
  const TimePoint run_at = options.run_at.value_or(created);
  // DO NOTHING covers the partial unique index: a duplicate key inserts no row, so RETURNING
  // gives none, which is the dedupe answer.
  auto stmt = db.prepare(
      "INSERT INTO rally_jobs (type, payload, state, attempt, max_attempts, run_at, unique_key, created_at) "
      "VALUES (?, ?, 'queued', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
  if (!stmt) return rally::err(in("enqueue_encoded", std::move(stmt.error())));
  std::optional<std::string_view> key;
  if (!options.unique_key.empty()) key = options.unique_key;
  if (auto bound = stmt->bind_all(type, bytes(payload), options.max_attempts, detail::to_ms(run_at), key,
                                  detail::to_ms(created));
      !bound)
    return rally::err(in("enqueue_encoded", std::move(bound.error())));
  auto row = stmt->step();
  if (!row) return rally::err(in("enqueue_encoded", std::move(row.error())));
  if (!*row) return std::optional<std::int64_t>();
  const std::int64_t id = stmt->column_int64(0);
  if (auto end = stmt->step(); !end) return rally::err(in("enqueue_encoded", std::move(end.error())));
  detail::notify_enqueued();
  return std::optional<std::int64_t>(id);
}

rally::db::Result<bool> cancel(rally::db::Connection& db, std::int64_t id) {
  auto n = changed(db, "cancel",
                   "UPDATE rally_jobs SET state = 'cancelled', finished_at = ?, lease_until = NULL "
                   "WHERE id = ? AND state IN ('queued', 'running')",
                   detail::to_ms(now()), id);
  if (!n) return rally::err(std::move(n.error()));
  return *n > 0;
}

rally::db::Result<bool> retry(rally::db::Connection& db, std::int64_t id) {
  auto n = changed(db, "retry",
                   "UPDATE rally_jobs SET state = 'queued', run_at = ?, finished_at = NULL, lease_until = NULL, "
                   "max_attempts = max(max_attempts, attempt + 1) WHERE id = ? AND state IN ('dead', 'cancelled')",
                   detail::to_ms(now()), id);
  if (!n) return rally::err(std::move(n.error()));
  if (*n > 0) detail::notify_enqueued();
  return *n > 0;
}

namespace detail {

std::int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_ms(std::int64_t ms) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

std::string utc_text(TimePoint t, char sep) {
  const std::time_t secs = static_cast<std::time_t>(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
  std::tm tm{};
  if (gmtime_r(&secs, &tm) == nullptr) return "?";
  char out[40];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d%c%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, sep,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

std::string process_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] != '\0' ? host : "localhost") + ":" + std::to_string(::getpid());
}

rally::db::Result<bool> any_due(rally::db::Connection& db, TimePoint now) {
  const std::int64_t t = to_ms(now);
  auto due = db.query_value<std::int64_t>(
      "SELECT EXISTS (SELECT 1 FROM rally_jobs WHERE state = 'queued' AND run_at <= ?) "
      "OR EXISTS (SELECT 1 FROM rally_jobs WHERE state = 'running' AND lease_until <= ?)",
      t, t);
  if (!due) return rally::err(in("poll", std::move(due.error())));
  return *due != 0;
}

rally::db::Result<std::optional<Claimed>> claim(rally::db::Connection& db, std::string_view worker, TimePoint now,
                                                std::chrono::milliseconds lease) {
  using R = rally::db::Result<std::optional<Claimed>>;
  const std::int64_t t = to_ms(now);
  // BEGIN IMMEDIATE (a SAVEPOINT inside the caller's transaction): two workers, in this process or
  // another, never claim the same job.
  return rally::db::transaction(db, [&](rally::db::Connection& c) -> R {
    if (auto n = changed(c, "claim",
                         "UPDATE rally_jobs SET state = 'dead', finished_at = ?1, lease_until = NULL, "
                         "last_error = 'attempt ' || attempt || '/' || max_attempts || ' did not finish: its lease "
                         "expired (the worker stopped or was killed), and no attempts are left' "
                         "WHERE state = 'running' AND lease_until <= ?1 AND attempt >= max_attempts",
                         t);
        !n)
      return rally::err(std::move(n.error()));
    std::int64_t id = 0;
    for (const char* pick : {"SELECT id FROM rally_jobs WHERE state = 'running' AND lease_until <= ? "
                             "ORDER BY lease_until, id LIMIT 1",
                             "SELECT id FROM rally_jobs WHERE state = 'queued' AND run_at <= ? "
                             "ORDER BY run_at, id LIMIT 1"}) {
      auto stmt = c.prepare(pick);
      if (!stmt) return rally::err(in("claim", std::move(stmt.error())));
      if (auto bound = stmt->bind_all(t); !bound) return rally::err(in("claim", std::move(bound.error())));
      auto row = stmt->step();
      if (!row) return rally::err(in("claim", std::move(row.error())));
      if (*row) {
        id = stmt->column_int64(0);
        break;
      }
    }
    if (id == 0) return std::optional<Claimed>();
    // A job taken back from an expired lease says so in last_error: the attempt did not fail, it vanished.
    auto stmt = c.prepare(
        "UPDATE rally_jobs SET state = 'running', attempt = attempt + 1, lease_until = ?, locked_by = ?, "
        "last_error = CASE WHEN state = 'running' THEN 'attempt ' || attempt || '/' || max_attempts || ' did not "
        "finish: its lease expired (the worker stopped or was killed)' ELSE last_error END "
        "WHERE id = ? RETURNING type, payload, attempt, max_attempts");
    if (!stmt) return rally::err(in("claim", std::move(stmt.error())));
    if (auto bound = stmt->bind_all(t + lease.count(), worker, id); !bound)
      return rally::err(in("claim", std::move(bound.error())));
    auto row = stmt->step();
    if (!row) return rally::err(in("claim", std::move(row.error())));
    if (!*row) return rally::err(own_error("claim", "job " + std::to_string(id) + " vanished while being claimed"));
    Claimed job;
    job.id = id;
    job.type = stmt->column_text(0);
    const rally::db::Blob payload = stmt->column_blob(1);
    job.payload.assign(payload.begin(), payload.end());
    job.attempt = stmt->column<int>(2);
    job.max_attempts = stmt->column<int>(3);
    job.worker = std::string(worker);
    if (auto end = stmt->step(); !end) return rally::err(in("claim", std::move(end.error())));
    return std::optional<Claimed>(std::move(job));
  });
}

// Every outcome is guarded by the claim (id, locked_by, attempt, still running): a worker whose
// lease ran out, or whose job was cancelled, changes nothing.
rally::db::Result<bool> mark_done(rally::db::Connection& db, const Claimed& job, TimePoint now) {
  auto n = changed(db, "mark_done",
                   "UPDATE rally_jobs SET state = 'done', finished_at = ?, lease_until = NULL "
                   "WHERE id = ? AND state = 'running' AND locked_by = ? AND attempt = ?",
                   to_ms(now), job.id, job.worker, job.attempt);
  if (!n) return rally::err(std::move(n.error()));
  return *n > 0;
}

rally::db::Result<bool> mark_retry(rally::db::Connection& db, const Claimed& job, std::string_view error,
                                   TimePoint run_at) {
  auto n = changed(db, "mark_retry",
                   "UPDATE rally_jobs SET state = 'queued', run_at = ?, lease_until = NULL, last_error = ? "
                   "WHERE id = ? AND state = 'running' AND locked_by = ? AND attempt = ?",
                   to_ms(run_at), error, job.id, job.worker, job.attempt);
  if (!n) return rally::err(std::move(n.error()));
  return *n > 0;
}

rally::db::Result<bool> mark_dead(rally::db::Connection& db, const Claimed& job, std::string_view error,
                                  TimePoint now) {
  auto n = changed(db, "mark_dead",
                   "UPDATE rally_jobs SET state = 'dead', finished_at = ?, lease_until = NULL, last_error = ? "
                   "WHERE id = ? AND state = 'running' AND locked_by = ? AND attempt = ?",
                   to_ms(now), error, job.id, job.worker, job.attempt);
  if (!n) return rally::err(std::move(n.error()));
  return *n > 0;
}

rally::db::Result<bool> renew_lease(rally::db::Connection& db, const Claimed& job, TimePoint lease_until) {
  auto n = changed(db, "renew_lease", "UPDATE rally_jobs SET lease_until = ? "
                   "WHERE id = ? AND state = 'running' AND locked_by = ? AND attempt = ?",
                   to_ms(lease_until), job.id, job.worker, job.attempt);
  if (!n) return rally::err(std::move(n.error()));
  return *n > 0;
}

rally::db::Result<std::int64_t> prune(rally::db::Connection& db, TimePoint now, std::chrono::milliseconds retention,
                                      std::chrono::milliseconds dead_retention) {
  // Batches keep each write transaction short; a backlog is worked off over several polls.
  constexpr int batch = 1000;
  constexpr int max_batches = 20;
  std::int64_t total = 0;
  for (int i = 0; i < max_batches; ++i) {
    auto n = changed(db, "prune",
                     "DELETE FROM rally_jobs WHERE id IN (SELECT id FROM rally_jobs "
                     "WHERE (state IN ('done', 'cancelled') AND finished_at < ?) OR (state = 'dead' AND finished_at < ?) "
                     "LIMIT ?)",
                     to_ms(now) - retention.count(), to_ms(now) - dead_retention.count(), batch);
    if (!n) return rally::err(std::move(n.error()));
    total += *n;
    if (*n < batch) break;
  }
  return total;
}

rally::db::Result<std::optional<std::int64_t>> enqueue_slot(rally::db::Connection& db, const Schedule& schedule,
                                                            TimePoint slot, TimePoint now) {
  using R = rally::db::Result<std::optional<std::int64_t>>;
  const std::string key = schedule.unique_key(slot);
  const std::string what = "schedule '" + schedule.name + "'";
  // Looked up in every state, in one write transaction: a slot already run (and done) is not
  // enqueued again by a process whose clock is a little behind.
  return rally::db::transaction(db, [&](rally::db::Connection& c) -> R {
    auto stmt = c.prepare(
        "INSERT INTO rally_jobs (type, payload, state, attempt, max_attempts, run_at, unique_key, created_at) "
        "SELECT ?1, ?2, 'queued', 0, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM rally_jobs WHERE unique_key = ?5) "
        "ON CONFLICT DO NOTHING RETURNING id");
    if (!stmt) return rally::err(in(what, std::move(stmt.error())));
    if (auto bound = stmt->bind_all(schedule.type, bytes(schedule.payload), schedule.max_attempts, to_ms(slot), key,
                                    to_ms(now));
        !bound)
      return rally::err(in(what, std::move(bound.error())));
    auto row = stmt->step();
    if (!row) return rally::err(in(what, std::move(row.error())));
    if (!*row) return std::optional<std::int64_t>();
    const std::int64_t id = stmt->column_int64(0);
    if (auto end = stmt->step(); !end) return rally::err(in(what, std::move(end.error())));
    return std::optional<std::int64_t>(id);
  });
}

// ---- wakeups ----

namespace {
struct Wakeup {
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t generation = 0;
};
Wakeup& wakeup() {
  static Wakeup w;
  return w;
}
}  // namespace

std::uint64_t enqueue_generation() {
  std::lock_guard lock(wakeup().mutex);
  return wakeup().generation;
}

void notify_enqueued() {
  {
    std::lock_guard lock(wakeup().mutex);
    ++wakeup().generation;
  }
  wakeup().changed.notify_all();
}

void wait_for_enqueue(std::uint64_t seen, std::chrono::milliseconds timeout, const std::atomic<bool>& stopping) {
  std::unique_lock lock(wakeup().mutex);
  wakeup().changed.wait_for(lock, timeout, [&] { return wakeup().generation != seen || stopping.load(); });
}

}  // namespace detail
}  // namespace rally::jobs
