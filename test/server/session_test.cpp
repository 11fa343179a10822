// Server-side sessions: the store (ids, expiry, rotation, what is kept) and the server around it
// (the cookie on first visit, the same session on the WebSocket, rally::Session in app code).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>

#include <rally/db/db.hpp>
#include <rally/server/database.hpp>
#include <rally/server/session.hpp>
#include <rally/server/topics.hpp>

#include "fake_app.hpp"
#include "rally/server/run.hpp"
#include "rally/wire.hpp"
#include "own_migrations.hpp"
#include "session_store.hpp"
#include "test_client.hpp"
#include "test_fixtures.hpp"

namespace rally::server {
namespace {

namespace fs = std::filesystem;

class SessionDb : public testing::TempDatabase {
 protected:
  std::int64_t count(const std::string& sql) {
    CallScope scope(pool);
    return Db()->query_value<std::int64_t>(sql).value();
  }
  // The cookie value a Set-Cookie hands out.
  static std::string cookie_id(const std::string& set_cookie) {
    std::smatch m;
    return std::regex_search(set_cookie, m, std::regex("^rally_session=([A-Za-z0-9_-]{78}); ")) ? m[1].str() : "";
  }
};

TEST_F(SessionDb, AFirstVisitGetsAnAnonymousSessionAndItsCookieWithoutAWrite) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto s = store.resume(std::nullopt);
  EXPECT_EQ(s->user_id(), std::nullopt);
  const std::string cookie = s->set_cookie();
  EXPECT_TRUE(std::regex_match(cookie, std::regex("rally_session=[A-Za-z0-9_-]{78}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax")))
      << cookie;
  EXPECT_EQ(s->key(), "") << "anonymous sessions are not stored";
  auto again = store.resume(cookie_id(cookie));
  EXPECT_EQ(again->cookie(), s->cookie());
  EXPECT_EQ(again->set_cookie(), "") << "a known session sends no new cookie";
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions"), 0);
}

TEST_F(SessionDb, TheCookieIsSecureInProduction) {
  SessionSettings settings;
  settings.secure_cookie = true;
  SessionStore store(pool, settings);
  CallScope scope(pool);
  EXPECT_TRUE(store.resume(std::nullopt)->set_cookie().ends_with("; HttpOnly; SameSite=Lax; Secure"));
}

TEST_F(SessionDb, ASignedInSessionIsStoredAsAKeyedHashNeverTheId) {
  SessionStore store(pool);
  std::string cookie;
  {
    CallScope scope(pool);
    auto s = store.resume(std::nullopt);
    s->sign_in(5);
    cookie = cookie_id(s->set_cookie());
  }
  ASSERT_EQ(cookie.size(), 78u);
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions WHERE user_id = 5"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions WHERE key = '" + cookie + "'"), 0);
  EXPECT_EQ(count("SELECT length(key) FROM rally_sessions"), 64);
}

TEST_F(SessionDb, ForgedTamperedTruncatedOversizedAndRandomCookiesGetAFreshSession) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto signed_in = store.resume(std::nullopt);
  signed_in->sign_in(9);
  const std::string good = cookie_id(signed_in->set_cookie());
  ASSERT_EQ(good.size(), 78u);
  std::string tampered = good;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  const std::string forged = std::string(78, 'A');
  for (const std::string& bad : {forged, tampered, good.substr(0, 77), good + "A", std::string(4096, 'x'),
                                 std::string("%00;\"\\"), std::string(), good.substr(0, 77) + "!"}) {
    auto s = store.resume(bad);
    ASSERT_NE(s, nullptr);
    const std::string fresh = cookie_id(s->set_cookie());
    EXPECT_EQ(fresh.size(), 78u) << "cookie " << bad.substr(0, 50);
    EXPECT_NE(fresh, bad);
    EXPECT_EQ(s->user_id(), std::nullopt) << bad.substr(0, 50);
  }
  EXPECT_EQ(store.resume(good)->user_id(), 9) << "the good cookie still works";
}

