// rally::jobs: the clock, the registry and its schedules, the backoff, and running one claimed job
// (shared by run_pending() here and the Runner's workers).
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "jobs_queue.hpp"

namespace rally::jobs {

// ---- time ----

namespace {
std::mutex clock_mutex;
Clock process_clock;  // empty: the real clock
}  // namespace

Clock set_clock(Clock clock) {
  std::lock_guard lock(clock_mutex);
  return std::exchange(process_clock, std::move(clock));
}

TimePoint now() {
  Clock clock;
  {
    std::lock_guard lock(clock_mutex);
    clock = process_clock;
  }
  return clock ? clock() : std::chrono::system_clock::now();
}

// ---- handlers ----

bool JobContext::stop_requested() const noexcept { return stop_ != nullptr && stop_->requested.load(); }

bool JobContext::wait_for_stop(std::chrono::milliseconds timeout) const {
  if (stop_ == nullptr) return false;
  std::unique_lock lock(stop_->mutex);
  return stop_->changed.wait_for(lock, timeout, [&] { return stop_->requested.load(); });
}

// ---- registry ----

TimePoint Schedule::next_slot(TimePoint t) const {
  const std::int64_t period = interval.count();
  const std::int64_t since = detail::to_ms(t) - offset.count();
  // Floor division: also right for times before the offset (or the epoch).
  std::int64_t k = since / period;
  if (since % period != 0 && since < 0) --k;
  return detail::from_ms((k + 1) * period + offset.count());
}

std::string Schedule::unique_key(TimePoint slot) const {
  return "schedule:" + name + "@" + detail::utc_text(slot, 'T');
}

Registry& Registry::add(std::string type, Handler handler) {
  if (type.empty()) throw std::invalid_argument("rally::jobs::Registry::add: the job type is empty");
  if (!handler) throw std::invalid_argument("rally::jobs::Registry::add(\"" + type + "\"): the handler is empty");
  if (handlers_.count(type) > 0)
    throw std::invalid_argument("rally::jobs::Registry::add(\"" + type + "\"): this job type already has a handler");
  handlers_.emplace(std::move(type), std::move(handler));
  return *this;
}

const Handler* Registry::find(std::string_view type) const {
  auto found = handlers_.find(type);
  return found == handlers_.end() ? nullptr : &found->second;
}

Registry& Registry::schedule(Schedule s) {
  const std::string where = "rally::jobs::Registry schedule \"" + s.name + "\": ";
  if (s.name.empty()) throw std::invalid_argument("rally::jobs::Registry: a schedule's name is empty");
  if (s.type.empty()) throw std::invalid_argument(where + "the job type is empty");
  if (s.interval < std::chrono::seconds(1))
    throw std::invalid_argument(where + "the interval is " + std::to_string(s.interval.count()) +
                                " ms: it must be at least 1 s");
  for (const auto& other : schedules_)
    if (other.name == s.name) throw std::invalid_argument(where + "a schedule with this name already exists");
  schedules_.push_back(std::move(s));
  return *this;
}

Registry& Registry::every(std::string name, std::chrono::seconds interval, std::string type, std::string payload,
                          int max_attempts) {
  Schedule s;
  s.max_attempts = max_attempts;
  s.name = std::move(name);
  s.interval = interval;
  s.type = std::move(type);
  s.payload = std::move(payload);
  return schedule(std::move(s));
}

Registry& Registry::daily_at(std::string name, int hour, int minute, std::string type, std::string payload,
                             int max_attempts) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw std::invalid_argument("rally::jobs::Registry::daily_at(\"" + name + "\"): hour " + std::to_string(hour) +
                                ", minute " + std::to_string(minute) +
                                " is not a time of day (hour 0..23, minute 0..59, UTC)");
  }
  Schedule s;
  s.max_attempts = max_attempts;
  s.name = std::move(name);
  s.interval = std::chrono::hours(24);
  s.offset = std::chrono::hours(hour) + std::chrono::minutes(minute);
  s.type = std::move(type);
  s.payload = std::move(payload);
  return schedule(std::move(s));
}

rally::db::Result<int> enqueue_scheduled(rally::db::Connection& db, const Registry& registry, TimePoint at) {
  int enqueued = 0;
  for (const auto& s : registry.schedules()) {
    auto added = detail::enqueue_slot(db, s, s.next_slot(at), at);
    if (!added) return rally::err(std::move(added.error()));
    if (added->has_value()) ++enqueued;
  }
  return enqueued;
}

// ---- backoff ----

