// Server-side sessions: the store (ids, expiry, rotation, what is kept) and the server around it
// (the cookie on first visit, the same session on the WebSocket, rally::Session in app code).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>

#include <rally/db/db.hpp>
#include <rally/server/database.hpp>
#include <rally/server/session.hpp>

#include "fake_app.hpp"
#include "rally/server/run.hpp"
#include "rally/wire.hpp"
#include "session_store.hpp"
#include "test_client.hpp"

namespace rally::server {
namespace {

namespace fs = std::filesystem;

class SessionDb : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rally-sessions-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    auto opened = rally::db::Pool::open((dir / "app.db").string(), 2);
    ASSERT_TRUE(opened) << opened.error().to_string();
    pool = std::make_shared<rally::db::Pool>(std::move(*opened));
  }
  void TearDown() override {
    pool.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::int64_t count(const std::string& sql) {
    CallScope scope(pool);
    return Db()->query_value<std::int64_t>(sql).value();
  }
  // The id a Set-Cookie value hands out.
  static std::string cookie_id(const std::string& set_cookie) {
    std::smatch m;
    return std::regex_search(set_cookie, m, std::regex("^rally_session=([A-Za-z0-9_-]{43}); ")) ? m[1].str() : "";
  }

  fs::path dir;
  std::shared_ptr<rally::db::Pool> pool;
};

TEST_F(SessionDb, AFirstVisitGetsAStoredAnonymousSessionAndItsCookie) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto s = store.resume(std::nullopt);
  EXPECT_EQ(s->user_id(), std::nullopt);
  const std::string cookie = s->set_cookie();
  EXPECT_TRUE(std::regex_match(cookie, std::regex("rally_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax")))
      << cookie;
  auto again = store.resume(cookie_id(cookie));
  EXPECT_EQ(again->key(), s->key());
  EXPECT_EQ(again->set_cookie(), "") << "a known session sends no new cookie";
}

TEST_F(SessionDb, TheCookieIsSecureInProduction) {
  SessionSettings settings;
  settings.secure_cookie = true;
  SessionStore store(pool, settings);
  CallScope scope(pool);
  EXPECT_TRUE(store.resume(std::nullopt)->set_cookie().ends_with("; HttpOnly; SameSite=Lax; Secure"));
}

TEST_F(SessionDb, TheDatabaseKeepsAKeyedHashNeverTheId) {
  SessionStore store(pool);
  std::string id;
  {
    CallScope scope(pool);
    id = cookie_id(store.resume(std::nullopt)->set_cookie());
  }
  ASSERT_EQ(id.size(), 43u);
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions WHERE key LIKE '%" + id + "%'"), 0);
  EXPECT_EQ(count("SELECT length(key) FROM rally_sessions"), 64);
}

TEST_F(SessionDb, ForgedTruncatedOversizedAndRandomCookiesGetAFreshSession) {
  SessionStore store(pool);
  CallScope scope(pool);
  const std::string good = cookie_id(store.resume(std::nullopt)->set_cookie());
  const std::string forged = std::string(43, 'A');  // well-formed, never issued
  for (const std::string& bad : {forged, good.substr(0, 42), good + "A", std::string(4096, 'x'), std::string("%00;\"\\"),
                                 std::string(), good.substr(0, 42) + "!"}) {
    auto s = store.resume(bad);
    ASSERT_NE(s, nullptr);
    const std::string fresh = cookie_id(s->set_cookie());
    EXPECT_EQ(fresh.size(), 43u) << "cookie " << bad.substr(0, 50);
    EXPECT_NE(fresh, bad);
    EXPECT_EQ(s->user_id(), std::nullopt);
  }
}

TEST_F(SessionDb, IdleAndAbsoluteExpiryEndASessionAndCleanupDeletesIt) {
  SessionSettings settings;
  settings.idle_seconds = 100;
  settings.absolute_seconds = 1000;
  settings.touch_seconds = 10;
  settings.cleanup_seconds = 1'000'000'000;  // only when called
  SessionStore store(pool, settings);
  CallScope scope(pool);
  const std::int64_t t0 = 1'000'000;
  const std::string id = cookie_id(store.resume_at(std::nullopt, t0)->set_cookie());
  // Used every 90 s it stays alive (each use is written: touch_seconds is 10)...
  std::string key = store.resume_at(id, t0 + 90)->key();
  for (std::int64_t t = t0 + 180; t <= t0 + 990; t += 90) EXPECT_EQ(store.resume_at(id, t)->key(), key) << t;
  // ...but not past its absolute lifetime.
  auto old = store.resume_at(id, t0 + 1001);
  EXPECT_NE(old->key(), key);
  EXPECT_FALSE(old->set_cookie().empty());
  // Idle: a new session unused for 101 s is gone.
  const std::string idle = cookie_id(store.resume_at(std::nullopt, t0)->set_cookie());
  EXPECT_FALSE(store.resume_at(idle, t0 + 101)->set_cookie().empty());
  // Cleanup deletes what expired, keeps the rest.
  store.resume_at(std::nullopt, t0 + 2000);
  const std::int64_t before = count("SELECT count(*) FROM rally_sessions");
  EXPECT_GE(store.cleanup(t0 + 2050), 1);
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions"), 1) << "only the session of t0+2000 is alive; there were " << before;
}

