// Pool: a mutex-guarded stack of idle connections and a condition variable to wait on.
#include "rally/db/pool.hpp"

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

namespace rally::db {

namespace detail {
struct PoolState {
  std::mutex mutex;
  std::condition_variable returned;
  std::vector<std::unique_ptr<Connection>> idle;
  std::size_t size = 0;
  QueryStats stats;
};
}  // namespace detail

Result<Pool> Pool::open(const std::string& path, std::size_t size, const Options& options) {
  if (size == 0) return rally::err(Error{"a pool needs at least one connection", 0, {}, path, 0});
  if (path.empty() || path == ":memory:" || path.find("mode=memory") != std::string::npos) {
    return rally::err(Error{"a pool needs a database file: each in-memory connection would be a "
                            "separate database", 0, {}, path, 0});
  }
  auto state = std::make_shared<detail::PoolState>();
  state->size = size;
  state->idle.reserve(size);  // so give_back() never allocates
  for (std::size_t i = 0; i < size; ++i) {
    auto conn = db::open(path, options);
    if (!conn) return rally::err(std::move(conn.error()));
    state->idle.push_back(std::make_unique<Connection>(std::move(*conn)));
  }
  return Pool(std::move(state));
}

Result<Pool::Lease> Pool::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  if (!state_->returned.wait_for(lock, timeout, [&] { return !state_->idle.empty(); })) {
    return rally::err(Error{"no free database connection after " + std::to_string(timeout.count()) +
                            " ms (pool of " + std::to_string(state_->size) + ")", 0, {}, {}, 0});
  }
  auto conn = std::move(state_->idle.back());
  state_->idle.pop_back();
  lock.unlock();
  conn->reset_request_stats();
  return Lease(state_, std::move(conn));
}

std::size_t Pool::size() const { return state_->size; }

std::size_t Pool::available() const {
  std::lock_guard lock(state_->mutex);
  return state_->idle.size();
}

QueryStats Pool::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

Pool::Lease& Pool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    give_back();
    state_ = std::move(other.state_);
    conn_ = std::move(other.conn_);
  }
  return *this;
}

Pool::Lease::~Lease() { give_back(); }

void Pool::Lease::give_back() noexcept {
  if (!conn_ || !state_) return;
  // A transaction left open (a raw BEGIN, or a Lease dropped mid-transaction()) must not leak
  // into the next borrower's requests, nor keep holding the write lock.
  while (conn_->transaction_depth() > 0) conn_->rollback_level();
  if (conn_->in_transaction()) {
    try {
      (void)conn_->exec("ROLLBACK");
    } catch (...) {
    }
  }
  QueryStats used = conn_->request_stats();
  {
    std::lock_guard lock(state_->mutex);
    state_->stats.count += used.count;
    state_->stats.total += used.total;
    state_->idle.push_back(std::move(conn_));
  }
  state_->returned.notify_one();
  state_.reset();
}

}  // namespace rally::db
