// The chat example's real server executable: its background jobs. The digest job, scheduled every
// second here (CHAT_DIGEST_EVERY=1) instead of daily, is run by the server's job runner and posts
// to each room (it needs no account; reading a room does, so the test signs up first);
// `chat --jobs` lists the queue.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <rally/codec.hpp>
#include <rally/routing.hpp>
#include <rally/wire.hpp>

#include "app_process.hpp"
#include "codecs/web/pages/rooms/id_.hpp"  // the chat app's generated codecs
#include "codecs/web/room.hpp"
#include "contract_file.hpp"
#include "test_client.hpp"

namespace {

namespace fs = std::filesystem;
using rally::test::AppProcess;
using rally::test::run_command;
using Env = std::vector<std::pair<std::string, std::string>>;

class ChatJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rally-chat-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    env = {{"DATABASE_PATH", (dir / "chat.db").string()}, {"CHAT_DIGEST_EVERY", "1"}};
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // Submits the form of the page at `path` (sign_up or sign_in) as a browser does: a GET for the
  // session cookie and its _csrf token, then the fields posted back from this site's Origin. The
  // answer, and the session cookie header it leaves the "browser" with.
  struct Submitted {
    rally::test::HttpResponse response;
    rally::test::Headers session;
  };
  static Submitted submit(std::uint16_t port, const std::string& form, const std::string& name, const std::string& password) {
    static const std::regex cookie_re("^rally_session=([A-Za-z0-9_-]+);");
    const std::string path = "/" + form;
    std::smatch m;
    auto shown = rally::test::http_get(port, path);
    const std::string first_cookie = shown.header("set-cookie");
    EXPECT_TRUE(std::regex_search(first_cookie, m, cookie_re)) << first_cookie;
    rally::test::Headers session{{"Cookie", "rally_session=" + m[1].str()}};
    EXPECT_TRUE(std::regex_search(shown.body, m, std::regex("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\""))) << shown.body;
    const std::string body = "_form=" + form + "&_csrf=" + m[1].str() + "&name=" + rally::routing::encode_text(name) +
                             "&password=" + rally::routing::encode_text(password) + "&next=%2F";
    rally::test::Headers headers = session;
    headers.emplace_back("Origin", "http://127.0.0.1:" + std::to_string(port));
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    Submitted out{rally::test::http_request(port, "POST", path, headers, body), session};
    const std::string new_cookie = out.response.header("set-cookie");
    if (std::regex_search(new_cookie, m, cookie_re)) out.session = {{"Cookie", "rally_session=" + m[1].str()}};
    return out;
  }

  // Signs up as `name`: the signed-in session's cookie header.
  static rally::test::Headers signed_up(std::uint16_t port, const std::string& name) {
    auto done = submit(port, "sign_up", name, "correct horse battery");
    EXPECT_EQ(done.response.status, 303) << done.response.body;
    return done.session;
  }

  // The page of `room` once it shows `text` (the server's job runs on its own schedule), or the
  // last page seen after `within`.
  static std::string page_once_it_shows(std::uint16_t port, const rally::test::Headers& session, int room,
                                        const std::string& text, std::chrono::seconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    std::string body;
    do {
      body = rally::test::http_get(port, "/rooms/" + std::to_string(room), session).body;
      if (body.find(text) != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < deadline);
    return body;
  }

  fs::path dir;
  Env env;
};

TEST_F(ChatJobs, TheRecurringDigestJobPostsInEveryRoom) {
  AppProcess chat(CHAT_EXECUTABLE, env);
  ASSERT_TRUE(chat.running()) << chat.error();
  // Signed out, a room sends the visitor to the sign-in page.
  auto refused = rally::test::http_get(chat.port(), "/rooms/1");
  EXPECT_EQ(refused.status, 302);
  EXPECT_EQ(refused.header("location").rfind("/sign_in?next=", 0), 0u) << refused.header("location");
  const auto session = signed_up(chat.port(), "reader");
  ASSERT_FALSE(HasFailure());
  for (int room : {1, 2, 3}) {
    const std::string page =
        page_once_it_shows(chat.port(), session, room, "lines since the last digest", std::chrono::seconds(20));
    EXPECT_NE(page.find("<strong class=\"author\">digest</strong> <span class=\"text\">0 lines since the last digest"),
              std::string::npos)
        << "room " << room << ":\n" << page;
  }
  EXPECT_EQ(chat.stop(), 0);
  // The queue, as the command prints it: the next slots queued (a stopped server waited for its
  // running jobs), nothing dead, the digests done.
  auto listed = run_command(CHAT_EXECUTABLE, {"--jobs"}, env);
  EXPECT_EQ(listed.exit_status, 0) << listed.err;
  std::smatch counts;
  ASSERT_TRUE(std::regex_search(listed.out, counts, std::regex(R"(rally_jobs: (\d+) queued, 0 running, 0 dead, (\d+) done)")))
      << listed.out;
  EXPECT_GE(std::stoi(counts[1]), 3) << "each room's next digest";
  EXPECT_GE(std::stoi(counts[2]), 3) << "each room's first digest";
  EXPECT_NE(listed.out.find("web::PostDigest  queued  0/5"), std::string::npos) << listed.out;
}

TEST_F(ChatJobs, ListingJobsWithoutADatabaseSaysSo) {
  auto listed = run_command(CHAT_EXECUTABLE, {"--jobs"}, env);
  EXPECT_EQ(listed.exit_status, 1);
  EXPECT_NE(listed.err.find("no database at " + (dir / "chat.db").string() + " yet"), std::string::npos) << listed.err;
}

TEST_F(ChatJobs, ABadScheduleSettingStopsTheServerBeforeItListens) {
  env.back().second = "soon";
  AppProcess chat(CHAT_EXECUTABLE, env);
  EXPECT_FALSE(chat.running());
  EXPECT_EQ(chat.exit_status(), 1);
  EXPECT_NE(chat.error().find("rally: starting: CHAT_DIGEST_EVERY=\"soon\" is not a number of seconds"), std::string::npos)
      << chat.error();
}

// Accounts: the same fixture (a fresh database per test), without the digest schedule.
using ChatAccounts = ChatJobs;

// The answer to request `id` on `ws`, skipping anything else the server sends (context pushes).
std::optional<rally::wire::ServerFrame> answer(rally::test::WsClient& ws, std::uint64_t id, std::string& payload) {
  for (int i = 0; i < 10; ++i) {
    auto frame = ws.receive();
    if (!frame.ok()) return std::nullopt;
    payload = frame.payload;
    std::string error;
    auto parsed = rally::wire::decode_server_frame(payload, error);
    if (!parsed) return std::nullopt;
    if ((parsed->kind == rally::wire::FrameKind::response || parsed->kind == rally::wire::FrameKind::error) && parsed->id == id)
      return parsed;
  }
  return std::nullopt;
}

TEST_F(ChatAccounts, ALineIsSaidAsTheSessionsAccountAndNeverWithoutOne) {
  env.pop_back();
  AppProcess chat(CHAT_EXECUTABLE, env);
  ASSERT_TRUE(chat.running()) << chat.error();
  const auto contract = rally::test::read_contract(CHAT_CONTRACT);
  const std::string target = std::string(rally::wire::socket_path) + "?contract=" + contract.hash + "&ns=web";
  // ServerSay is {room, text}: who says it is the server's to know.
  const auto say = [&](std::uint64_t id, const std::string& text) {
    return rally::wire::encode_request(id, contract.handler("web::pages::rooms::id_::server_say"),
                                       rally::codec::to_bytes(web::pages::rooms::id_::ServerSay{1, text}));
  };

  rally::test::WsClient anonymous;
  ASSERT_EQ(anonymous.connect(chat.port(), target), "");
  ASSERT_TRUE(anonymous.send_binary(say(1, "who am i?")));
  std::string payload;
  auto refused = answer(anonymous, 1, payload);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->kind, rally::wire::FrameKind::error);
  EXPECT_EQ(refused->code, rally::wire::ErrorCode::unauthorized);

