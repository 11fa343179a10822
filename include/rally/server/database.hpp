#pragma once
// rally::server::Db: how server handlers and load() reach the app's database.
//
//   struct ServerContext { rally::server::Db db; };
//   ...
//   auto rows = sql::todos::list(ctx.db);          // Db converts to rally::db::Connection&
//
// A ServerContext lives as long as its WebSocket, but a connection must not: many idle tabs would
// exhaust the pool. So Db holds nothing. The server opens a "call scope" on the worker thread around
// every handler call and every SSR request; the first use of a Db inside it leases a connection from
// the process-wide pool, and the end of the scope gives it back (and logs the queries it ran). Two
// handlers running at the same time are on different threads, so they never share a connection.
// No Boost and no sqlite3.h here: page headers include this through server_context.hpp, and the WASM
// client compiles those too.
#include <memory>

#include "rally/db/connection.hpp"

namespace rally::db {
class Pool;
}

namespace rally::server {

class Db {
 public:
  // Leases from the server's pool in the current call (the normal case).
  Db() = default;
  // Always uses `conn`: for unit tests of handlers, e.g. with rally::test_db::open(...).
  explicit Db(rally::db::Connection& conn) noexcept : fixed_(&conn) {}

  // The call's connection, leased on first use. Errors: no call in progress on this thread (a Db
  // used outside a handler or load()), the app has no database, or no connection came free within
  // the pool's acquire timeout.
  rally::db::Result<rally::db::Connection*> try_connection() const;
  // try_connection(), throwing std::runtime_error on failure: the server logs it with a trace id
  // and answers the client with a generic error, like any handler that throws.
  rally::db::Connection& connection() const;

  operator rally::db::Connection&() const { return connection(); }  // NOLINT: implicit by design
  rally::db::Connection& operator*() const { return connection(); }
  rally::db::Connection* operator->() const { return &connection(); }

 private:
  rally::db::Connection* fixed_ = nullptr;
};

// Opened by the server library around App::call and App::render (and available to a custom main
// or test harness that calls an App directly). Scopes nest: an inner one shadows the outer one
// until it ends. Not movable: it is registered with its thread.
class CallScope {
 public:
  // `pool` may be null (an app without a database): a Db used in the scope then reports that.
  explicit CallScope(std::shared_ptr<rally::db::Pool> pool);
  // Every Db in the scope uses `connection` (a background job's: the runner leased it).
  explicit CallScope(rally::db::Connection& connection);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  // The queries run through this scope's lease so far (zero if it never leased).
  rally::db::QueryStats stats() const;

 private:
  friend class Db;
  struct State;
  std::unique_ptr<State> state_;
  CallScope* outer_ = nullptr;
};

}  // namespace rally::server
