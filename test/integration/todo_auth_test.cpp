// The todo example's accounts against its real server: each user sees only their own todos (SSR
// and RPC), a raw socket without a session is refused, cross-site form posts are refused, the
// session cookie's flags (Secure in prod), the open-redirect guard of ?next=, the sign-in limits.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <rally/db/db.hpp>

#include "app_process.hpp"
#include "test_client.hpp"
#include "todo_client.hpp"

namespace {

namespace fs = std::filesystem;
using rally::test::AppProcess;
using rally::test::WsClient;
using todo_test::add_frame;
using todo_test::Browser;
using todo_test::receive_list;
using todo_test::request_frame;
namespace home = web::pages::home_;

class TodoAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rally-todo-auth-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::vector<std::pair<std::string, std::string>> env(std::vector<std::pair<std::string, std::string>> extra = {}) const {
    extra.emplace_back("DATABASE_PATH", (dir / "todo.db").string());
    return extra;
  }
  std::int64_t query(const std::string& sql) {
    auto conn = rally::db::open((dir / "todo.db").string());
    if (!conn) return -1;
    auto n = conn->query_value<std::int64_t>(sql);
    return n ? *n : -1;
  }

  fs::path dir;
};

TEST_F(TodoAuth, AUserNeverSeesAnotherUsersTodosInTheHtmlOrOverTheSocket) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  Browser ada(app.port()), bob(app.port());
  ada.sign_up("ada@example.com");
  bob.sign_up("bob@example.com");

  WsClient ada_ws;
  ASSERT_EQ(ada.connect(ada_ws), "");
  ASSERT_TRUE(ada_ws.send_binary(add_frame(1, "Ada secret plan")));
  auto added = receive_list(ada_ws, 1);
  ASSERT_TRUE(added && added->size() == 1u) << (added ? "" : added.error().front());
  const std::int64_t ada_item = (*added)[0].id;

  auto bob_home = bob.get("/");
  ASSERT_EQ(bob_home.status, 200);
  EXPECT_EQ(bob_home.body.find("secret plan"), std::string::npos) << bob_home.body;
  EXPECT_NE(bob_home.body.find("0 left"), std::string::npos);
  EXPECT_EQ(bob.get("/todos/" + std::to_string(ada_item)).status, 404);

  // Bob's socket names Ada's item: toggle and remove find nothing of his, and answer his list.
  WsClient bob_ws;
  ASSERT_EQ(bob.connect(bob_ws), "");
  ASSERT_TRUE(bob_ws.send_binary(request_frame(2, "web::pages::home_::server_toggle", home::ServerToggle{ada_item})));
  auto toggled = receive_list(bob_ws, 2);
  ASSERT_TRUE(toggled) << toggled.error().front();
  EXPECT_TRUE(toggled->empty());
  ASSERT_TRUE(bob_ws.send_binary(request_frame(3, "web::pages::home_::server_remove", home::ServerRemove{ada_item})));
  auto removed = receive_list(bob_ws, 3);
  ASSERT_TRUE(removed) << removed.error().front();
  EXPECT_TRUE(removed->empty());
  EXPECT_EQ(query("SELECT count(*) FROM todos WHERE done = 0 AND id = " + std::to_string(ada_item)), 1)
      << "Ada's item is untouched";
  EXPECT_NE(ada.get("/").body.find("Ada secret plan"), std::string::npos);
  EXPECT_EQ(app.stop(), 0) << app.stderr_text();
}

TEST_F(TodoAuth, AHandlerOfTheProtectedListOverASocketWithoutASessionIsUnauthorized) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  Browser nobody(app.port());  // no cookie at all
  WsClient ws;
  ASSERT_EQ(nobody.connect(ws), "");
  ASSERT_TRUE(ws.send_binary(add_frame(9, "sneaky")));
  auto refused = receive_list(ws, 9);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().front(), "error frame 4: sign in first");
  EXPECT_EQ(query("SELECT count(*) FROM todos"), 0) << "the handler never ran";
  EXPECT_EQ(app.stop(), 0);
}