std::chrono::milliseconds Backoff::delay(int attempt, double unit) const {
  // In double: 2^(attempt-1) overflows any integer long before the cap stops mattering.
  const double grown = static_cast<double>(base.count()) * std::exp2(std::max(attempt, 1) - 1);
  const double capped = std::min(grown, static_cast<double>(cap.count()));
  const double factor = 1.0 + jitter * (2.0 * std::clamp(unit, 0.0, 1.0) - 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(std::max(0.0, capped * factor))));
}

std::chrono::milliseconds Backoff::delay(int attempt) const {
  static const bool ready = sodium_init() >= 0;
  constexpr std::uint32_t steps = 1'000'000;
  const double unit = ready ? static_cast<double>(randombytes_uniform(steps + 1)) / steps : 0.5;
  return delay(attempt, unit);
}

// ---- running one job ----

namespace detail {

rally::db::Result<Outcome> execute(rally::db::Connection& db, const Registry& registry, const Claimed& job,
                                   const Clock& clock, const Backoff& backoff, const StopFlag* stop) {
  Outcome outcome;
  bool permanent = false;
  if (const Handler* handler = registry.find(job.type); handler == nullptr) {
    outcome.error = "no handler for job type '" + job.type + "'";
  } else {
    const int depth = db.transaction_depth();
    const bool was_in_transaction = db.in_transaction();
    try {
      JobContext ctx(job.id, job.type, job.attempt, job.max_attempts, db, stop);
      (*handler)(job.payload, ctx);
    } catch (const PermanentFailure& e) {
      outcome.error = e.what();
      permanent = true;
    } catch (const std::exception& e) {
      outcome.error = e.what();
      if (outcome.error.empty()) outcome.error = "the handler threw an exception with an empty message";
    } catch (...) {
      outcome.error = "the handler threw an exception that is not a std::exception";
    }
    // Its unfinished work is lost: roll it back so the outcome is recorded, and fail the attempt.
    if (db.transaction_depth() > depth || (db.in_transaction() && !was_in_transaction)) {
      while (db.transaction_depth() > depth) db.rollback_level();
      if (db.in_transaction() && !was_in_transaction) (void)db.exec("ROLLBACK");
      if (outcome.error.empty()) outcome.error = "the handler returned with a transaction still open (rolled back)";
    }
  }
  const TimePoint at = clock();
  rally::db::Result<bool> recorded = true;
  if (outcome.error.empty()) {
    outcome.kind = Outcome::Kind::succeeded;
    recorded = mark_done(db, job, at);
  } else if (permanent || job.attempt >= job.max_attempts) {
    outcome.kind = Outcome::Kind::dead;
    recorded = mark_dead(db, job, outcome.error, at);
  } else {
    outcome.kind = Outcome::Kind::retried;
    outcome.run_at = at + backoff.delay(job.attempt);
    recorded = mark_retry(db, job, outcome.error, *outcome.run_at);
  }
  if (!recorded) return rally::err(std::move(recorded.error()));
  if (!*recorded) outcome.kind = Outcome::Kind::lost;
  return outcome;
}

}  // namespace detail

rally::db::Result<RunSummary> run_pending(rally::db::Connection& db, const Registry& registry, const Clock& clock,
                                          const Backoff& backoff) {
  const Clock clock_now = clock ? clock : Clock(&now);
  const std::string worker = detail::process_name() + "/run_pending";
  if (auto scheduled = enqueue_scheduled(db, registry, clock_now()); !scheduled)
    return rally::err(std::move(scheduled.error()));
  RunSummary summary;
  for (;;) {
    auto claimed = detail::claim(db, worker, clock_now(), std::chrono::minutes(1));
    if (!claimed) return rally::err(std::move(claimed.error()));
    if (!*claimed) return summary;
    const detail::Claimed& job = **claimed;
    auto outcome = detail::execute(db, registry, job, clock_now, backoff);
    if (!outcome) return rally::err(std::move(outcome.error()));
    switch (outcome->kind) {
      case detail::Outcome::Kind::succeeded: ++summary.succeeded; break;
      case detail::Outcome::Kind::retried: ++summary.retried; break;
      case detail::Outcome::Kind::dead: ++summary.dead; break;
      case detail::Outcome::Kind::lost: ++summary.lost; break;
    }
    if (!outcome->error.empty()) {
      summary.failures.push_back("job " + std::to_string(job.id) + " (" + job.type + ") attempt " +
                                 std::to_string(job.attempt) + "/" + std::to_string(job.max_attempts) + ": " +
                                 outcome->error);
    }
  }
}

}  // namespace rally::jobs
