#pragma once
// Per WebSocket connection and per SSR request, made from the request by make_server_context.
// `db` and `session` hold nothing themselves: inside a handler call or a render they act on the
// call's database lease and the request's session (see docs/database.md and
// docs/sessions-and-auth.md).
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
