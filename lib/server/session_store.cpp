// SessionStore and LiveSession: the sessions of a server with a database.
#include "session_store.hpp"

#include <sodium.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "rally/db/connection.hpp"
#include "rally/db/pool.hpp"
#include "rally/server/database.hpp"
#include "rally/server/env.hpp"
#include "own_migrations.hpp"

namespace rally::server {

namespace {

constexpr std::size_t id_bytes = 32;
constexpr std::size_t tag_bytes = 16;
constexpr unsigned char cookie_version = 1;
// version, flags, issued_at (8, little-endian), id, tag
constexpr std::size_t cookie_bytes = 1 + 1 + 8 + id_bytes + tag_bytes;
constexpr auto url_safe = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

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

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, url_safe), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, url_safe);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

rally::db::Connection& call_connection() { return Db().connection(); }

}  // namespace

// ---- LiveSession ----

LiveSession::LiveSession(SessionStore& store, State state, bool cookie_due, bool websocket)
    : store_(store), state_(std::move(state)), cookie_due_(cookie_due), websocket_(websocket) {}

LiveSession::~LiveSession() {
  if (websocket_) store_.detach(state_.id);
}

void LiveSession::on_rotated(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

void LiveSession::adopt(const State& next) {
  std::function<void()> listener;
  {
    std::lock_guard lock(mutex_);
    state_ = next;
    listener = listener_;
  }
  if (listener) listener();
}

std::optional<std::int64_t> LiveSession::user_id() const {
  std::lock_guard lock(mutex_);
  return state_.user;
}

void LiveSession::rotate(std::optional<std::int64_t> user) {
  if (websocket_)
    throw std::logic_error(
        "rally::auth::sign_in/sign_out over a WebSocket: the browser's cookie cannot change there; sign in from an "
        "HTTP request (a form handler, or load())");
  std::string old_id;
  State next;
  {
    std::lock_guard lock(mutex_);
    const std::int64_t now = SessionStore::now();
    next = user ? store_.store(*user, now) : store_.anonymous(now);
    if (state_.stored) store_.remove(state_);
    old_id = std::exchange(state_, next).id;
    cookie_due_ = true;
  }
  // The browser's open sockets (its other tabs) follow it to the new session.
  store_.rotated(old_id, next);
}

void LiveSession::sign_in(std::int64_t user_id) { rotate(user_id); }
void LiveSession::sign_out() { rotate(std::nullopt); }

std::string LiveSession::csrf_token() const {
  std::lock_guard lock(mutex_);
  return store_.csrf_of(state_);
}

bool LiveSession::check_csrf_token(std::string_view token) const {
  const std::string expected = csrf_token();
  return token.size() == expected.size() && sodium_memcmp(token.data(), expected.data(), expected.size()) == 0;
}

std::string LiveSession::audience_key() const {
  std::lock_guard lock(mutex_);
  return store_.audience_of(state_);
}

std::string LiveSession::key() const {
  std::lock_guard lock(mutex_);
  return state_.stored ? store_.key_of(state_) : std::string();
}

std::string LiveSession::cookie() const {
  std::lock_guard lock(mutex_);
  return store_.encode(state_);
}

std::string LiveSession::set_cookie() const {
  std::lock_guard lock(mutex_);
  if (!cookie_due_) return {};
  const auto& s = store_.settings();
  std::string cookie = std::string(session_cookie_name) + "=" + store_.encode(state_) + "; Path=/; Max-Age=" +
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

namespace {

void keyed_hash(unsigned char* out, std::size_t out_size, std::string_view input, const std::string& key) {
  crypto_generichash(out, out_size, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
}

}  // namespace

std::string SessionStore::key_of(const LiveSession::State& state) const {
  unsigned char out[32];
  keyed_hash(out, sizeof out, "key:" + state.id, hash_key_);
  return to_hex(out, sizeof out);
}

std::string SessionStore::csrf_of(const LiveSession::State& state) const {
  unsigned char out[32];
  keyed_hash(out, sizeof out, "csrf:" + state.id, hash_key_);
  return base64url(out, sizeof out);
}

std::string SessionStore::audience_of(const LiveSession::State& state) const {
  unsigned char out[16];
  keyed_hash(out, sizeof out, "audience:" + state.id, hash_key_);
  return to_hex(out, sizeof out);
}

std::string SessionStore::encode(const LiveSession::State& state) const {
  unsigned char raw[cookie_bytes];
  raw[0] = cookie_version;
  raw[1] = state.stored ? 1 : 0;
  for (int i = 0; i < 8; ++i) raw[2 + i] = static_cast<unsigned char>(static_cast<std::uint64_t>(state.issued_at) >> (8 * i));
  std::memcpy(raw + 10, state.id.data(), id_bytes);
  const std::size_t signed_size = cookie_bytes - tag_bytes;
  keyed_hash(raw + signed_size, tag_bytes, std::string_view(reinterpret_cast<const char*>(raw), signed_size), hash_key_);
  return base64url(raw, sizeof raw);
}

std::optional<LiveSession::State> SessionStore::decode(std::string_view cookie) const {
  if (cookie.size() != sodium_base64_ENCODED_LEN(cookie_bytes, url_safe) - 1) return std::nullopt;
  unsigned char raw[cookie_bytes];
  std::size_t len = 0;
  if (sodium_base642bin(raw, sizeof raw, cookie.data(), cookie.size(), nullptr, &len, nullptr, url_safe) != 0 ||
      len != cookie_bytes || raw[0] != cookie_version || raw[1] > 1)
    return std::nullopt;
  const std::size_t signed_size = cookie_bytes - tag_bytes;
  unsigned char tag[tag_bytes];
  keyed_hash(tag, sizeof tag, std::string_view(reinterpret_cast<const char*>(raw), signed_size), hash_key_);
  if (sodium_memcmp(tag, raw + signed_size, tag_bytes) != 0) return std::nullopt;  // forged or another secret's
  LiveSession::State state;
  state.stored = raw[1] == 1;
  std::uint64_t issued = 0;
  for (int i = 0; i < 8; ++i) issued |= static_cast<std::uint64_t>(raw[2 + i]) << (8 * i);
  state.issued_at = static_cast<std::int64_t>(issued);
  state.id.assign(reinterpret_cast<const char*>(raw + 10), id_bytes);
  return state;
}

LiveSession::State SessionStore::anonymous(std::int64_t now) const {
  LiveSession::State state;
  state.id.resize(id_bytes);
  randombytes_buf(state.id.data(), id_bytes);
  state.issued_at = now;
  return state;
}

LiveSession::State SessionStore::store(std::int64_t user, std::int64_t now) {
  if (now - last_cleanup_.load() >= settings_.cleanup_seconds) {
    last_cleanup_.store(now);
    cleanup(now);
  }
  LiveSession::State state = anonymous(now);
  state.stored = true;
  state.user = user;
  check(call_connection().execute("INSERT INTO rally_sessions (key, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                                  key_of(state), user, now, now),
        "cannot store a new session");
  return state;
}

void SessionStore::remove(const LiveSession::State& state) {
  check(call_connection().execute("DELETE FROM rally_sessions WHERE key = ?", key_of(state)), "cannot end a session");
}

void SessionStore::attach(const std::shared_ptr<LiveSession>& socket_session) {
  const std::string id = [&] {
    std::lock_guard lock(socket_session->mutex_);
    return socket_session->state_.id;
  }();
  std::lock_guard lock(sockets_mutex_);
  sockets_[id].push_back(socket_session);
}

void SessionStore::detach(const std::string& id) {
  std::lock_guard lock(sockets_mutex_);
  auto found = sockets_.find(id);
  if (found == sockets_.end()) return;
  std::erase_if(found->second, [](const std::weak_ptr<LiveSession>& s) { return s.expired(); });
  if (found->second.empty()) sockets_.erase(found);
}

void SessionStore::rotated(const std::string& old_id, const LiveSession::State& next) {
  std::vector<std::shared_ptr<LiveSession>> moved;
  {
    std::lock_guard lock(sockets_mutex_);
    auto found = sockets_.find(old_id);
    if (found == sockets_.end()) return;
    std::vector<std::weak_ptr<LiveSession>> entries = std::move(found->second);
    sockets_.erase(found);
    auto& under_new = sockets_[next.id];
    for (auto& weak : entries) {
      if (auto live = weak.lock()) {
        under_new.push_back(live);
        moved.push_back(std::move(live));
      }
    }
    if (under_new.empty()) sockets_.erase(next.id);
  }
  for (auto& live : moved) live->adopt(next);
}

std::shared_ptr<LiveSession> SessionStore::resume(std::optional<std::string_view> cookie, bool websocket) {
  auto session = resume_at(cookie, now(), websocket);
  if (websocket) attach(session);
  return session;
}

std::shared_ptr<LiveSession> SessionStore::resume_at(std::optional<std::string_view> cookie, std::int64_t now, bool websocket) {
  std::optional<LiveSession::State> state = cookie ? decode(*cookie) : std::nullopt;
  if (state && now - state->issued_at > settings_.absolute_seconds) {
    if (state->stored) remove(*state);
    state.reset();
  }
  if (state && !state->stored) return std::make_shared<LiveSession>(*this, std::move(*state), false, websocket);
  if (state) {
    rally::db::Connection& conn = call_connection();
    const std::string key = key_of(*state);
    auto stmt = check(conn.prepare("SELECT user_id, last_seen_at FROM rally_sessions WHERE key = ?"), "cannot read sessions");
    check(stmt.bind_all(key), "cannot read sessions");
    if (check(stmt.step(), "cannot read sessions")) {
      if (!stmt.column_is_null(0)) state->user = stmt.column_int64(0);
      const std::int64_t seen = stmt.column_int64(1);
      stmt.reset();
      if (now - seen <= settings_.idle_seconds) {
        if (now - seen >= settings_.touch_seconds)
          check(conn.execute("UPDATE rally_sessions SET last_seen_at = ? WHERE key = ?", now, key), "cannot touch a session");
        return std::make_shared<LiveSession>(*this, std::move(*state), false, websocket);
      }
      remove(*state);  // idle too long: a fresh anonymous session instead, never the old one revived
    }
  }
  return std::make_shared<LiveSession>(*this, anonymous(now), true, websocket);
}

std::int64_t SessionStore::cleanup(std::int64_t now) {
  rally::db::Connection& conn = call_connection();
  check(conn.execute("DELETE FROM rally_sessions WHERE last_seen_at < ? OR created_at < ?", now - settings_.idle_seconds,
                     now - settings_.absolute_seconds),
        "cannot delete expired sessions");
  return conn.changes();
}

}  // namespace rally::server