TEST_F(TodoAuth, CrossSiteFormPostsAndMissingTokensAre403) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  Browser ada(app.port());
  ada.sign_up("ada@example.com");
  const std::string cookie = ada.cookie();
  const todo_test::Fields sign_up = {{"email", "mallory@example.com"}, {"password", "correct horse"}, {"next", "/"}};
  Browser victim(app.port());
  EXPECT_EQ(victim.submit("/sign_up", "sign_up", sign_up, {{"Origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(victim.submit("/sign_up", "sign_up", sign_up, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  EXPECT_EQ(victim.post("/sign_up", {{"_form", "sign_up"}, {"email", "m@example.com"}, {"password", "correct horse"}}).status, 403)
      << "no token";
  EXPECT_EQ(query("SELECT count(*) FROM users"), 1) << "no account was made";
  // A cross-site sign-out of Ada's session is refused too.
  auto out = ada.submit("/sign_out", "sign_out", {}, {{"Origin", "http://evil.example"}});
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(ada.cookie(), cookie);
  EXPECT_EQ(ada.get("/").status, 200) << "still signed in";
  EXPECT_EQ(app.stop(), 0);
}

TEST_F(TodoAuth, TheSessionCookieIsHttpOnlyLaxAndChangesAtSignInAndOut) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  auto first = rally::test::http_get(app.port(), "/sign_in");
  EXPECT_TRUE(std::regex_match(first.header("set-cookie"),
                               std::regex("rally_session=[A-Za-z0-9_-]{78}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax")))
      << first.header("set-cookie");
  Browser ada(app.port());
  ada.get("/sign_up");
  const std::string anonymous = ada.cookie();
  ada.sign_up("ada@example.com");
  const std::string signed_in = ada.cookie();
  EXPECT_NE(signed_in, anonymous);
  auto out = ada.submit("/sign_out", "sign_out", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.header("location"), "/sign_in");
  EXPECT_NE(ada.cookie(), signed_in);
  Browser replay(app.port());
  replay.set_cookie(signed_in);
  EXPECT_EQ(replay.get("/").status, 302) << "the signed-out session's cookie opens nothing";
  EXPECT_EQ(app.stop(), 0);
}

TEST_F(TodoAuth, InProductionTheCookieIsSecure) {
  AppProcess app(TODO_EXECUTABLE, env({{"APP_ENV", "prod"}, {"SECRET_KEY_BASE", std::string(64, 'k')},
                                       {"RALLY_ALLOWED_HOSTS", "127.0.0.1"}}));
  ASSERT_TRUE(app.running()) << app.error();
  auto res = rally::test::http_get(app.port(), "/sign_in");
  EXPECT_TRUE(res.header("set-cookie").ends_with("; HttpOnly; SameSite=Lax; Secure")) << res.header("set-cookie");
  EXPECT_EQ(app.stop(), 0);
}

TEST_F(TodoAuth, SignInFollowsOnlySameSitePathsInNext) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  Browser(app.port()).sign_up("ada@example.com");
  const std::vector<std::string> hostile = {"//evil.example", "/\\evil.example", "https://evil.example/x",
                                            "%2F%2Fevil.example", "/%2F/evil.example", "javascript:alert(1)",
                                            "/\t/evil.example", "http:/evil.example"};
  for (const std::string& next : hostile) {
    Browser ada(app.port());
    auto res = ada.submit("/sign_in?next=" + rally::routing::encode_text(next), "sign_in",
                          {{"email", "ada@example.com"}, {"password", "correct horse battery"}, {"next", next}});
    EXPECT_EQ(res.status, 303) << next;
    EXPECT_EQ(res.header("location"), "/") << next;
  }
  Browser ada(app.port());
  auto res = ada.submit("/sign_in", "sign_in",
                        {{"email", "ada@example.com"}, {"password", "correct horse battery"}, {"next", "/todos/1?x=2"}});
  EXPECT_EQ(res.header("location"), "/todos/1?x=2");
  EXPECT_EQ(app.stop(), 0);
}

TEST_F(TodoAuth, SignInIsLimitedPerAccountWithTheSameAnswerAsAWrongPassword) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  Browser(app.port()).sign_up("ada@example.com");
  auto attempt = [&](const std::string& email, const std::string& password) {
    Browser b(app.port());
    return b.submit("/sign_in", "sign_in", {{"email", email}, {"password", password}, {"next", "/"}});
  };
  auto unknown = attempt("nobody@example.com", "whatever1");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("Wrong email or password."), std::string::npos) << "an unknown account: the same answer";
  const auto wrong = attempt("ada@example.com", "wrong password");
  EXPECT_EQ(wrong.status, 422);
  for (int i = 1; i < 5; ++i) EXPECT_EQ(attempt("ada@example.com", "wrong password").status, 422);
  auto limited = attempt("ada@example.com", "correct horse battery");
  EXPECT_EQ(limited.status, 422) << "the right password, but the account's budget is spent";
  // The limited answer is the wrong-password page, byte for byte but for the session's token.
  std::regex token("\"[A-Za-z0-9_-]{43}\"");
  EXPECT_EQ(std::regex_replace(limited.body, token, ""), std::regex_replace(wrong.body, token, ""));
  EXPECT_EQ(attempt("bob@example.com", "whatever1").status, 422) << "other accounts are not locked out";
  EXPECT_EQ(app.stop(), 0);
}

}  // namespace
