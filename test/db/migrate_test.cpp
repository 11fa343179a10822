#include "rally/db/migrate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace rally::migrate {
namespace {

using db::testing::TempDir;

struct Migrate : ::testing::Test {
  void SetUp() override {
    auto opened = db::open((dir / "app.db").string());
    ASSERT_TRUE(opened) << opened.error().to_string();
    conn.emplace(std::move(*opened));
  }
  std::filesystem::path folder() const { return dir / "migrations"; }
  void write(const std::string& name, const std::string& sql) const { dir.write("migrations/" + name, sql); }
  std::string file(const std::string& name) const { return (folder() / name).string(); }
  int version() {
    auto s = status(*conn, folder());
    EXPECT_TRUE(s) << s.error().to_string();
    return s ? s->version : -1;
  }
  std::vector<std::string> names(const std::vector<Migration>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.name);
    return out;
  }
  TempDir dir;
  std::optional<db::Connection> conn;
};

using Strings = std::vector<std::string>;

TEST_F(Migrate, AppliesInNumericOrderNotNameOrderAndRecordsEachFile) {
  // By name "0003_c" sorts first; by number it is last, and it needs the tables of 001 and 002.
  write("0003_c.sql", "INSERT INTO b (a_id) SELECT id FROM a;\n");
  write("001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\nINSERT INTO a DEFAULT VALUES;\n");
  write("002_b.sql", "CREATE TABLE b (a_id INTEGER REFERENCES a(id));\n");
  write("README.md", "not a migration");
  auto r = run(*conn, folder());
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(names(r->applied), (Strings{"001_a.sql", "002_b.sql", "0003_c.sql"}));
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM b").value(), 1);

  auto s = status(*conn, folder());
  ASSERT_TRUE(s);
  ASSERT_EQ(s->applied.size(), 3u);
  EXPECT_TRUE(s->pending.empty());
  EXPECT_EQ(s->applied[2].name, "0003_c.sql");
  EXPECT_EQ(s->applied[2].checksum, checksum("INSERT INTO b (a_id) SELECT id FROM a;\n"));
  EXPECT_EQ(s->applied[2].applied_at.size(), 24u) << s->applied[2].applied_at;  // 2025-01-31T12:00:00.000Z
}

TEST_F(Migrate, SecondRunAppliesNothing) {
  write("001_a.sql", "CREATE TABLE a (x);");
  ASSERT_TRUE(run(*conn, folder()));
  auto again = run(*conn, folder());
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->version, 1);
  write("002_b.sql", "CREATE TABLE b (x);");
  auto s = status(*conn, folder());
  ASSERT_TRUE(s);
  EXPECT_EQ(names(s->pending), Strings{"002_b.sql"});
  auto third = run(*conn, folder());
  ASSERT_TRUE(third);
  EXPECT_EQ(names(third->applied), Strings{"002_b.sql"});
}

TEST_F(Migrate, FailureStopsTheRunAndKeepsEarlierWork) {
  write("001_a.sql", "CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\n");
  write("002_b.sql",
        "CREATE TABLE b (x);\n"
        "INSERT INTO b VALUES (1);\n"
        "\n"
        "INSERT INTO missing VALUES (2);\n");
  write("003_c.sql", "CREATE TABLE c (x);\n");
  auto r = run(*conn, folder());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), file("002_b.sql") + ":4: error: no such table: missing");
  EXPECT_EQ(version(), 1);
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM a").value(), 1);
  // 002's partial work was rolled back; 003 never ran.
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM sqlite_master WHERE name IN ('b', 'c')").value(), 0);
  EXPECT_FALSE(conn->in_transaction());

  // Fixing the file (it was never applied, so editing it is fine) lets the run continue.
  write("002_b.sql", "CREATE TABLE b (x);\n");
  auto fixed = run(*conn, folder());
  ASSERT_TRUE(fixed) << fixed.error().to_string();
  EXPECT_EQ(names(fixed->applied), (Strings{"002_b.sql", "003_c.sql"}));
}

TEST_F(Migrate, CommittedDataSurvivesReopeningAfterAFailure) {
  write("001_a.sql", "CREATE TABLE a (x); INSERT INTO a VALUES ('kept');");
  write("002_b.sql", "INSERT INTO a VALUES ('dropped'); SELEC oops;");
  EXPECT_FALSE(run(*conn, folder()));
  conn.reset();
  auto reopened = db::open((dir / "app.db").string());
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->query_value<std::string>("SELECT group_concat(x) FROM a").value(), "kept");
}