  rally::test::WsClient ada;
  ASSERT_EQ(ada.connect(chat.port(), target, signed_up(chat.port(), "Ada Lovelace")), "");
  ASSERT_TRUE(ada.send_binary(say(2, "hello")));
  auto said = answer(ada, 2, payload);
  ASSERT_TRUE(said);
  ASSERT_EQ(said->kind, rally::wire::FrameKind::response) << said->text;
  rally::Result<web::Line> line = rally::err("undecoded");
  std::string error;
  ASSERT_TRUE(rally::codec::from_bytes(said->payload, line, &error)) << error;
  ASSERT_TRUE(line) << line.error_text();
  EXPECT_EQ(line->author, "Ada Lovelace");
  EXPECT_EQ(line->text, "hello");
  EXPECT_EQ(chat.stop(), 0);
}

TEST_F(ChatAccounts, NamesAreOneEachWhateverTheCaseAndDigestIsNobodys) {
  env.pop_back();
  AppProcess chat(CHAT_EXECUTABLE, env);
  ASSERT_TRUE(chat.running()) << chat.error();
  signed_up(chat.port(), "Bea");
  for (const char* taken : {"bea", " BEA ", "digest", "Digest"}) {
    auto again = submit(chat.port(), "sign_up", taken, "correct horse battery");
    EXPECT_EQ(again.response.status, 422) << taken;
    EXPECT_NE(again.response.body.find("That name is taken."), std::string::npos) << taken;
  }
  auto too_long = submit(chat.port(), "sign_up", std::string(41, 'x'), "correct horse battery");
  EXPECT_EQ(too_long.response.status, 422);
  EXPECT_EQ(submit(chat.port(), "sign_in", "BEA", "correct horse battery").response.status, 303) << "any case signs in";
  EXPECT_EQ(chat.stop(), 0);
}

TEST_F(ChatAccounts, AfterFiveWrongPasswordsTheRightOneIsRefusedTooWithTheSameAnswer) {
  env.pop_back();
  AppProcess chat(CHAT_EXECUTABLE, env);
  ASSERT_TRUE(chat.running()) << chat.error();
  signed_up(chat.port(), "Cyd");
  signed_up(chat.port(), "Dee");
  const auto wrong = "Wrong name or password.";
  // One budget for the account whatever the case it is typed in.
  for (const char* as : {"Cyd", "cyd", "CYD", "cYd", "cyD"}) {
    auto res = submit(chat.port(), "sign_in", as, "not the password");
    EXPECT_EQ(res.response.status, 422) << as;
    EXPECT_NE(res.response.body.find(wrong), std::string::npos) << as;
  }
  auto limited = submit(chat.port(), "sign_in", "Cyd", "correct horse battery");
  EXPECT_EQ(limited.response.status, 422);
  EXPECT_NE(limited.response.body.find(wrong), std::string::npos);
  auto unknown = submit(chat.port(), "sign_in", "nobody", "correct horse battery");
  EXPECT_EQ(unknown.response.status, 422);
  EXPECT_NE(unknown.response.body.find(wrong), std::string::npos);
  // Another account from the same address is not limited yet (20 failures per address).
  EXPECT_EQ(submit(chat.port(), "sign_in", "Dee", "correct horse battery").response.status, 303);
  EXPECT_EQ(chat.stop(), 0);
}

}  // namespace
