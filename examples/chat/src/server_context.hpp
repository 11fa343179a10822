#pragma once
// Per WebSocket connection, per SSR request and per job, made by make_server_context. `db` and
// `session` hold nothing themselves: they act on the call's database lease and the request's
// session (docs/database.md, docs/sessions-and-auth.md). A job's context has no session.
#include <cstdint>
#include <string>

#include <rally/server/database.hpp>
#include <rally/server/request.hpp>
#include <rally/server/session.hpp>

struct ServerContext {
  rally::server::Db db;
  rally::Session session;
  std::string address;  // the client's IP address, for the sign-in limits

  // The signed-in user. Pages that require sign-in (rally::Policy::signed_in) never run without one.
  std::int64_t user() const { return session.user_id().value(); }
};

ServerContext make_server_context(const rally::Request& request);