TEST_F(SessionDb, IdleAndAbsoluteExpiryEndASessionAndCleanupDeletesIt) {
  SessionSettings settings;
  settings.idle_seconds = 100;
  settings.absolute_seconds = 1000;
  settings.touch_seconds = 10;
  settings.cleanup_seconds = 1'000'000'000;  // only when called
  SessionStore store(pool, settings);
  CallScope scope(pool);
  // sign_in() stamps its row with the real clock, which may tick past t0 (a loaded machine's writes
  // can take seconds): the checks below leave ten seconds of margin.
  const std::int64_t t0 = SessionStore::now();
  auto signed_in = [&] {
    auto s = store.resume_at(std::nullopt, t0);
    s->sign_in(1);
    return cookie_id(s->set_cookie());
  };
  const std::string id = signed_in();
  // Used every 90 s it stays alive (each use is written: touch_seconds is 10)...
  for (std::int64_t t = t0 + 90; t <= t0 + 990; t += 90) EXPECT_EQ(store.resume_at(id, t)->user_id(), 1) << t - t0;
  // ...but not past its absolute lifetime.
  auto old = store.resume_at(id, t0 + 1010);
  EXPECT_EQ(old->user_id(), std::nullopt);
  EXPECT_FALSE(old->set_cookie().empty());
  // Idle: a session unused for over 100 s is gone.
  const std::string idle = signed_in();
  EXPECT_EQ(store.resume_at(idle, t0 + 110)->user_id(), std::nullopt);
  // An anonymous cookie expires with the same absolute lifetime.
  const std::string anonymous = store.resume_at(std::nullopt, t0)->cookie();
  EXPECT_TRUE(store.resume_at(anonymous, t0 + 999)->set_cookie().empty());
  EXPECT_FALSE(store.resume_at(anonymous, t0 + 1001)->set_cookie().empty());
  // Cleanup deletes what expired, keeps the rest.
  const std::string live = signed_in();
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions"), 1) << "the expired ones were deleted when met";
  const std::string stale = signed_in();
  EXPECT_EQ(store.cleanup(t0 + 50), 0);
  EXPECT_EQ(store.cleanup(t0 + 150), 2);
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions"), 0);
  (void)live;
  (void)stale;
}

TEST_F(SessionDb, SignInAndSignOutRotateTheId) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto s = store.resume(std::nullopt);
  const std::string anonymous = cookie_id(s->set_cookie());
  s->sign_in(42);
  EXPECT_EQ(s->user_id(), 42);
  const std::string signed_in = cookie_id(s->set_cookie());
  ASSERT_EQ(signed_in.size(), 78u);
  EXPECT_NE(signed_in, anonymous) << "no fixation: the id changes at sign-in";
  EXPECT_EQ(store.resume(signed_in)->user_id(), 42);
  EXPECT_EQ(store.resume(anonymous)->user_id(), std::nullopt) << "the pre-sign-in cookie never becomes the user's";
  const std::string csrf = s->csrf_token();
  s->sign_out();
  EXPECT_EQ(s->user_id(), std::nullopt);
  const std::string signed_out = cookie_id(s->set_cookie());
  EXPECT_NE(signed_out, signed_in);
  EXPECT_NE(s->csrf_token(), csrf);
  auto after = store.resume(signed_in);
  EXPECT_EQ(after->user_id(), std::nullopt);
  EXPECT_FALSE(after->set_cookie().empty()) << "sign-out ends the signed-in session";
  EXPECT_EQ(count("SELECT count(*) FROM rally_sessions"), 0);
}

TEST_F(SessionDb, RallysOwnMigrationsApplyOnceBesideTheAppsTrack) {
  { SessionStore first(pool); }
  SessionStore second(pool);
  EXPECT_EQ(count("SELECT count(*) FROM rally_internal_migrations"), static_cast<std::int64_t>(own_migration_count()))
      << "the whole track (sessions, jobs), each entry once";
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name = 'rally_migrations'"), 0) << "the app's track is untouched";
}

TEST_F(SessionDb, ASocketsSessionCannotSignIn) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto s = store.resume(std::nullopt, /*websocket=*/true);
  EXPECT_THROW(s->sign_in(1), std::logic_error);
}

TEST_F(SessionDb, ASignInOrSignOutMovesTheBrowsersSocketsToTheNewSession) {
  SessionStore store(pool);
  CallScope scope(pool);
  auto page = store.resume(std::nullopt);
  const std::string cookie = cookie_id(page->set_cookie());
  auto tab1 = store.resume(cookie, /*websocket=*/true);
  auto tab2 = store.resume(cookie, /*websocket=*/true);
  auto stranger = store.resume(std::nullopt, /*websocket=*/true);
  int told = 0;
  tab1->on_rotated([&] { ++told; });
  tab2->on_rotated([&] { ++told; });
  stranger->on_rotated([&] { ADD_FAILURE() << "another browser's socket was told"; });

  auto sign_in_request = store.resume(cookie);
  sign_in_request->sign_in(9);
  EXPECT_EQ(told, 2);
  EXPECT_EQ(tab1->user_id(), 9);
  EXPECT_EQ(tab2->user_id(), 9);
  EXPECT_EQ(tab1->csrf_token(), sign_in_request->csrf_token()) << "the sockets now hold the new id";
  EXPECT_EQ(stranger->user_id(), std::nullopt);

  // They stay attached under the new id: the sign-out (with the new cookie) reaches them too.
  tab2.reset();  // a closed tab is forgotten
  auto sign_out_request = store.resume(cookie_id(sign_in_request->set_cookie()));
  sign_out_request->sign_out();
  EXPECT_EQ(told, 3);
  EXPECT_EQ(tab1->user_id(), std::nullopt);
}

