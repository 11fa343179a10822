// The chat example's real server executable: its background jobs. The digest job, scheduled every
// second here (CHAT_DIGEST_EVERY=1) instead of daily, is run by the server's job runner and posts
// to each room; `chat --jobs` lists the queue.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app_process.hpp"
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

  // The page of `room` once it shows `text` (the server's job runs on its own schedule), or the
  // last page seen after `within`.
  static std::string page_once_it_shows(std::uint16_t port, int room, const std::string& text,
                                        std::chrono::seconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    std::string body;
    do {
      body = rally::test::http_get(port, "/rooms/" + std::to_string(room)).body;
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
  for (int room : {1, 2, 3}) {
    const std::string page = page_once_it_shows(chat.port(), room, "lines since the last digest", std::chrono::seconds(20));
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

}  // namespace
