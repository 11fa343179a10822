// rally::jobs::Runner: worker threads that claim and run jobs, and a heartbeat thread that renews
// their leases, enqueues recurring slots and prunes. Everything the threads touch lives in
// RunnerState, which each thread co-owns: a worker still busy when stop() gives up on it is
// detached and finishes safely after the Runner object is gone.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "jobs_queue.hpp"
#include "log.hpp"
#include "rally/db/pool.hpp"

namespace rally::jobs {

namespace detail {

struct RunnerState {
  std::shared_ptr<rally::db::Pool> pool;
  Registry registry;
  RunnerOptions options;
  Clock clock;
  std::string name;
  std::chrono::milliseconds heartbeat{0};
  std::unique_ptr<rally::db::Connection> heartbeat_db;  // its own: a busy pool must not starve renewals

  std::atomic<bool> stopping{false};  // no new claims, no scheduling
  StopFlag stop_flag;                 // what running jobs see

  std::mutex mutex;                  // guards what follows
  std::condition_variable changed;   // a thread exited, or stop() began
  std::map<int, Claimed> running;    // by worker index
  int workers_alive = 0;
  std::vector<bool> worker_exited;
  bool heartbeat_alive = false;

  std::mutex threads_mutex;  // stop() joins or detaches these once
  std::vector<std::thread> workers;
  std::thread heartbeat_thread;