TEST(SessionHandle, WithoutASessionNobodyIsSignedInAndSigningInSaysWhy) {
  EXPECT_EQ(rally::Session().user_id(), std::nullopt);
  EXPECT_FALSE(rally::Session().signed_in());
  try {
    rally::Session().sign_in(1);
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
  ASSERT_EQ(id.size(), 78u) << first.header("set-cookie");
  EXPECT_EQ(first.header("cache-control"), "no-store");
  auto second = test::http_get(server->port(), "/session", {{"Cookie", "rally_session=" + id}});
  EXPECT_EQ(second.header("set-cookie"), "");

  auto signed_in = test::http_get(server->port(), "/session/sign-in", {{"Cookie", "rally_session=" + id}});
  const std::string user_id = cookie_id(signed_in.header("set-cookie"));
  ASSERT_EQ(user_id.size(), 78u);
  EXPECT_NE(user_id, id);
  EXPECT_EQ(test::http_get(server->port(), "/session", {{"Cookie", "rally_session=" + user_id}}).body, "user 7");
  EXPECT_EQ(test::http_get(server->port(), "/session", {{"Cookie", "rally_session=" + id}}).body, "anonymous");
}

TEST_F(SessionServer, TheWebSocketOfAPageIsThatPagesSession) {
  auto page = test::http_get(server->port(), "/session/sign-in");
  const std::string id = cookie_id(page.header("set-cookie"));
  ASSERT_EQ(id.size(), 78u);
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

// rally::audience::this_session(): every socket of the browser is in its session's audience, and
// moves with it when a request of that browser signs in.
TEST_F(SessionServer, TheSessionsAudienceFollowsTheBrowserThroughASignIn) {
  auto page = test::http_get(server->port(), "/session");
  const std::string before = cookie_id(page.header("set-cookie"));
  ASSERT_EQ(before.size(), 78u);
  test::WsClient ws;
  ASSERT_EQ(ws.connect(server->port(), "/_rally/ws?contract=" + std::string(app.contract_hash()), {{"Cookie", "rally_session=" + before}}), "");
  // A call answered means the socket is set up (its audiences joined at the upgrade).
  ASSERT_TRUE(ws.send_binary(wire::encode_request(1, testing::session_handler, "")));
  ASSERT_TRUE(ws.receive().ok());
  SessionStore store(pool);
  auto key_of = [&](const std::string& cookie) {
    auto state = store.decode(cookie);
    return state ? store.audience_of(*state) : std::string("(bad cookie)");
  };
  EXPECT_EQ(subscriber_count(wire::audience_session, key_of(before)), 1u);

  auto signed_in = test::http_get(server->port(), "/session/sign-in", {{"Cookie", "rally_session=" + before}});
  const std::string after = cookie_id(signed_in.header("set-cookie"));
  ASSERT_EQ(after.size(), 78u);
  // The socket hears of the change (its new form token), after it moved to the new audience.
  auto pushed = ws.receive();
  ASSERT_TRUE(pushed.ok()) << pushed.error;
  std::string error;
  auto push = wire::decode_server_frame(pushed.payload, error);
  ASSERT_TRUE(push && push->kind == wire::FrameKind::push && push->text == wire::session_topic) << error;
  EXPECT_EQ(deliver_local(wire::audience_session, key_of(before), "old"), 0u);
  EXPECT_EQ(deliver_local(wire::audience_session, key_of(after), "new"), 1u);
  auto told = ws.receive();
  ASSERT_TRUE(told.ok()) << told.error;
  auto message = wire::decode_server_frame(told.payload, error);
  ASSERT_TRUE(message && message->kind == wire::FrameKind::message) << error;
  EXPECT_EQ(message->id, wire::audience_session);
  EXPECT_EQ(message->payload, "new");
}

}  // namespace
}  // namespace rally::server
