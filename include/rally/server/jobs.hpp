#pragma once
// rally::jobs: durable background jobs in the app's SQLite database. Boost-free, without sqlite3.h,
// and within what the WASM client's C++ library has (no <stop_token>): app code includes it,
// possibly through a page's ServerContext. This is the type-erased core: a job is a type *name* and an
// encoded payload (typed enqueue/handlers are layered on top by generated codecs).
//
// Guarantees
// - Durable and transactional: a job is a row of rally_jobs (created by Rally's own migration
//   track, see migrate()). enqueue_encoded() inserts it on the caller's connection, so inside
//   rally::db::transaction() it commits or rolls back together with the caller's own writes.
// - At least once: a worker claims a due job atomically (queued -> running, attempt + 1) with a
//   lease (60 s by default) that a heartbeat renews every lease/3 while the handler runs. If the
//   process dies mid-job, the lease runs out and any runner claims the job again as a new attempt
//   (an attempt whose lease ran out with no attempts left makes the job dead). So a handler may run
//   more than once for one job: make it idempotent, or record its effect in the database in one
//   transaction with a marker it checks first. The handler's own writes use the job's connection
//   (JobContext::db()) and are not part of the claim: wrap them in rally::db::transaction() to make
//   them all-or-nothing. The outcome of a run is recorded only if the job is still the run's own
//   (same worker and attempt, not cancelled): a worker that lost its lease cannot overwrite the
//   newer attempt's result.
// - Retries: a handler fails by throwing; what() is kept as last_error and the job is queued again
//   after the backoff delay of the attempt n (1-based) that failed:
//       delay(n) = min(base * 2^(n-1), cap) * (1 + u),   u uniform in [-jitter, +jitter]
//   with base 15 s, cap 1 h, jitter 0.2 (15 s, 30 s, 1 min, ... then about hourly; 20 attempts span
//   about 12 hours). After max_attempts failed attempts (20 by default), or at once when the handler
//   throws PermanentFailure, the job is `dead`: kept with its last_error, never run again unless
//   retry() is called. A job whose type has no handler fails like any other ("no handler for job
//   type 'x'"), so a later deploy that adds the handler still runs it.
// - Unique keys: a non-empty EnqueueOptions::unique_key dedupes against the *unfinished* (queued or
//   running) jobs with that key: enqueue_encoded() then inserts nothing and returns nullopt. Once
//   that job is done, dead or cancelled, the key can be used again.
// - Recurring: Registry::every() and daily_at() keep one job queued for the schedule's next slot.
//   Slots are aligned to the Unix epoch in UTC (every(1h) runs on the hour, every(24h) at 00:00
//   UTC). The job's unique key is "schedule:<name>@<slot, ISO 8601 UTC>", and a slot is enqueued
//   only if no job with that key exists in any state (one write transaction), so several processes,
//   runners or restarts never schedule a slot twice. Slots missed while no runner was up are not
//   caught up: the next slot after the runner starts is scheduled.
// - Order: due jobs are claimed oldest run_at first (jobs whose lease ran out before those);
//   several workers run jobs concurrently, so nothing orders their completion.
// - Shutdown: Runner::stop(deadline) stops claiming, tells the running jobs (JobContext::
//   stop_requested(), wait_for_stop()), waits up to the deadline for the running jobs, and returns how many
//   were still running. Their workers go on detached until the handler returns (the heartbeat keeps
//   renewing their leases meanwhile, and the outcome is recorded if the process is still alive); if
//   the process exits first, their lease runs out and the job runs again elsewhere or after the
//   restart.
// - Retention: done and cancelled jobs are deleted 7 days after they finished, dead ones after
//   30 days (RunnerOptions), by the Runner while it polls.
// - Time: every time in rally_jobs is unix milliseconds, read from a Clock: the real clock unless a
//   test sets one (set_clock(), RunnerOptions::clock, run_pending()'s argument).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rally/db/connection.hpp"

namespace rally::db {
class Pool;
}
namespace rally::server {
class App;
}