TEST_F(SessionDb, SignInAndSignOutRotateTheId) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto s = store.resume(std::nullopt);
  const std::string anonymous = cookie_id(s->set_cookie());
  s->sign_in(42);
  EXPECT_EQ(s->user_id(), 42);
  const std::string signed_in = cookie_id(s->set_cookie());
  ASSERT_EQ(signed_in.size(), 43u);
  EXPECT_NE(signed_in, anonymous) << "no fixation: the id changes at sign-in";
  EXPECT_EQ(store.resume(signed_in)->user_id(), 42);
  EXPECT_FALSE(store.resume(anonymous)->set_cookie().empty()) << "the pre-sign-in id is dead";
  const std::string csrf = s->csrf_token();
  s->sign_out();
  EXPECT_EQ(s->user_id(), std::nullopt);
  const std::string signed_out = cookie_id(s->set_cookie());
  EXPECT_NE(signed_out, signed_in);
  EXPECT_NE(s->csrf_token(), csrf);
  EXPECT_FALSE(store.resume(signed_in)->set_cookie().empty()) << "sign-out ends the signed-in id";
}

TEST_F(SessionDb, RallysOwnMigrationsApplyOnceBesideTheAppsTrack) {
  { SessionStore first(pool); }
  SessionStore second(pool);
  EXPECT_EQ(count("SELECT count(*) FROM rally_internal_migrations"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name = 'rally_migrations'"), 0) << "the app's track is untouched";
}

TEST_F(SessionDb, ASocketsSessionCannotSignIn) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto s = store.resume(std::nullopt, /*websocket=*/true);
  EXPECT_THROW(s->sign_in(1), std::logic_error);
}

TEST(SessionHandle, OutsideAScopeSaysWhy) {
  try {
    (void)rally::Session().user_id();
    FAIL() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("MIGRATIONS"), std::string::npos) << e.what();
  }
}

// ---- through the server ----

class SessionServer : public SessionDb {
 protected:
  void SetUp() override {
    SessionDb::SetUp();
    Options o;
    o.port = 0;
    o.threads = 2;
    o.log_requests = false;
    o.database = pool;
    server = std::make_unique<Server>(app, o);
    server->start();
  }
  void TearDown() override {
    server.reset();
    SessionDb::TearDown();
  }
  testing::FakeApp app;
  std::unique_ptr<Server> server;
};

TEST_F(SessionServer, APageSetsTheCookieOnceAndAppCodeSeesTheSession) {
  auto first = test::http_get(server->port(), "/session");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "anonymous");
  const std::string id = cookie_id(first.header("set-cookie"));
  ASSERT_EQ(id.size(), 43u) << first.header("set-cookie");
  EXPECT_EQ(first.header("cache-control"), "no-store");
  auto second = test::http_get(server->port(), "/session", {{"Cookie", "rally_session=" + id}});
  EXPECT_EQ(second.header("set-cookie"), "");

  auto signed_in = test::http_get(server->port(), "/session/sign-in", {{"Cookie", "rally_session=" + id}});
  const std::string user_id = cookie_id(signed_in.header("set-cookie"));
  ASSERT_EQ(user_id.size(), 43u);
  EXPECT_NE(user_id, id);
  EXPECT_EQ(test::http_get(server->port(), "/session", {{"Cookie", "rally_session=" + user_id}}).body, "user 7");
  EXPECT_EQ(test::http_get(server->port(), "/session", {{"Cookie", "rally_session=" + id}}).body, "anonymous");
}

TEST_F(SessionServer, TheWebSocketOfAPageIsThatPagesSession) {
  auto page = test::http_get(server->port(), "/session/sign-in");
  const std::string id = cookie_id(page.header("set-cookie"));
  ASSERT_EQ(id.size(), 43u);
  test::WsClient ws;
  ASSERT_EQ(ws.connect(server->port(), "/_rally/ws?contract=" + std::string(app.contract_hash()), {{"Cookie", "rally_session=" + id}}), "");
  ASSERT_TRUE(ws.send_binary(wire::encode_request(1, testing::session_handler, "")));
  auto f = ws.receive();
  ASSERT_TRUE(f.ok()) << f.error;
  std::string error;
  auto frame = wire::decode_server_frame(f.payload, error);
  ASSERT_TRUE(frame) << error;
  EXPECT_EQ(frame->payload, "user 7");

  test::WsClient anonymous;
  ASSERT_EQ(anonymous.connect(server->port(), "/_rally/ws?contract=" + std::string(app.contract_hash())), "");
  ASSERT_TRUE(anonymous.send_binary(wire::encode_request(2, testing::session_handler, "")));
  auto g = anonymous.receive();
  ASSERT_TRUE(g.ok()) << g.error;
  frame = wire::decode_server_frame(g.payload, error);
  ASSERT_TRUE(frame) << error;
  EXPECT_EQ(frame->payload, "anonymous");
}

}  // namespace
}  // namespace rally::server
