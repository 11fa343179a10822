// Db and CallScope: a per-thread "current call" through which handlers lease a pooled connection.
#include "rally/server/database.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include "rally/db/pool.hpp"

namespace rally::server {

struct CallScope::State {
  std::shared_ptr<rally::db::Pool> pool;
  std::optional<rally::db::Pool::Lease> lease;
  rally::db::Connection* fixed = nullptr;  // CallScope(Connection&)
};

namespace {
// The innermost open scope of this thread. A handler runs start to end on one thread (the server
// never suspends it), so the thread identifies the call.
thread_local CallScope* current_scope = nullptr;

rally::db::Error db_error(std::string message) { return rally::db::Error{std::move(message), 0, {}, {}, 0}; }
}  // namespace

CallScope::CallScope(std::shared_ptr<rally::db::Pool> pool)
    : state_(std::make_unique<State>(State{std::move(pool), std::nullopt})), outer_(current_scope) {
  current_scope = this;
}

CallScope::CallScope(rally::db::Connection& connection)
    : state_(std::make_unique<State>(State{nullptr, std::nullopt, &connection})), outer_(current_scope) {
  current_scope = this;
}

CallScope::~CallScope() {
  // The lease goes back with state_ (rolling back a transaction the handler left open).
  current_scope = outer_;
}

rally::db::QueryStats CallScope::stats() const {
  if (state_->fixed) return state_->fixed->request_stats();
  return state_->lease ? (*state_->lease)->request_stats() : rally::db::QueryStats{};
}

rally::db::Result<rally::db::Connection*> Db::try_connection() const {
  if (fixed_) return fixed_;
  CallScope* scope = current_scope;
  if (!scope)
    return rally::err(db_error("ctx.db was used outside a server handler or load(): a connection is lent only "
                               "for the duration of one call"));
  auto& state = *scope->state_;
  if (state.fixed) return state.fixed;
  if (state.lease) return &**state.lease;
  if (!state.pool)
    return rally::err(db_error("this app has no database: give rally_add_app a MIGRATIONS folder (or pass a pool "
                               "in rally::server::Options::database)"));
  auto lease = state.pool->acquire();
  if (!lease) return rally::err(std::move(lease.error()));
  state.lease.emplace(std::move(*lease));
  return &**state.lease;
}

rally::db::Connection& Db::connection() const {
  auto conn = try_connection();
  if (!conn) throw std::runtime_error("database: " + conn.error().to_string());
  return **conn;
}

}  // namespace rally::server
