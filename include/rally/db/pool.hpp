#pragma once
// rally::db::Pool: N connections to one database file, lent out one at a time. A SQLite
// connection must not be used by two threads at once, and the server runs handlers on several
// threads; so each handler (or SSR request) borrows a connection for its duration and gives it
// back when the Lease goes out of scope. WAL lets the borrowed connections read concurrently;
// writers queue on SQLite's write lock, waiting up to busy_timeout.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "rally/db/connection.hpp"

namespace rally::db {

namespace detail {
struct PoolState;
}

class Pool {
 public:
  // A borrowed connection. Move-only; returns the connection on destruction (rolling back a
  // transaction left open, so the next borrower starts clean). Keeps the pool's state alive, so
  // a Lease that outlives its Pool object is still safe.
  class Lease {
   public:
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& operator*() const noexcept { return *conn_; }
    Connection* operator->() const noexcept { return conn_.get(); }
    Connection& connection() const noexcept { return *conn_; }

   private:
    friend class Pool;
    Lease(std::shared_ptr<detail::PoolState> state, std::unique_ptr<Connection> conn) noexcept
        : state_(std::move(state)), conn_(std::move(conn)) {}
    void give_back() noexcept;
    std::shared_ptr<detail::PoolState> state_;
    std::unique_ptr<Connection> conn_;
  };

  static constexpr std::chrono::milliseconds default_acquire_timeout{5000};

  // Opens `size` connections (at least 1) with open(path, options). ":memory:" is refused:
  // every connection would get its own empty database.
  static Result<Pool> open(const std::string& path, std::size_t size, const Options& options = {});

  // A free connection, waiting up to `timeout` for one to come back. Its request_stats() start
  // at zero, so whoever holds the Lease can report the queries it ran.
  Result<Lease> acquire(std::chrono::milliseconds timeout = default_acquire_timeout);

  std::size_t size() const;
  std::size_t available() const;
  // Every query run through this pool's leases that have been given back.
  QueryStats stats() const;

 private:
  explicit Pool(std::shared_ptr<detail::PoolState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::PoolState> state_;
};

}  // namespace rally::db