namespace rally::jobs {

namespace detail {
struct RunnerState;
struct StopFlag;
}

using TimePoint = std::chrono::system_clock::time_point;

// ---- time ----

// Now, for the jobs code. Tests replace it to control time.
using Clock = std::function<TimePoint()>;

// The process's clock for rally::jobs: what enqueue_encoded() stamps (created_at, and run_at when
// none is given), and what run_pending() and Runner use when they are given no clock. An empty
// Clock restores the real one. Returns the previous clock. Thread-safe.
Clock set_clock(Clock clock);
// The process clock's now.
TimePoint now();

// ---- the database ----

// Creates or updates Rally's own tables (rally_jobs, and the session table: one track) in `db`'s
// database. The Runner does it when it starts; a test of app code on a rally::test_db database
// calls it once before enqueuing. Throws std::runtime_error naming the database when it cannot.
void migrate(rally::db::Connection& db);

struct EnqueueOptions {
  std::optional<TimePoint> run_at;  // not run before this; unset: now
  std::string unique_key;           // non-empty: at most one unfinished job with this key
  int max_attempts = 20;            // at least 1
};

// Inserts a job on the caller's connection (joining its transaction, if any). Returns the new
// job's id, or nullopt when an unfinished job with the same unique_key exists (not an error).
// Errors: an empty type, max_attempts < 1, or the database's (e.g. migrate() was never run).
// The runners of this process are woken at once; inside a transaction, their claim waits for the
// commit (the in-process write queue), so the job is picked up as soon as it is visible.
rally::db::Result<std::optional<std::int64_t>> enqueue_encoded(rally::db::Connection& db, std::string_view type,
                                                               std::string_view payload,
                                                               const EnqueueOptions& options = {});

// Cancels a queued or running job: it will not run (again). A running handler is not interrupted,
// but its outcome is ignored. False when the job does not exist or has already finished.
rally::db::Result<bool> cancel(rally::db::Connection& db, std::int64_t id);
// Queues a dead or cancelled job again, due now, with one more attempt allowed if it had used
// them all. False when the job does not exist or is not dead or cancelled. An error if its unique
// key is taken by an unfinished job meanwhile.
rally::db::Result<bool> retry(rally::db::Connection& db, std::int64_t id);

// ---- handlers ----

// What a handler knows about the job it runs.
class JobContext {
 public:
  // `stop` null: never stopping (run_pending()).
  JobContext(std::int64_t id, std::string type, int attempt, int max_attempts, rally::db::Connection& db,
             const detail::StopFlag* stop = nullptr)
      : id_(id), type_(std::move(type)), attempt_(attempt), max_attempts_(max_attempts), db_(&db), stop_(stop) {}

  std::int64_t id() const noexcept { return id_; }
  const std::string& type() const noexcept { return type_; }
  int attempt() const noexcept { return attempt_; }  // 1 on the first run
  int max_attempts() const noexcept { return max_attempts_; }
  // The connection this run may use: leased from the pool for the run (run_pending(): the
  // caller's). Its writes are not part of the claim; wrap them in rally::db::transaction().
  rally::db::Connection& db() const noexcept { return *db_; }
  // True once the runner is stopping: a long job may end early (throwing, so it runs again later).
  bool stop_requested() const noexcept;
  // A pause that ends early when the runner stops (use it instead of sleeping, so shutdown does
  // not wait for the pause). True when the runner is stopping.
  bool wait_for_stop(std::chrono::milliseconds timeout) const;

 private:
  std::int64_t id_;
  std::string type_;
  int attempt_;
  int max_attempts_;
  rally::db::Connection* db_;
  const detail::StopFlag* stop_;
};

// Runs one job. Returning means success; throwing means failure (what() becomes last_error).
using Handler = std::function<void(std::string_view payload, JobContext& ctx)>;

// Thrown by a handler for a failure that retrying cannot fix (a payload that does not decode, a
// record that is gone): the job is dead at once, with what() as last_error.
class PermanentFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A recurring job: its slots are epoch + offset + k * interval (UTC).
struct Schedule {
  std::string name;
  std::chrono::milliseconds interval{0};
  std::chrono::milliseconds offset{0};  // daily_at(): the time of day; every(): 0
  std::string type;
  std::string payload;
  int max_attempts = 20;

