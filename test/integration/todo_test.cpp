// The todo example's real server executable with a SQLite file in a temporary folder: startup
// migrations, load() and handlers through ctx.db, persistence across restarts, concurrent writers,
// a broken migration refusing to serve, and the --migrate/--reset commands. (Accounts and
// sessions: todo_auth_test.cpp.)
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <rally/codec.hpp>
#include <rally/db/db.hpp>
#include <rally/wire.hpp>

#include "app_process.hpp"
#include "test_client.hpp"
#include "todo_client.hpp"

namespace {

namespace fs = std::filesystem;
using rally::test::AppProcess;
using rally::test::run_command;
using rally::test::WsClient;
using web::Todo;
using Env = std::vector<std::pair<std::string, std::string>>;
using todo_test::add_frame;
using todo_test::Browser;
using todo_test::receive_list;
using todo_test::TodoList;

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "rally-todo-XXXXXX").string();
  const char* made = ::mkdtemp(pattern.data());
  if (!made) throw std::runtime_error("mkdtemp failed");
  return made;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class TodoServer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = make_temp_dir();
    db_path = dir / "data" / "todo.db";  // "data/" does not exist yet: the server creates it
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // A fixed secret: session cookies stay valid across the restarts of one test.
  Env env(Env extra = {}) const {
    extra.emplace_back("DATABASE_PATH", db_path.string());
    extra.emplace_back("SECRET_KEY_BASE", std::string(64, 's'));
    return extra;
  }
  void add(Browser& user, const std::string& title) {
    WsClient ws;
    ASSERT_EQ(user.connect(ws), "");
    ASSERT_TRUE(ws.send_binary(add_frame(1, title)));
    auto list = receive_list(ws, 1);
    ASSERT_TRUE(list) << list.error().front();
  }
  std::int64_t row_count() {
    auto conn = rally::db::open(db_path.string());
    if (!conn) return -1;
    auto n = conn->query_value<std::int64_t>("SELECT count(*) FROM todos");
    return n ? *n : -1;
  }

  fs::path dir;
  fs::path db_path;
};

TEST_F(TodoServer, MigratesAtStartupAndRendersTheEmptyList) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  EXPECT_TRUE(fs::exists(db_path));
  Browser user(app.port());
  auto signed_out = user.get("/");
  EXPECT_EQ(signed_out.status, 302);
  EXPECT_EQ(signed_out.header("location"), "/sign_in?next=%2F");
  user.sign_up("ada@example.com");
  auto res = user.get("/");
  ASSERT_EQ(res.status, 200) << res.body << app.stderr_text();
  EXPECT_NE(res.body.find("<ul class=\"items\"></ul>"), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("0 left"), std::string::npos);
  EXPECT_EQ(app.stop(), 0) << app.stderr_text();
  EXPECT_NE(app.stderr_text().find("applied migration 004_todos_belong_to_users.sql"), std::string::npos) << app.stderr_text();
  auto conn = rally::db::open(db_path.string());
  ASSERT_TRUE(conn);
  EXPECT_EQ(*conn->query_value<int>("SELECT max(version) FROM rally_migrations"), 4);
}