TEST_F(Migrate, ChangedAppliedFileIsAnErrorNamingIt) {
  write("001_a.sql", "CREATE TABLE a (x);");
  ASSERT_TRUE(run(*conn, folder()));
  write("001_a.sql", "CREATE TABLE a (x, y);");
  write("002_b.sql", "CREATE TABLE b (x);");
  auto r = run(*conn, folder());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, file("001_a.sql"));
  EXPECT_NE(r.error().message.find("was changed after it was applied"), std::string::npos);
  EXPECT_FALSE(status(*conn, folder()));
  // Nothing else ran, nothing was reset.
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM rally_migrations").value(), 1);
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM sqlite_master WHERE name = 'b'").value(), 0);
}

TEST_F(Migrate, AppliedFileThatDisappearedOrWasRenamedIsAnError) {
  write("001_a.sql", "CREATE TABLE a (x);");
  ASSERT_TRUE(run(*conn, folder()));
  std::filesystem::rename(folder() / "001_a.sql", folder() / "001_renamed.sql");
  auto renamed = run(*conn, folder());
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().file, file("001_renamed.sql"));
  std::filesystem::remove(folder() / "001_renamed.sql");
  auto gone = run(*conn, folder());
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().file, file("001_a.sql"));
  EXPECT_NE(gone.error().message.find("file is gone"), std::string::npos);
}

TEST_F(Migrate, BadFileNamesAreErrorsNamingTheFile) {
  for (std::string bad : {"1_x.sql", "abc.sql", "001-x.sql", "001_.sql", "001_a b.sql", "0000000001_x.sql"}) {
    TempDir d;
    d.write(bad, "SELECT 1;");
    auto r = scan(d.path());
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().file, (d / bad).string());
    EXPECT_NE(r.error().message.find("bad migration file name"), std::string::npos) << bad;
  }
  write("001_ok.sql", "CREATE TABLE a (x);");
  write("01_short.sql", "CREATE TABLE b (x);");
  auto r = run(*conn, folder());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), file("01_short.sql") + ": error: bad migration file name: expected "
                                                          "NNN_name.sql (three or more digits, '_', then "
                                                          "letters, digits or '_')");
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM sqlite_master WHERE name = 'a'").value(), 0);
}

TEST_F(Migrate, GapsDuplicatesAndZeroAreErrors) {
  {
    TempDir d;
    d.write("001_a.sql", "");
    d.write("003_c.sql", "");
    auto r = scan(d.path());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().file, (d / "003_c.sql").string());
    EXPECT_NE(r.error().message.find("number 2 is missing"), std::string::npos) << r.error().message;
  }
  {
    TempDir d;
    d.write("001_a.sql", "");
    d.write("0001_b.sql", "");
    auto r = scan(d.path());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("also used by"), std::string::npos) << r.error().message;
  }
  {
    TempDir d;
    d.write("002_b.sql", "");
    auto r = scan(d.path());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("number 1 is missing"), std::string::npos) << r.error().message;
  }
  {
    TempDir d;
    d.write("000_zero.sql", "");
    EXPECT_FALSE(scan(d.path()));
  }
}

TEST_F(Migrate, MissingFolderIsAnError) {
  auto r = run(*conn, dir / "nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), (dir / "nope").string() + ": error: migrations folder not found");
  EXPECT_FALSE(status(*conn, dir / "nope"));
}

TEST_F(Migrate, EmptyFolderIsVersionZero) {
  std::filesystem::create_directories(folder());
  auto r = run(*conn, folder());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->version, 0);
}

TEST_F(Migrate, SyntaxErrorReportsTheStatementLine) {
  write("001_a.sql",
        "-- header comment\n"
        "CREATE TABLE a (\n"
        "  x INTEGER\n"
        ");\n"
        "CREATE TABEL b (x);\n");
  auto r = run(*conn, folder());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, file("001_a.sql"));
  EXPECT_EQ(r.error().line, 5);
  EXPECT_EQ(r.error().to_string().rfind(file("001_a.sql") + ":5: error: ", 0), 0u) << r.error().to_string();
  EXPECT_EQ(version(), 0);
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM sqlite_master WHERE name = 'a'").value(), 0);
}

TEST_F(Migrate, TransactionControlInAFileIsRefused) {
  write("001_a.sql", "CREATE TABLE a (x);\nCOMMIT;\nCREATE TABLE b (x);\n");
  auto r = run(*conn, folder());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("not allowed in a migration"), std::string::npos) << r.error().message;
  EXPECT_EQ(version(), 0);
  EXPECT_EQ(conn->query_value<int>("SELECT count(*) FROM sqlite_master WHERE name = 'a'").value(), 0);
  // The authorizer is gone afterwards: ordinary transactions still work.
  EXPECT_TRUE(conn->exec("BEGIN; COMMIT;"));
}

TEST(Checksum, IsFnv1a64Hex) {
  EXPECT_EQ(checksum(""), "cbf29ce484222325");
  EXPECT_EQ(checksum("a"), "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace rally::migrate