  // The first slot strictly after `t`.
  TimePoint next_slot(TimePoint t) const;
  // "schedule:<name>@2024-05-01T03:00:00Z": the unique key of the slot's job.
  std::string unique_key(TimePoint slot) const;
};

// The app's job types (handlers by type name) and recurring schedules. Built at startup, then
// read-only (the Runner keeps its own copy).
class Registry {
 public:
  // Throws std::invalid_argument for an empty type, an empty handler or a type registered twice.
  Registry& add(std::string type, Handler handler);
  // Throws std::invalid_argument for an empty or duplicate name, an empty type, or an interval
  // under 1 s.
  Registry& every(std::string name, std::chrono::seconds interval, std::string type, std::string payload = {},
                  int max_attempts = 20);
  // Every day at hour:minute UTC. Throws std::invalid_argument as every(), and for an hour outside
  // 0..23 or a minute outside 0..59.
  Registry& daily_at(std::string name, int hour, int minute, std::string type, std::string payload = {},
                     int max_attempts = 20);

  const Handler* find(std::string_view type) const;
  const std::vector<Schedule>& schedules() const noexcept { return schedules_; }

 private:
  Registry& schedule(Schedule s);
  std::map<std::string, Handler, std::less<>> handlers_;
  std::vector<Schedule> schedules_;
};

// Enqueues the next slot after `at` of every schedule whose slot has no job yet (see Recurring
// above). Returns how many jobs it enqueued. The Runner calls it while it polls; run_pending() too.
rally::db::Result<int> enqueue_scheduled(rally::db::Connection& db, const Registry& registry, TimePoint at);

// ---- typed jobs ----

// A job type is a struct whose fields are its arguments, with a static perform:
//
//   struct PostDigest {
//     std::int64_t room = 0;
//     static void perform(const PostDigest& job, ServerContext& ctx);  // throws to fail
//   };
//   rally::jobs::enqueue(ctx.db, PostDigest{7});
//
// rally-gen finds it in the headers it reads (the pages, what they include, and rally_add_app's
// HEADERS) and writes its codecs and job_ops<T>() into the generated server; the server's runner
// runs perform with a new ServerContext whose ctx.db is the job's connection.
struct JobOps {
  std::string_view type;  // the struct's qualified name: rally_jobs.type
  std::string (*encode)(const void* job) = nullptr;
};
template <class Job>
const JobOps& job_ops();

// Enqueues a typed job (see enqueue_encoded). A job type may declare its default attempts as
// `static constexpr int max_attempts = N;` (used when `options` leaves the default).
template <class Job>
rally::db::Result<std::optional<std::int64_t>> enqueue(rally::db::Connection& db, const Job& job,
                                                       EnqueueOptions options = {}) {
  if constexpr (requires { Job::max_attempts; }) {
    if (options.max_attempts == EnqueueOptions{}.max_attempts) options.max_attempts = Job::max_attempts;
  }
  const JobOps& ops = job_ops<Job>();
  return enqueue_encoded(db, ops.type, ops.encode(&job), options);
}

// The job types of an app made by rally-gen, as the server's runner runs them: for tests of app
// code, with run_pending(db, registry_of(*app)).
Registry registry_of(const server::App& app);

// ---- running ----

// The retry delay (the formula at the top of this file).
struct Backoff {
  std::chrono::milliseconds base{15'000};
  std::chrono::milliseconds cap{3'600'000};
  double jitter = 0.2;

  // The delay after failed attempt `attempt` (1-based); `unit` in [0, 1] picks the jitter
  // (0: -jitter, 0.5: none, 1: +jitter).
  std::chrono::milliseconds delay(int attempt, double unit) const;
  // The same with a random unit.
  std::chrono::milliseconds delay(int attempt) const;
};

struct RunSummary {
  int succeeded = 0;
  int retried = 0;  // failed, queued again after the backoff
  int dead = 0;     // failed for the last time (or PermanentFailure)
  int lost = 0;     // finished after the job stopped being this run's (cancelled meanwhile)
  std::vector<std::string> failures;  // "job 3 (send_email) attempt 1/20: <what()>"
  int ran() const noexcept { return succeeded + retried + dead + lost; }
};

// For tests of app code: enqueues the due schedules' next slots, then runs every due job on the
// calling thread with `db` until none is due at the clock's now (a failed job is due again only
// after its backoff: advance the clock). `clock` empty: the process clock (set_clock()).
// Database errors stop it and are returned; handler failures are counted in the summary.
rally::db::Result<RunSummary> run_pending(rally::db::Connection& db, const Registry& registry,
                                          const Clock& clock = {}, const Backoff& backoff = {});

// What a Runner reports (RunnerOptions::on_event).
struct Event {
  enum class Kind {
    succeeded,
    retry_scheduled,  // failed; run_at is the next attempt
    dead,             // failed for the last time
    lost,             // finished, but the job was no longer this run's (cancelled, or its lease was lost)
    lease_renewed,    // the heartbeat extended a running job's lease to lease_until
    scheduled,        // the heartbeat enqueued a recurring slot: message is the schedule, run_at the slot
    error,            // a database error of the runner itself (it keeps polling); message says what
  };
  Kind kind = Kind::error;
  std::int64_t job_id = 0;
  std::string type;
  int attempt = 0;
  int max_attempts = 0;
  std::string message;                    // the failure's what(), or the runner's error
  std::optional<TimePoint> run_at;        // retry_scheduled, scheduled
  std::optional<TimePoint> lease_until;   // lease_renewed
};

struct RunnerOptions {
  int workers = 2;
  std::chrono::milliseconds poll_interval{1000};     // also woken at once by enqueues of this process
  std::chrono::milliseconds lease{60'000};
  std::chrono::milliseconds heartbeat_interval{0};   // 0: lease / 3
  Backoff backoff;
  std::chrono::milliseconds retention{7LL * 24 * 3600 * 1000};        // done and cancelled jobs
  std::chrono::milliseconds dead_retention{30LL * 24 * 3600 * 1000};  // dead jobs
  Clock clock;        // empty: the process clock (set_clock())
  std::string name;   // locked_by is "<name>.<worker>"; empty: "<hostname>:<pid>/<runner number>"
  // Called on the runner's threads (never two at once for one runner). Empty: failures, dead
  // jobs and errors are logged to stderr.
  std::function<void(const Event&)> on_event;
};

// Worker threads that claim and run due jobs, plus one heartbeat thread (lease renewal, recurring
// schedules, pruning) with its own connection, so a busy pool never starves lease renewal. Each
// worker leases a pool connection per poll and keeps it while the job it claimed runs: size the
// pool for the server's threads plus `workers`.
class Runner {
 public:
  // Applies Rally's migrations and starts the threads. Throws std::invalid_argument for bad
  // options, std::runtime_error when the database cannot be prepared.
  Runner(std::shared_ptr<rally::db::Pool> pool, Registry registry, RunnerOptions options = {});
  // stop(now): waits for no job, only for idle threads to leave (see stop()).
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // No new claims; tells the running jobs (JobContext::stop_requested()); waits until every worker has
  // left or `deadline` passes. Returns how many jobs were still running then (see Shutdown above).
  // Idle threads are always waited for (they leave at once, or after a database wait of at most a
  // few seconds). May be called again: it then waits for the detached workers again.
  std::size_t stop(std::chrono::steady_clock::time_point deadline);
  // Jobs running now.
  std::size_t running() const;