TEST_F(TodoServer, AddOverWebSocketShowsUpInTheServerRenderedHtml) {
  AppProcess app(TODO_EXECUTABLE, env());
  ASSERT_TRUE(app.running()) << app.error();
  Browser user(app.port());
  user.sign_up("ada@example.com");
  EXPECT_EQ(user.get("/todos/1").status, 404);

  WsClient ws;
  ASSERT_EQ(user.connect(ws), "");
  ASSERT_TRUE(ws.send_binary(add_frame(7, "  Buy <milk>  ")));
  auto list = receive_list(ws, 7);
  ASSERT_TRUE(list) << list.error().front();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].title, "Buy <milk>");  // trimmed by the handler
  EXPECT_FALSE((*list)[0].done);

  // A blank title is the user's mistake: an error result, nothing stored.
  ASSERT_TRUE(ws.send_binary(add_frame(8, "   ")));
  auto blank = receive_list(ws, 8);
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().front(), "write something first");

  auto home = user.get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("Buy &lt;milk&gt;"), std::string::npos) << home.body;
  EXPECT_NE(home.body.find("1 left"), std::string::npos);
  auto detail = user.get("/todos/" + std::to_string((*list)[0].id));
  ASSERT_EQ(detail.status, 200);
  EXPECT_NE(detail.body.find("Not done"), std::string::npos) << detail.body;
  EXPECT_EQ(app.stop(), 0);
  // The request log carries each request's query count and time.
  const std::string log = app.stderr_text();
  // GET / signed in: the session's row, the list and the email the layout shows.
  EXPECT_TRUE(std::regex_search(log, std::regex("GET / 200 [0-9]+us \\(3 queries, "))) << log;
  // A signed-out visit costs none (an anonymous session is not stored).
  EXPECT_TRUE(std::regex_search(log, std::regex("GET /sign_up 200 [0-9]+us\n"))) << log;
  EXPECT_NE(log.find(" ok "), std::string::npos) << log;
  // The add: INSERT + SELECT, and the email for the ClientContext check after the call.
  EXPECT_NE(log.find("(3 queries,"), std::string::npos) << log;
}

TEST_F(TodoServer, DataSurvivesARestart) {
  std::string cookie;
  {
    AppProcess app(TODO_EXECUTABLE, env());
    ASSERT_TRUE(app.running()) << app.error();
    Browser user(app.port());
    user.sign_up("ada@example.com");
    add(user, "Water the plants");
    cookie = user.cookie();
    ASSERT_EQ(app.stop(), 0) << app.stderr_text();
  }
  AppProcess again(TODO_EXECUTABLE, env());
  ASSERT_TRUE(again.running()) << again.error();
  Browser user(again.port());
  user.set_cookie(cookie);  // the session is in the database: it survives the restart too
  auto home = user.get("/");
  EXPECT_NE(home.body.find("Water the plants"), std::string::npos) << home.body;
  // Nothing left to migrate on the second start.
  EXPECT_EQ(again.stop(), 0);
  EXPECT_EQ(again.stderr_text().find("applied migration"), std::string::npos) << again.stderr_text();
}

TEST_F(TodoServer, ConcurrentAddsFromEightSocketsAllLand) {
  constexpr int sockets = 8;
  constexpr int adds_each = 25;
  AppProcess app(TODO_EXECUTABLE, env({{"RALLY_THREADS", "4"}}));
  ASSERT_TRUE(app.running()) << app.error();
  Browser user(app.port());
  user.sign_up("ada@example.com");
  std::atomic<int> failures{0};
  std::vector<std::string> first_error(sockets);
  std::atomic<bool> writers_done{false};
  std::vector<std::thread> threads;
  for (int s = 0; s < sockets; ++s) {
    threads.emplace_back([&, s] {
      WsClient ws;
      Browser tab = user;  // one user, eight tabs
      if (std::string e = tab.connect(ws); !e.empty()) {
        first_error[s] = e;
        failures += adds_each;
        return;
      }
      for (int i = 0; i < adds_each; ++i) {
        const auto id = static_cast<std::uint64_t>(i + 1);
        bool sent = ws.send_binary(add_frame(id, "socket " + std::to_string(s) + " item " + std::to_string(i)));
        auto list = sent ? receive_list(ws, id) : TodoList(rally::err("send failed"));
        if (!list) {
          if (first_error[s].empty()) first_error[s] = list.error().front();
          ++failures;
        }
      }
    });
  }
  // SSR readers at the same time, on their own leases.
  std::atomic<int> bad_reads{0};
  std::thread reader([&, tab = user]() mutable {
    while (!writers_done) {
      if (tab.get("/").status != 200) ++bad_reads;
    }
  });
  for (auto& t : threads) t.join();
  writers_done = true;
  reader.join();
  for (int s = 0; s < sockets; ++s) EXPECT_EQ(first_error[s], "") << "socket " << s;
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(bad_reads, 0);
  EXPECT_EQ(row_count(), sockets * adds_each);
  auto home = user.get("/");
  EXPECT_NE(home.body.find(std::to_string(sockets * adds_each) + " left"), std::string::npos);
  EXPECT_EQ(app.stop(), 0) << app.stderr_text();
  EXPECT_EQ(app.stderr_text().find("failed"), std::string::npos) << app.stderr_text();
}

