#pragma once
// Rally's own schema in the app's database (sessions, jobs): a migration track of its own, recorded
// in rally_internal_migrations by name, never mixed with the app's db/migrations files. Boost-free.
#include <cstddef>

namespace rally::db {
class Connection;
}

namespace rally::server {

// Applies every entry of the track that `conn`'s database has not recorded yet, each in its own
// transaction (BEGIN IMMEDIATE, so two servers starting at once apply each one once). Idempotent
// and cheap when up to date: whoever needs Rally's tables (SessionStore, rally::jobs) calls it.
// Throws std::runtime_error naming the migration and the database file when it cannot.
void apply_own_migrations(rally::db::Connection& conn);

// How many entries the track has (what rally_internal_migrations holds once it is applied).
std::size_t own_migration_count();

}  // namespace rally::server