 private:
  std::shared_ptr<detail::RunnerState> state_;
};

// ---- inspecting ----

struct JobInfo {
  std::int64_t id = 0;
  std::string type;
  std::string state;  // queued, running, done, dead, cancelled
  int attempt = 0;
  int max_attempts = 0;
  TimePoint run_at;
  std::optional<TimePoint> lease_until;
  std::string locked_by;
  std::string unique_key;
  std::string last_error;
  TimePoint created_at;
  std::optional<TimePoint> finished_at;
};

struct JobCounts {
  std::int64_t queued = 0, running = 0, done = 0, dead = 0, cancelled = 0;
};

// The queued (soonest first), running and dead (latest first) jobs, at most `limit` of each state.
rally::db::Result<std::vector<JobInfo>> list_jobs(rally::db::Connection& db, std::size_t limit = 100);
rally::db::Result<JobCounts> count_jobs(rally::db::Connection& db);
// A readable table of list_jobs() under a line of counts, as `./app --jobs` prints it:
//   rally_jobs: 2 queued, 1 running, 1 dead, 14 done, 0 cancelled
//   id  type        state    attempt  run_at                last_error
//   7   send_email  queued   1/20     2024-05-01 12:00:15Z  smtp: connection refused
rally::db::Result<std::string> describe(rally::db::Connection& db, std::size_t limit = 100);
std::string format_jobs(const JobCounts& counts, const std::vector<JobInfo>& jobs);

}  // namespace rally::jobs