TEST_F(TodoServer, ABrokenMigrationStopsStartupWithItsFileAndLine) {
  const fs::path migrations = dir / "migrations";
  write_file(migrations / "001_create_a.sql", "CREATE TABLE a (x INTEGER);\n");
  write_file(migrations / "002_broken.sql", "CREATE TABLE b (y INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
  AppProcess app(TODO_EXECUTABLE, env({{"RALLY_MIGRATIONS_DIR", migrations.string()}}));
  EXPECT_FALSE(app.running());
  EXPECT_EQ(app.exit_status(), 1) << app.error();
  const std::string err = app.stderr_text();
  EXPECT_NE(err.find("002_broken.sql:2: error: no such table: nowhere"), std::string::npos) << err;
  // The files before it stay applied; the broken one left nothing behind.
  auto conn = rally::db::open(db_path.string());
  ASSERT_TRUE(conn);
  EXPECT_EQ(*conn->query_value<int>("SELECT max(version) FROM rally_migrations"), 1);
  EXPECT_EQ(*conn->query_value<int>("SELECT count(*) FROM sqlite_schema WHERE name = 'b'"), 0);
}

TEST_F(TodoServer, MigrateAndResetCommands) {
  auto migrated = run_command(TODO_EXECUTABLE, {"--migrate"}, env());
  ASSERT_EQ(migrated.exit_status, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("applied migration 001_create_todos.sql"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("is at version 4 (4 migration(s) applied, 0 pending)"), std::string::npos) << migrated.out;
  {
    auto conn = rally::db::open(db_path.string());
    ASSERT_TRUE(conn);
    ASSERT_TRUE(conn->execute("INSERT INTO todos (title) VALUES ('keep me?')"));
  }
  auto refused = run_command(TODO_EXECUTABLE, {"--reset"}, env({{"APP_ENV", "Production"}}));
  EXPECT_EQ(refused.exit_status, 1);
  EXPECT_NE(refused.err.find("--reset refused"), std::string::npos) << refused.err;
  EXPECT_EQ(row_count(), 1);

  auto reset = run_command(TODO_EXECUTABLE, {"--reset"}, env({{"APP_ENV", "dev"}}));
  ASSERT_EQ(reset.exit_status, 0) << reset.err;
  EXPECT_NE(reset.out.find("deleted " + db_path.string()), std::string::npos) << reset.out;
  EXPECT_EQ(row_count(), 0);

  auto bad = run_command(TODO_EXECUTABLE, {"--migrate", "--reset"}, env());
  EXPECT_EQ(bad.exit_status, 2);
  auto bad_env = run_command(TODO_EXECUTABLE, {"--migrate"}, env({{"RALLY_MIGRATE", "maybe"}}));
  EXPECT_EQ(bad_env.exit_status, 2);
  EXPECT_NE(bad_env.err.find("RALLY_MIGRATE=\"maybe\" is not 0 or 1"), std::string::npos) << bad_env.err;
}

TEST_F(TodoServer, NoMigrateServesWithoutTouchingTheSchema) {
  AppProcess app(TODO_EXECUTABLE, env({{"RALLY_MIGRATE", "0"}}));
  ASSERT_TRUE(app.running()) << app.error();
  EXPECT_NE(app.stderr_text().find("4 pending migration(s) not applied"), std::string::npos) << app.stderr_text();
  // No users table: the sign-up fails, the server answers 500 and keeps serving.
  Browser user(app.port());
  EXPECT_EQ(user.submit("/sign_up", "sign_up", {{"email", "ada@example.com"}, {"password", "correct horse"}, {"next", "/"}}).status,
            500);
  EXPECT_EQ(user.get("/sign_in").status, 200);
  EXPECT_EQ(app.stop(), 0);
}

}  // namespace
