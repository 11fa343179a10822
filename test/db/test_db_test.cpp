#include "rally/db/test_db.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

namespace rally::test_db {
namespace {

constexpr const char* migrations = RALLY_DB_TEST_MIGRATIONS;

int count_items(db::Connection& conn) { return conn.query_value<int>("SELECT count(*) FROM items").value(); }

TEST(TestDb, CloneHasTheMigratedSchemaAndSeedRows) {
  auto conn = open(migrations);
  EXPECT_EQ(conn.query_value<std::string>("SELECT name FROM items").value(), "seeded");
  EXPECT_EQ(conn.query_value<int>("SELECT max(version) FROM rally_migrations").value(), 2);
  EXPECT_EQ(conn.query_value<std::int64_t>("PRAGMA foreign_keys").value(), 1);
}

TEST(TestDb, TwoClonesDoNotShareRows) {
  auto a = open(migrations);
  auto b = open(migrations);
  ASSERT_TRUE(a.execute("INSERT INTO items (name) VALUES (?)", "only in a"));
  EXPECT_EQ(count_items(a), 2);
  EXPECT_EQ(count_items(b), 1);
  auto c = try_open(migrations);
  ASSERT_TRUE(c);
  EXPECT_EQ(count_items(*c), 1);  // nor does the template change
}

// These two tests write the same unique row: each passes only if it starts from a clean copy,
// whichever runs first and whether or not they share a process.
class Isolation : public ::testing::Test {
 protected:
  db::Connection conn = open(migrations);
};
TEST_F(Isolation, FirstWriter) {
  EXPECT_EQ(count_items(conn), 1);
  ASSERT_TRUE(conn.execute("INSERT INTO items (name) VALUES ('same')"));
}
TEST_F(Isolation, SecondWriter) {
  EXPECT_EQ(count_items(conn), 1);
  ASSERT_TRUE(conn.execute("INSERT INTO items (name) VALUES ('same')"));
}

TEST(TestDb, BrokenFolderIsAnErrorEveryTime) {
  db::testing::TempDir dir;
  dir.write("001_bad.sql", "CREATE TABLE x (;\n");
  auto first = try_open(dir.path());
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().file, (dir / "001_bad.sql").string());
  auto second = try_open(dir.path());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().to_string(), first.error().to_string());
  EXPECT_THROW(open(dir.path()), std::runtime_error);
  EXPECT_FALSE(try_open(dir / "missing"));
}

TEST(TestDb, ClonesFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> counts(4, -1);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      auto conn = try_open(migrations);
      if (conn) counts[i] = count_items(*conn);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(counts, std::vector<int>(4, 1));
}

// Not a benchmark: prints what a clone costs so a regression is visible in the log.
TEST(TestDb, CloneCostIsReported) {
  (void)open(migrations);  // the template exists after this
  constexpr int n = 50;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) (void)open(migrations);
  auto per = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0) / n;
  std::printf("test_db clone: %.1f us per database\n", per.count());
  SUCCEED();
}

TEST(TestDb, OpenEmpty) {
  auto conn = open_empty();
  EXPECT_EQ(conn.query_value<int>("SELECT count(*) FROM sqlite_master").value(), 0);
}

}  // namespace
}  // namespace rally::test_db
