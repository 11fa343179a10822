#pragma once
// rally::db::transaction: nested transactions. The outermost level is BEGIN IMMEDIATE / COMMIT
// (IMMEDIATE takes the write lock up front, so a busy database waits in busy_timeout instead of
// failing later when a read transaction tries to upgrade); inner levels are SAVEPOINT / RELEASE.
// A level whose function returns an error Result or throws is rolled back alone: the caller's
// work (and everything outer) is untouched and the caller decides what to do next.
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "rally/db/connection.hpp"

namespace rally::db {

namespace detail {
// Turns a database error (BEGIN or COMMIT failing) into the error type of the caller's Result.
template <class E>
E convert_error(const Error& error) {
  if constexpr (std::is_constructible_v<E, const Error&>) {
    return E(error);
  } else {
    return rally::framework_error<E>(error.to_string());
  }
}
}  // namespace detail

// Runs fn(conn) in a transaction level and returns what it returned:
//   rally::Result<T, E> -> the same Result (an error rolls the level back);
//   void                -> Result<Unit>;
//   any other T         -> Result<T>.
// An exception rolls the level back and is rethrown.
template <class F>
auto transaction(Connection& conn, F&& fn) {
  using R = std::invoke_result_t<F&, Connection&>;
  if constexpr (rally::is_result<R>::value) {
    using E = typename R::error_type;
    if (auto begun = conn.begin_level(); !begun)
      return R(rally::err(detail::convert_error<E>(begun.error())));
    std::optional<R> result;
    try {
      result.emplace(fn(conn));
    } catch (...) {
      conn.rollback_level();
      throw;
    }
    if (!result->has_value()) {
      conn.rollback_level();
      return std::move(*result);
    }
    if (auto committed = conn.commit_level(); !committed)
      return R(rally::err(detail::convert_error<E>(committed.error())));
    return std::move(*result);
  } else if constexpr (std::is_void_v<R>) {
    return transaction(conn, [&fn](Connection& c) -> Result<Unit> {
      fn(c);
      return Unit{};
    });
  } else {
    return transaction(conn, [&fn](Connection& c) -> Result<R> { return fn(c); });
  }
}

}  // namespace rally::db
