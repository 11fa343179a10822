#pragma once
// Server-side sessions in the app's SQLite database: the table Rally owns (its own migration track,
// never mixed with the app's files), the cookie, expiry and rotation. Boost-free.
//
// The browser holds `rally_session=<cookie>`: a version byte, whether the session is stored, when it
// was issued, 32 random bytes from the OS (the id), and a 16-byte BLAKE2b tag keyed with
// SECRET_KEY_BASE over all of that; base64url. Anonymous sessions are not stored: the tag proves
// the cookie is ours, so a visit without a session costs no database write and a known anonymous
// session no lookup. A session is stored from its sign-in on (table rally_sessions, keyed by a keyed
// hash of the id, never the id itself); sign-in and sign-out give it a new id.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rally/server/session.hpp"

namespace rally::db {
class Pool;
}

namespace rally::server {

inline constexpr std::string_view session_cookie_name = "rally_session";

struct SessionSettings {
  std::int64_t idle_seconds = 7 * 24 * 3600;       // unused this long: expired
  std::int64_t absolute_seconds = 30 * 24 * 3600;  // this old: expired, whatever its use
  std::int64_t touch_seconds = 60;                  // last use is written at most this often
  std::int64_t cleanup_seconds = 600;               // expired rows are deleted at most this often
  bool secure_cookie = false;                       // Secure flag (APP_ENV=prod: HTTPS only)
};

class SessionStore;

// One session as a request or a socket holds it. Thread-safe: a socket's calls may run on
// different threads.
class LiveSession final : public SessionBackend {
 public:
  struct State {
    std::string id;                   // 32 random bytes
    std::int64_t issued_at = 0;       // unix seconds: the absolute expiry counts from here
    bool stored = false;              // a row in rally_sessions (signed in)
    std::optional<std::int64_t> user;
  };
  LiveSession(SessionStore& store, State state, bool cookie_due, bool websocket);
  ~LiveSession() override;
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  std::optional<std::int64_t> user_id() const override;
  void sign_in(std::int64_t user_id) override;
  void sign_out() override;
  std::string csrf_token() const override;
  bool check_csrf_token(std::string_view token) const override;
  std::string audience_key() const override;

  // The Set-Cookie value this response must carry (a new or rotated session), or "".
  std::string set_cookie() const;
  // The stored row's key, "" for an anonymous session (for tests).
  std::string key() const;
  // The cookie value (for tests).
  std::string cookie() const;

  // A socket's session follows its browser: when a request of the same session signs in or out,
  // the socket's session takes the new id and user too, and then `listener` runs (on the thread of
  // that request; a socket posts the work to its own event loop).
  void on_rotated(std::function<void()> listener);

 private:
  friend class SessionStore;
  void rotate(std::optional<std::int64_t> user);
  void adopt(const State& next);  // another request rotated this socket's session
  std::function<void()> listener_;

  SessionStore& store_;
  mutable std::mutex mutex_;
  State state_;
  bool cookie_due_;
  bool websocket_;
};

class SessionStore {
 public:
  // Brings Rally's tables in the pool's database up to date (track rally_internal_migrations).
  // Throws std::runtime_error when it cannot.
  SessionStore(std::shared_ptr<rally::db::Pool> pool, SessionSettings settings = {});

  // The live session the cookie names, or a new anonymous one (whose cookie the response must set)
  // when the cookie is absent, malformed, forged, expired, or names a stored session that is gone.
  // A stored session is read in the current call scope (rally::server::CallScope): it uses the
  // call's connection. Throws on database errors.
  std::shared_ptr<LiveSession> resume(std::optional<std::string_view> cookie, bool websocket = false);
  std::shared_ptr<LiveSession> resume_at(std::optional<std::string_view> cookie, std::int64_t now, bool websocket = false);

  // Deletes the expired stored sessions as of `now`; returns how many.
  std::int64_t cleanup(std::int64_t now);

  const SessionSettings& settings() const { return settings_; }
  static std::int64_t now();

  // For LiveSession.
  LiveSession::State anonymous(std::int64_t now) const;
  LiveSession::State store(std::int64_t user, std::int64_t now);  // a new stored session
  void remove(const LiveSession::State& state);
  // The sockets' sessions by id, so that a rotation in one request reaches the browser's sockets.
  void attach(const std::shared_ptr<LiveSession>& socket_session);
  void detach(const std::string& id);
  void rotated(const std::string& old_id, const LiveSession::State& next);
  std::string key_of(const LiveSession::State& state) const;
  std::string csrf_of(const LiveSession::State& state) const;
  std::string audience_of(const LiveSession::State& state) const;
  std::string encode(const LiveSession::State& state) const;
  std::optional<LiveSession::State> decode(std::string_view cookie) const;

 private:
  std::shared_ptr<rally::db::Pool> pool_;
  SessionSettings settings_;
  std::string hash_key_;  // 32 bytes derived from SECRET_KEY_BASE
  std::atomic<std::int64_t> last_cleanup_{0};
  std::mutex sockets_mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<LiveSession>>> sockets_;
};

}  // namespace rally::server
