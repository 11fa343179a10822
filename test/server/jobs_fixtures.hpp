#pragma once
// What the rally::jobs tests share: a fake clock, bounded signals, a Runner event log to wait on,
// row helpers, and a fixture that points the process clock at the fake one.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <rally/db/db.hpp>
#include <rally/server/jobs.hpp>

#include "jobs_queue.hpp"

namespace rally::jobs::testing {

using namespace std::chrono_literals;

inline constexpr auto bounded = 10s;  // every wait in these tests gives up after this

// 2024-05-01 12:00:00 UTC.
inline const TimePoint t0 = detail::from_ms(1'714'564'800'000);

// Time that moves only when told. Shared, so a clock handed to a runner stays valid in its threads.
class FakeClock {
 public:
  explicit FakeClock(TimePoint start) : ms_(std::make_shared<std::atomic<std::int64_t>>(detail::to_ms(start))) {}
  TimePoint now() const { return detail::from_ms(ms_->load()); }
  void advance(std::chrono::milliseconds d) { *ms_ += d.count(); }
  void set(TimePoint t) { ms_->store(detail::to_ms(t)); }
  rally::jobs::Clock clock() const {
    return [ms = ms_] { return detail::from_ms(ms->load()); };
  }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> ms_;
};

// A one-shot flag to wait on, with a bound.
class Signal {
 public:
  void set() {
    {
      std::lock_guard lock(mutex_);
      set_ = true;
    }
    cv_.notify_all();
  }
  bool wait(std::chrono::milliseconds timeout = bounded) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return set_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

// What a Runner reported, to wait on.
class Events {
 public:
  void add(const Event& e) {
    {
      std::lock_guard lock(mutex_);
      list_.push_back(e);
    }
    cv_.notify_all();
  }
  template <class P>
  bool wait_count(P pred, std::size_t n, std::chrono::milliseconds timeout = bounded) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return count_locked(pred) >= n; });
  }
  template <class P>
  std::size_t count(P pred) {
    std::lock_guard lock(mutex_);
    return count_locked(pred);
  }
  std::string errors() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& e : list_)
      if (e.kind == Event::Kind::error) out += e.message + "\n";
    return out;
  }

 private:
  template <class P>
  std::size_t count_locked(P pred) const {
    std::size_t n = 0;
    for (const auto& e : list_) n += pred(e) ? 1 : 0;
    return n;
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Event> list_;
};

inline auto kind_is(Event::Kind kind) {
  return [kind](const Event& e) { return e.kind == kind; };
}

inline std::string state_of(rally::db::Connection& db, std::int64_t id) {
  return db.query_value<std::string>("SELECT state FROM rally_jobs WHERE id = ?", id).value();
}
inline std::int64_t int_of(rally::db::Connection& db, const std::string& sql, std::int64_t id) {
  return db.query_value<std::int64_t>(sql, id).value();
}
inline std::int64_t count(rally::db::Connection& db, const std::string& sql) {
  return db.query_value<std::int64_t>(sql).value();
}

// The value of a Result holding a move-only type (a Lease, a Statement), or a test failure.
template <class T>
T take(rally::db::Result<T> r) {
  if (!r) throw std::runtime_error(r.error().to_string());
  return std::move(*r);
}

inline std::int64_t enqueue(rally::db::Connection& db, std::string_view type, std::string_view payload = "",
                     const rally::jobs::EnqueueOptions& options = {}) {
  auto id = rally::jobs::enqueue_encoded(db, type, payload, options);
  if (!id) throw std::runtime_error(id.error().to_string());
  if (!id->has_value()) throw std::runtime_error("deduped");
  return **id;
}

// The process clock follows the test's fake clock, so enqueues are stamped with it.
class JobsBase : public ::testing::Test {
 protected:
  void SetUp() override { previous_ = rally::jobs::set_clock(clock.clock()); }
  void TearDown() override { rally::jobs::set_clock(previous_); }
  FakeClock clock{t0};

 private:
  rally::jobs::Clock previous_;
};

}  // namespace rally::jobs::testing
