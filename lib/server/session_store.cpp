// SessionStore and LiveSession: the sessions of a server with a database.
#include "session_store.hpp"

#include <sodium.h>

#include <chrono>
#include <stdexcept>
#include <utility>
#include <vector>

#include "rally/db/connection.hpp"
#include "rally/db/pool.hpp"
#include "rally/db/transaction.hpp"
#include "rally/server/database.hpp"
#include "rally/server/env.hpp"

namespace rally::server {

namespace {

constexpr std::size_t id_bytes = 32;
constexpr std::size_t id_length = 43;  // base64url of 32 bytes, without padding

// Rally's own schema, applied in order and recorded in rally_internal_migrations by name. Never
// edit an entry: add one.
struct OwnMigration {
  const char* name;
  const char* sql;
};
constexpr OwnMigration own_migrations[] = {
    {"0001_sessions",
     "CREATE TABLE rally_sessions (\n"
     "  key TEXT PRIMARY KEY,\n"  // keyed hash of the cookie's id
     "  user_id INTEGER,\n"
     "  created_at INTEGER NOT NULL,\n"  // unix seconds
     "  last_seen_at INTEGER NOT NULL\n"
     ") WITHOUT ROWID;\n"
     "CREATE INDEX rally_sessions_last_seen ON rally_sessions (last_seen_at);\n"
     "CREATE INDEX rally_sessions_created ON rally_sessions (created_at);\n"},
};

[[noreturn]] void fail(const std::string& what, const rally::db::Error& e) {
  throw std::runtime_error("sessions: " + what + ": " + e.to_string());
}

template <class T>
T check(rally::db::Result<T> r, const char* what) {
  if (!r) fail(what, r.error());
  return std::move(r.value());
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();
  return hex;
}

std::string new_id() {
  unsigned char raw[id_bytes];
  randombytes_buf(raw, sizeof raw);
  std::string id(sodium_base64_ENCODED_LEN(id_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(id.data(), id.size(), raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  id.resize(id_length);
  return id;
}

// A cookie value that could be one of our ids: 43 base64url characters decoding to 32 bytes.
bool well_formed(std::string_view id) {
  if (id.size() != id_length) return false;
  unsigned char raw[id_bytes];
  std::size_t len = 0;
  return sodium_base642bin(raw, sizeof raw, id.data(), id.size(), nullptr, &len, nullptr,
                           sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
         len == id_bytes;
}

void apply_own_migrations(rally::db::Connection& conn) {
  check(conn.exec("CREATE TABLE IF NOT EXISTS rally_internal_migrations (\n"
                  "  name TEXT PRIMARY KEY,\n"
                  "  applied_at INTEGER NOT NULL\n"
                  ") WITHOUT ROWID"),
        "cannot create rally_internal_migrations");
  for (const auto& m : own_migrations) {
    // BEGIN IMMEDIATE: two servers starting at once apply each migration once.
    auto applied = rally::db::transaction(conn, [&](rally::db::Connection& c) -> rally::db::Result<rally::db::Unit> {
      auto count = c.query_value<std::int64_t>("SELECT count(*) FROM rally_internal_migrations WHERE name = ?", m.name);
      if (!count) return rally::err(count.error());
      if (*count > 0) return rally::db::Unit{};
      if (auto ran = c.exec(m.sql); !ran) return rally::err(ran.error());
      return c.execute("INSERT INTO rally_internal_migrations (name, applied_at) VALUES (?, ?)", m.name, SessionStore::now());
    });
    check(std::move(applied), (std::string("cannot apply Rally's migration ") + m.name).c_str());
  }
}

rally::db::Connection& call_connection() { return Db().connection(); }

}  // namespace

// ---- LiveSession ----

LiveSession::LiveSession(SessionStore& store, std::string id, std::string key, std::optional<std::int64_t> user,
                         std::int64_t created_at, bool cookie_due, bool websocket)
    : store_(store),
      id_(std::move(id)),
      key_(std::move(key)),
      user_(user),
      created_at_(created_at),
      cookie_due_(cookie_due),
      websocket_(websocket) {}

std::optional<std::int64_t> LiveSession::user_id() const {
  std::lock_guard lock(mutex_);
  return user_;
}

void LiveSession::rotate(std::optional<std::int64_t> user) {
  if (websocket_)
    throw std::logic_error(
        "rally::auth::sign_in/sign_out over a WebSocket: the browser's cookie cannot change there; sign in from an "
        "HTTP request (a form handler, or load())");
  std::lock_guard lock(mutex_);
  const std::int64_t now = SessionStore::now();
  auto created = store_.create(user, now);
  store_.remove(key_);
  id_ = std::move(created.id);
  key_ = std::move(created.key);
  user_ = user;
  created_at_ = now;
  cookie_due_ = true;
}

void LiveSession::sign_in(std::int64_t user_id) { rotate(user_id); }
void LiveSession::sign_out() { rotate(std::nullopt); }

std::string LiveSession::csrf_token() const {
  std::lock_guard lock(mutex_);
  return store_.csrf_of(key_);
}

std::string LiveSession::key() const {
  std::lock_guard lock(mutex_);
  return key_;
}

std::string LiveSession::set_cookie() const {
  std::lock_guard lock(mutex_);
  if (!cookie_due_) return {};
  const auto& s = store_.settings();
  std::string cookie = std::string(session_cookie_name) + "=" + id_ + "; Path=/; Max-Age=" +
                       std::to_string(s.absolute_seconds) + "; HttpOnly; SameSite=Lax";
  if (s.secure_cookie) cookie += "; Secure";
  return cookie;
}

// ---- SessionStore ----

SessionStore::SessionStore(std::shared_ptr<rally::db::Pool> pool, SessionSettings settings)
    : pool_(std::move(pool)), settings_(settings), hash_key_(crypto_generichash_KEYBYTES, '\0') {
  if (sodium_init() < 0) throw std::runtime_error("sessions: libsodium could not be initialised");
  if (!pool_) throw std::logic_error("SessionStore needs a database");
  const std::string& secret = rally::env::secret_key_base();
  crypto_generichash(reinterpret_cast<unsigned char*>(hash_key_.data()), hash_key_.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
  auto lease = pool_->acquire();
  if (!lease) fail("no database connection", lease.error());
  apply_own_migrations(**lease);
}

std::int64_t SessionStore::now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string SessionStore::key_of(std::string_view id) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(id.data()), id.size(),
                     reinterpret_cast<const unsigned char*>(hash_key_.data()), hash_key_.size());
  return to_hex(out, sizeof out);
}

std::string SessionStore::csrf_of(std::string_view key) const {
  const std::string input = "csrf:" + std::string(key);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                     reinterpret_cast<const unsigned char*>(hash_key_.data()), hash_key_.size());
  std::string token(sodium_base64_ENCODED_LEN(sizeof out, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(token.data(), token.size(), out, sizeof out, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  token.resize(id_length);
  return token;
}

SessionStore::Created SessionStore::create(std::optional<std::int64_t> user, std::int64_t now) {
  Created c{new_id(), {}};
  c.key = key_of(c.id);
  check(call_connection().execute("INSERT INTO rally_sessions (key, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                                  c.key, user, now, now),
        "cannot store a new session");
  return c;
}

void SessionStore::remove(const std::string& key) {
  check(call_connection().execute("DELETE FROM rally_sessions WHERE key = ?", key), "cannot end a session");
}

std::shared_ptr<LiveSession> SessionStore::resume(std::optional<std::string_view> cookie, bool websocket) {
  return resume_at(cookie, now(), websocket);
}

std::shared_ptr<LiveSession> SessionStore::resume_at(std::optional<std::string_view> cookie, std::int64_t now, bool websocket) {
  rally::db::Connection& conn = call_connection();
  if (cookie && well_formed(*cookie)) {
    const std::string id(*cookie);
    const std::string key = key_of(id);
    auto stmt = check(conn.prepare("SELECT user_id, created_at, last_seen_at FROM rally_sessions WHERE key = ?"), "cannot read sessions");
    check(stmt.bind_all(key), "cannot read sessions");
    if (check(stmt.step(), "cannot read sessions")) {
      const std::optional<std::int64_t> user =
          stmt.column_is_null(0) ? std::nullopt : std::optional<std::int64_t>(stmt.column_int64(0));
      const std::int64_t created = stmt.column_int64(1);
      const std::int64_t seen = stmt.column_int64(2);
      stmt.reset();
      if (now - seen <= settings_.idle_seconds && now - created <= settings_.absolute_seconds) {
        if (now - seen >= settings_.touch_seconds)
          check(conn.execute("UPDATE rally_sessions SET last_seen_at = ? WHERE key = ?", now, key), "cannot touch a session");
        return std::make_shared<LiveSession>(*this, id, key, user, created, false, websocket);
      }
      remove(key);  // expired: a fresh anonymous session instead, never the old one revived
    }
  }
  if (now - last_cleanup_.load() >= settings_.cleanup_seconds) {
    last_cleanup_.store(now);
    cleanup(now);
  }
  auto created = create(std::nullopt, now);
  return std::make_shared<LiveSession>(*this, std::move(created.id), std::move(created.key), std::nullopt, now, true, websocket);
}

std::int64_t SessionStore::cleanup(std::int64_t now) {
  rally::db::Connection& conn = call_connection();
  check(conn.execute("DELETE FROM rally_sessions WHERE last_seen_at < ? OR created_at < ?", now - settings_.idle_seconds,
                     now - settings_.absolute_seconds),
        "cannot delete expired sessions");
  return conn.changes();
}

}  // namespace rally::server