  std::mutex event_mutex;  // on_event never runs twice at once
  void report(const Event& e);
  void report_error(std::string message) {
    Event e;
    e.kind = Event::Kind::error;
    e.message = std::move(message);
    report(e);
  }
};

void RunnerState::report(const Event& e) {
  std::lock_guard lock(event_mutex);
  if (options.on_event) {
    try {
      options.on_event(e);
    } catch (...) {
      // An observer's bug must not take a worker down with it.
    }
    return;
  }
  const std::string job = "job " + std::to_string(e.job_id) + " (" + e.type + ") attempt " +
                          std::to_string(e.attempt) + "/" + std::to_string(e.max_attempts);
  switch (e.kind) {
    case Event::Kind::retry_scheduled:
      rally::server::log_line("jobs: " + job + " failed: " + e.message + "; next attempt at " +
                              (e.run_at ? utc_text(*e.run_at) : std::string("?")));
      break;
    case Event::Kind::dead: rally::server::log_line("jobs: " + job + " failed for the last time (dead): " + e.message); break;
    case Event::Kind::lost:
      rally::server::log_line("jobs: " + job + " finished after it was cancelled or its lease was lost; outcome ignored");
      break;
    case Event::Kind::error: rally::server::log_line("jobs: " + e.message); break;
    case Event::Kind::succeeded:
    case Event::Kind::lease_renewed:
    case Event::Kind::scheduled: break;
  }
}

namespace {

Event job_event(Event::Kind kind, const Claimed& job) {
  Event e;
  e.kind = kind;
  e.job_id = job.id;
  e.type = job.type;
  e.attempt = job.attempt;
  e.max_attempts = job.max_attempts;
  return e;
}

// Claims and runs one job with a leased connection. True when a job ran (try again at once).
bool work_once(RunnerState& s, int index, const std::string& worker, bool claim_at_once) {
  auto lease = s.pool->acquire();
  if (!lease) {
    s.report_error("worker " + worker + ": cannot lease a database connection: " + lease.error().to_string());
    return false;
  }
  if (s.stopping) return false;
  rally::db::Connection& db = **lease;
  const TimePoint t = s.clock();
  // A timer poll reads first, so an idle queue costs no write transaction. After a wakeup the
  // claim goes first: its BEGIN IMMEDIATE waits for an enqueuing transaction of this process to
  // commit, where a read would not see the job yet.
  if (!claim_at_once) {
    auto due = any_due(db, t);
    if (!due) {
      s.report_error("worker " + worker + ": " + due.error().to_string());
      return false;
    }
    if (!*due) return false;
  }
  auto claimed = claim(db, worker, t, s.options.lease);
  if (!claimed) {
    s.report_error("worker " + worker + ": " + claimed.error().to_string());
    return false;
  }
  if (!*claimed) return false;
  const Claimed& job = **claimed;
  {
    std::lock_guard lock(s.mutex);
    s.running[index] = job;
  }
  auto outcome = execute(db, s.registry, job, s.clock, s.options.backoff, &s.stop_flag);
  {
    std::lock_guard lock(s.mutex);
    s.running.erase(index);
  }
  if (!outcome) {
    s.report_error("worker " + worker + ": job " + std::to_string(job.id) + " (" + job.type +
                   ") ran, but its outcome could not be recorded (it will run again when its lease expires): " +
                   outcome.error().to_string());
    return true;
  }
  Event e = job_event(Event::Kind::succeeded, job);
  e.message = outcome->error;
  switch (outcome->kind) {
    case Outcome::Kind::succeeded: break;
    case Outcome::Kind::retried:
      e.kind = Event::Kind::retry_scheduled;
      e.run_at = outcome->run_at;
      break;
    case Outcome::Kind::dead: e.kind = Event::Kind::dead; break;
    case Outcome::Kind::lost: e.kind = Event::Kind::lost; break;
  }
  s.report(e);
  return true;
}

void run_worker(std::shared_ptr<RunnerState> s, int index) {
  const std::string worker = s->name + "." + std::to_string(index);
  bool claim_at_once = true;  // a runner starting up may find a backlog
  while (!s->stopping) {
    const std::uint64_t seen = enqueue_generation();
    if (work_once(*s, index, worker, claim_at_once)) {
      claim_at_once = true;  // drain: the next job may be due already
      continue;
    }
    wait_for_enqueue(seen, s->options.poll_interval, s->stopping);
    claim_at_once = enqueue_generation() != seen;
  }
  {
    std::lock_guard lock(s->mutex);
    --s->workers_alive;
    s->worker_exited[static_cast<std::size_t>(index)] = true;
  }
  s->changed.notify_all();
}

void renew_leases(RunnerState& s) {
  std::vector<Claimed> jobs;
  {
    std::lock_guard lock(s.mutex);
    for (const auto& [index, job] : s.running) jobs.push_back(job);
  }
  for (const Claimed& job : jobs) {
    const TimePoint until = s.clock() + s.options.lease;
    auto renewed = renew_lease(*s.heartbeat_db, job, until);
    if (!renewed) {
      s.report_error("heartbeat: " + renewed.error().to_string());
    } else if (*renewed) {
      Event e = job_event(Event::Kind::lease_renewed, job);
      e.lease_until = until;
      s.report(e);
    }
  }
}

void run_heartbeat(std::shared_ptr<RunnerState> s) {
  using steady = std::chrono::steady_clock;
  constexpr auto prune_every = std::chrono::minutes(1);
  std::map<std::string, TimePoint> ensured;  // schedule -> the slot this runner already made sure of
  auto next_renew = steady::now() + s->heartbeat;
  auto next_poll = steady::now();
  auto next_prune = steady::now();
  // It outlives stop()'s deadline while a worker is still in a job: that job keeps its lease.
  auto done = [&] { return s->stopping && s->workers_alive == 0; };
  // Makes sure each schedule's next slot is queued (once per slot: enqueue_slot is idempotent).
  // `give_up_on_error`: a stopping runner does not wait out a busy database once per schedule.
  auto ensure_next_slots = [&](TimePoint at, bool give_up_on_error) {
    for (const auto& schedule : s->registry.schedules()) {
      const TimePoint slot = schedule.next_slot(at);
      if (auto found = ensured.find(schedule.name); found != ensured.end() && found->second == slot) continue;
      auto added = enqueue_slot(*s->heartbeat_db, schedule, slot, at);
      if (!added) {
        s->report_error("heartbeat: " + added.error().to_string());
        if (give_up_on_error) return;
        continue;
      }
      ensured[schedule.name] = slot;
      if (added->has_value()) {
        Event e;
        e.kind = Event::Kind::scheduled;
        e.job_id = **added;
        e.type = schedule.type;
        e.max_attempts = schedule.max_attempts;
        e.message = schedule.name;
        e.run_at = slot;
        s->report(e);
      }
    }
  };
  std::unique_lock lock(s->mutex);
  while (!done()) {
    const auto wake = s->stopping ? next_renew : std::min(next_renew, next_poll);
    s->changed.wait_until(lock, wake, done);
    if (done()) break;
    const auto t = steady::now();
    lock.unlock();
    if (t >= next_renew) {
      renew_leases(*s);
      next_renew = t + s->heartbeat;
    }
    if (!s->stopping && t >= next_poll) {
      const TimePoint at = s->clock();
      ensure_next_slots(at, false);
      if (t >= next_prune) {
        if (auto pruned = prune(*s->heartbeat_db, at, s->options.retention, s->options.dead_retention); !pruned)
          s->report_error("heartbeat: " + pruned.error().to_string());
        next_prune = t + prune_every;
      }
      next_poll = t + s->options.poll_interval;
    }
    lock.lock();
  }
  // The workers are gone. A slot that came due since the last poll ran, and its successor is not
  // queued yet: queue it now, so a stopped runner leaves every schedule's next slot in the queue.
  lock.unlock();
  ensure_next_slots(s->clock(), true);
  lock.lock();
  s->heartbeat_alive = false;
  lock.unlock();
  s->changed.notify_all();
}

std::string next_runner_name() {
  static std::atomic<int> runners{0};
  return process_name() + "/" + std::to_string(++runners);
}

}  // namespace
}  // namespace detail

Runner::Runner(std::shared_ptr<rally::db::Pool> pool, Registry registry, RunnerOptions options) {
  using std::chrono::milliseconds;
  if (!pool) throw std::invalid_argument("rally::jobs::Runner: no database pool");
  if (options.workers < 1)
    throw std::invalid_argument("rally::jobs::Runner: workers is " + std::to_string(options.workers) +
                                ": it must be at least 1");
  if (options.poll_interval <= milliseconds(0) || options.lease <= milliseconds(0))
    throw std::invalid_argument("rally::jobs::Runner: poll_interval and lease must be positive");
  const milliseconds heartbeat = options.heartbeat_interval > milliseconds(0) ? options.heartbeat_interval
                                                                                : options.lease / 3;
  if (heartbeat >= options.lease || heartbeat <= milliseconds(0))
    throw std::invalid_argument("rally::jobs::Runner: heartbeat_interval (" + std::to_string(heartbeat.count()) +
                                " ms) must be positive and shorter than the lease (" +
                                std::to_string(options.lease.count()) + " ms)");

  auto s = std::make_shared<detail::RunnerState>();
  std::string path;
  {
    auto lease = pool->acquire();
    if (!lease) throw std::runtime_error("rally::jobs::Runner: cannot lease a database connection: " + lease.error().to_string());
    migrate(**lease);
    path = (*lease)->path();
  }
  auto heartbeat_db = rally::db::open(path);
  if (!heartbeat_db)
    throw std::runtime_error("rally::jobs::Runner: cannot open the heartbeat's connection: " +
                             heartbeat_db.error().to_string());
  s->heartbeat_db = std::make_unique<rally::db::Connection>(std::move(*heartbeat_db));
  s->pool = std::move(pool);
  s->registry = std::move(registry);
  s->clock = options.clock ? options.clock : Clock(&now);
  s->name = options.name.empty() ? detail::next_runner_name() : options.name;
  s->heartbeat = heartbeat;
  s->options = std::move(options);
  s->worker_exited.assign(static_cast<std::size_t>(s->options.workers), true);
  s->workers.reserve(static_cast<std::size_t>(s->options.workers));
  state_ = s;
  try {
    std::lock_guard threads(s->threads_mutex);
    // Counted alive before each thread starts, so stop() waits only for threads that exist.
    {
      std::lock_guard lock(s->mutex);
      s->heartbeat_alive = true;
    }
    s->heartbeat_thread = std::thread(detail::run_heartbeat, s);
    for (int i = 0; i < s->options.workers; ++i) {
      {
        std::lock_guard lock(s->mutex);
        ++s->workers_alive;
        s->worker_exited[static_cast<std::size_t>(i)] = false;
      }
      try {
        s->workers.emplace_back(detail::run_worker, s, i);
      } catch (...) {
        std::lock_guard lock(s->mutex);
        --s->workers_alive;
        s->worker_exited[static_cast<std::size_t>(i)] = true;
        throw;
      }
    }
  } catch (...) {
    // A thread that could not start: stop the others before the exception leaves.
    {
      std::lock_guard lock(s->mutex);
      if (!s->heartbeat_thread.joinable()) s->heartbeat_alive = false;
    }
    stop(std::chrono::steady_clock::now());
    throw;
  }
}

Runner::~Runner() { stop(std::chrono::steady_clock::now()); }

std::size_t Runner::stop(std::chrono::steady_clock::time_point deadline) {
  // Idle threads leave within a database wait at most; this bounds the wait for them past the deadline.
  constexpr auto exit_grace = std::chrono::seconds(10);
  detail::RunnerState& s = *state_;
  s.stopping = true;
  s.stop_flag.request();
  detail::notify_enqueued();  // wakes the idle workers (they see `stopping`)
  std::lock_guard threads(s.threads_mutex);
  std::unique_lock lock(s.mutex);
  s.changed.notify_all();
  s.changed.wait_until(lock, deadline, [&] { return s.workers_alive == 0; });
  s.changed.wait_for(lock, exit_grace, [&] { return static_cast<std::size_t>(s.workers_alive) == s.running.size(); });
  const std::size_t busy = s.running.size();
  // The heartbeat leaves with the last worker (it renews the leases of the busy ones until then).
  s.changed.wait_for(lock, exit_grace, [&] { return !s.heartbeat_alive || s.workers_alive > 0; });
  const bool heartbeat_done = !s.heartbeat_alive;
  const std::vector<bool> exited = s.worker_exited;
  lock.unlock();
  // A worker still in a job keeps the state alive and finishes on its own.
  for (std::size_t i = 0; i < s.workers.size(); ++i) {
    if (!s.workers[i].joinable()) continue;
    if (exited[i]) s.workers[i].join();
    else s.workers[i].detach();
  }
  if (s.heartbeat_thread.joinable()) {
    if (heartbeat_done) s.heartbeat_thread.join();
    else s.heartbeat_thread.detach();
  }
  return busy;
}

std::size_t Runner::running() const {
  std::lock_guard lock(state_->mutex);
  return state_->running.size();
}

}  // namespace rally::jobs
