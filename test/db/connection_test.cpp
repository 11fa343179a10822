#include "rally/db/connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "memory.hpp"
#include "temp_dir.hpp"

namespace rally::db {
namespace {

using testing::memory;
using testing::TempDir;

TEST(Open, FileDatabaseHasPragmasAndParentFolders) {
  TempDir dir;
  auto path = (dir / "nested/deeper/app.db").string();
  auto conn = open(path);
  ASSERT_TRUE(conn) << conn.error().to_string();
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(conn->query_value<std::string>("PRAGMA journal_mode").value(), "wal");
  EXPECT_EQ(conn->query_value<std::int64_t>("PRAGMA busy_timeout").value(), 5000);
  EXPECT_EQ(conn->query_value<std::int64_t>("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(conn->path(), path);
}

TEST(Open, MemoryDatabaseAndCustomBusyTimeout) {
  Options options;
  options.busy_timeout = std::chrono::milliseconds(1234);
  auto conn = open(":memory:", options);
  ASSERT_TRUE(conn) << conn.error().to_string();
  EXPECT_EQ(conn->query_value<std::string>("PRAGMA journal_mode").value(), "memory");
  EXPECT_EQ(conn->query_value<std::int64_t>("PRAGMA busy_timeout").value(), 1234);
  EXPECT_EQ(conn->query_value<std::int64_t>("PRAGMA foreign_keys").value(), 1);
}

TEST(Open, UnusablePathIsAnError) {
  TempDir dir;
  dir.write("file", "x");  // a file where a folder would have to be
  auto conn = open((dir / "file/app.db").string());
  ASSERT_FALSE(conn);
  EXPECT_NE(conn.error().to_string().find("cannot create the folder"), std::string::npos);
}

TEST(Open, ForeignKeysAreEnforced) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE a (id INTEGER PRIMARY KEY);"
                        "CREATE TABLE b (a_id INTEGER REFERENCES a(id));"));
  auto r = conn.execute("INSERT INTO b VALUES (42)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code & 0xff, 19);  // SQLITE_CONSTRAINT
}

TEST(Statement, CacheReusesThePreparedStatement) {
  auto conn = memory();
  sqlite3_stmt* first = nullptr;
  std::size_t cached = 0;
  {
    auto s = conn.prepare("SELECT 1");
    ASSERT_TRUE(s);
    first = s->native_handle();
    cached = conn.cached_statement_count();
  }
  {
    auto s = conn.prepare("SELECT 1");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->native_handle(), first);
    // The same text while the cached one is busy: a private statement, not the busy one.
    auto nested = conn.prepare("SELECT 1");
    ASSERT_TRUE(nested);
    EXPECT_NE(nested->native_handle(), first);
  }
  EXPECT_EQ(conn.cached_statement_count(), cached);
  auto again = conn.prepare("SELECT 1");
  EXPECT_EQ(again->native_handle(), first);
}

TEST(Statement, ReturnedToCacheResetAndUnbound) {
  auto conn = memory();
  {
    auto s = conn.prepare("SELECT ?");
    ASSERT_TRUE(s->bind(1, 7));
    ASSERT_TRUE(s->step().value());
    // Dropped mid-row: must come back reset with its binding cleared.
  }
  auto s = conn.prepare("SELECT ?");
  ASSERT_TRUE(s->step().value());
  EXPECT_TRUE(s->column_is_null(0));
}

TEST(Statement, ParametersTheNextUserLeavesUnboundReadAsNull) {
  auto conn = memory();
  {
    auto s = conn.prepare("SELECT ?1, ?2, ?3");
    ASSERT_TRUE(s->bind_all(1, "two", 3.5));
    ASSERT_TRUE(s->run());
  }
  {
    // Bound but never stepped: the next user must not see these either.
    auto s = conn.prepare("SELECT ?1, ?2, ?3");
    ASSERT_TRUE(s->bind(1, 10));
    ASSERT_TRUE(s->bind(3, 30));
  }
  auto s = conn.prepare("SELECT ?1, ?2, ?3");
  ASSERT_TRUE(s->bind(2, "mine"));
  ASSERT_TRUE(s->step().value());
  EXPECT_TRUE(s->column_is_null(0));
  EXPECT_EQ(s->column<std::string>(1), "mine");
  EXPECT_TRUE(s->column_is_null(2));
  // reset() keeps this user's own bindings.
  s->reset();
  ASSERT_TRUE(s->step().value());
  EXPECT_EQ(s->column<std::string>(1), "mine");
  EXPECT_TRUE(s->column_is_null(2));
}

TEST(Statement, ManyParametersAreClearedToo) {
  auto conn = memory();
  std::string sql = "SELECT ?1";
  for (int i = 2; i <= 70; ++i) sql += ", ?" + std::to_string(i);
  {
    auto s = conn.prepare(sql);
    for (int i = 1; i <= 70; ++i) ASSERT_TRUE(s->bind(i, i));
    ASSERT_TRUE(s->step().value());
  }
  auto s = conn.prepare(sql);
  ASSERT_TRUE(s->bind(70, 7));
  ASSERT_TRUE(s->step().value());
  EXPECT_TRUE(s->column_is_null(0));
  EXPECT_TRUE(s->column_is_null(65));
  EXPECT_EQ(s->column<int>(69), 7);
}

TEST(Statement, CachedSqlSharesTheCacheWithPlainText) {
  static constexpr CachedSql cached("SELECT ?1 + 1");
  static_assert(cached.hash() == detail::sql_hash("SELECT ?1 + 1"));
  static_assert(detail::sql_hash("SELECT 1") != detail::sql_hash("SELECT 2"));
  std::string runtime = "SELECT ?1 + 1";
  EXPECT_EQ(detail::sql_hash(runtime), cached.hash());
  // Every length class of the 8-byte loop and its tail.
  for (std::size_t n = 0; n <= 17; ++n) {
    std::string text(n, 'x');
    EXPECT_EQ(detail::sql_hash(text), CachedSql(text).hash()) << n;
  }

  auto conn = memory();
  sqlite3_stmt* first = nullptr;
  {
    auto s = conn.prepare(cached);
    ASSERT_TRUE(s);
    first = s->native_handle();
    ASSERT_TRUE(s->bind(1, 41));
    ASSERT_TRUE(s->step().value());
    EXPECT_EQ(s->column<int>(0), 42);
    EXPECT_EQ(s->sql(), "SELECT ?1 + 1");
  }
  std::size_t count = conn.cached_statement_count();
  {
    auto s = conn.prepare(runtime);
    EXPECT_EQ(s->native_handle(), first);
    auto nested = conn.prepare(cached);  // the cached one is busy: a private statement
    ASSERT_TRUE(nested);
    EXPECT_NE(nested->native_handle(), first);
  }
  EXPECT_EQ(conn.cached_statement_count(), count);
  EXPECT_EQ(conn.prepare(cached)->native_handle(), first);
  EXPECT_EQ(conn.query_value<int>("SELECT ?1 + 1", 1).value(), 2);
  EXPECT_FALSE(conn.prepare(CachedSql("SELEC 1")));
}

TEST(Statement, CachedSqlFindsItsStatementAgainAfterEviction) {
  static constexpr CachedSql cached("SELECT 7");
  auto conn = memory();
  {
    auto s = conn.prepare(cached);
    ASSERT_TRUE(s->step().value());
    EXPECT_EQ(s->column<int>(0), 7);
    // Filling the cache evicts the idle entries (not this busy one), and the slot table with them.
    for (int i = 0; i < 300; ++i) ASSERT_TRUE(conn.prepare("SELECT " + std::to_string(i)));
    EXPECT_EQ(s->column<int>(0), 7);
  }
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(conn.prepare("SELECT " + std::to_string(i)));
  auto s = conn.prepare(cached);
  ASSERT_TRUE(s->step().value());
  EXPECT_EQ(s->column<int>(0), 7);
  EXPECT_THROW((void)s->column_int64(1), std::out_of_range);
}

TEST(Statement, MovesKeepTheCacheSlotAndTheRun) {
  auto conn = memory();
  auto prepared = conn.prepare("SELECT 1 UNION ALL SELECT 2");
  ASSERT_TRUE(prepared);
  Statement moved = std::move(*prepared);
  ASSERT_TRUE(moved.step().value());
  Statement target = std::move(moved);
  EXPECT_THROW((void)moved.step(), std::logic_error);
  ASSERT_TRUE(target.step().value());
  EXPECT_EQ(target.column<int>(0), 2);
  EXPECT_FALSE(target.step().value());
  EXPECT_EQ(conn.stats().count, 1u);  // one run, timed once
  sqlite3_stmt* handle = target.native_handle();
  auto other = conn.prepare("SELECT 3");
  target = std::move(*other);  // the old one goes back to the cache
  EXPECT_EQ(conn.prepare("SELECT 1 UNION ALL SELECT 2")->native_handle(), handle);
}

TEST(Statement, PrepareErrors) {
  auto conn = memory();
  auto bad = conn.prepare("SELEC 1");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos);
  EXPECT_EQ(bad.error().sql, "SELEC 1");
  EXPECT_FALSE(conn.prepare("SELECT 1; SELECT 2"));
  EXPECT_FALSE(conn.prepare("  -- nothing\n"));
  EXPECT_TRUE(conn.prepare("SELECT 1; -- trailing comment"));
}

TEST(Statement, BindsAndReadsEveryType) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, f INTEGER, n INTEGER, o TEXT)"));
  const Blob blob{0x00, 0x01, 0x00, 0xff};
  const std::string text("a\0b", 3);
  std::optional<std::int64_t> none;
  std::optional<std::string> some = "here";
  ASSERT_TRUE(conn.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)",
                           std::numeric_limits<std::int64_t>::min(), 2.5, text, blob, true, none, some));
  auto s = conn.prepare("SELECT i, d, s, b, f, n, o FROM t");
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->step().value());
  EXPECT_EQ(s->column<std::int64_t>(0), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(s->column<double>(1), 2.5);
  EXPECT_EQ(s->column<std::string>(2), text);
  EXPECT_EQ(s->column<std::string>(2).size(), 3u);
  EXPECT_EQ(s->column<Blob>(3), blob);
  EXPECT_EQ(s->column<bool>(4), true);
  EXPECT_EQ(s->column<std::optional<std::int64_t>>(5), std::nullopt);
  EXPECT_TRUE(s->column_is_null(5));
  EXPECT_EQ(s->column<std::optional<std::string>>(6), std::optional<std::string>("here"));
  EXPECT_EQ(s->column_name(6), "o");
  EXPECT_FALSE(s->step().value());
  EXPECT_THROW((void)s->column_int64(7), std::out_of_range);
}

TEST(Statement, EmptyBlobAndTextAreNotNull) {
  auto conn = memory();
  auto s = conn.prepare("SELECT ?, ?, typeof(?1), typeof(?2)");
  ASSERT_TRUE(s->bind(1, Blob{}));
  ASSERT_TRUE(s->bind(2, std::string()));
  ASSERT_TRUE(s->step().value());
  EXPECT_EQ(s->column<Blob>(0), Blob{});
  EXPECT_EQ(s->column<std::string>(2), "blob");
  EXPECT_EQ(s->column<std::string>(3), "text");
}

TEST(Statement, NamedParametersAndBindErrors) {
  auto conn = memory();
  auto s = conn.prepare("SELECT :a + @b + $c");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->parameter_count(), 3);
  ASSERT_TRUE(s->bind(":a", 1));
  ASSERT_TRUE(s->bind("b", 10));  // the bare name finds "@b"
  ASSERT_TRUE(s->bind("$c", 100));
  ASSERT_TRUE(s->step().value());
  EXPECT_EQ(s->column<int>(0), 111);
  s->reset();
  EXPECT_FALSE(s->bind("missing", 1));
  EXPECT_FALSE(s->bind(4, 1));
  EXPECT_FALSE(s->bind(0, 1));
  auto too_big = s->bind(1, std::numeric_limits<std::uint64_t>::max());
  ASSERT_FALSE(too_big);
  EXPECT_NE(too_big.error().message.find("does not fit"), std::string::npos);
  const char* null_text = nullptr;
  ASSERT_TRUE(s->bind(1, null_text));
}

TEST(Statement, StepErrorIsAValueAndTheStatementStaysUsable) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE u (x INTEGER UNIQUE)"));
  ASSERT_TRUE(conn.execute("INSERT INTO u VALUES (?)", 1));
  auto dup = conn.execute("INSERT INTO u VALUES (?)", 1);
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("UNIQUE"), std::string::npos);
  EXPECT_EQ(dup.error().sql, "INSERT INTO u VALUES (?)");
  EXPECT_TRUE(conn.execute("INSERT INTO u VALUES (?)", 2));
  EXPECT_EQ(conn.query_value<int>("SELECT count(*) FROM u").value(), 2);
}

TEST(Exec, ScriptErrorNamesTheLineOfTheFailingStatement) {
  auto conn = memory();
  auto r = conn.exec(
      "CREATE TABLE a (x);\n"      // line 1
      "-- a comment\n"             // line 2
      "\n"                         // line 3
      "INSERT INTO a VALUES (1);\n"  // line 4
      "/* block\n comment */\n"    // lines 5-6
      "INSERT INTO nope\n"         // line 7: the failing statement starts here
      "  VALUES (2);\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 7);
  EXPECT_NE(r.error().message.find("no such table: nope"), std::string::npos);
  EXPECT_NE(r.error().sql.find("INSERT INTO nope"), std::string::npos);
  // Statements before the failure ran (exec is not a transaction by itself).
  EXPECT_EQ(conn.query_value<int>("SELECT count(*) FROM a").value(), 1);
}

TEST(Exec, RuntimeErrorLineAndNulByte) {
  auto conn = memory();
  auto r = conn.exec("CREATE TABLE a (x NOT NULL);\nINSERT INTO a VALUES (1);\n\nINSERT INTO a VALUES (NULL);");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 4);
  EXPECT_FALSE(conn.exec(std::string_view("SELECT 1;\0 SELECT 2;", 20)));
  EXPECT_TRUE(conn.exec(";;  ; SELECT 1;;"));
  EXPECT_TRUE(conn.exec(""));
}

TEST(Timing, CountsEveryFinishedStatementPerConnectionAndPerRequest) {
  auto conn = memory();
  EXPECT_EQ(conn.stats().count, 0u);  // open's pragmas are not counted
  ASSERT_TRUE(conn.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
  ASSERT_TRUE(conn.execute("INSERT INTO t VALUES (?)", 2));
  EXPECT_EQ(conn.stats().count, 3u);
  EXPECT_EQ(conn.request_stats().count, 3u);
  QueryStats previous = conn.reset_request_stats();
  EXPECT_EQ(previous.count, 3u);
  EXPECT_EQ(conn.request_stats().count, 0u);
  {
    auto s = conn.prepare("SELECT x FROM t");
    while (s->step().value()) {
    }
  }
  EXPECT_EQ(conn.request_stats().count, 1u);  // one query however many rows
  EXPECT_EQ(conn.stats().count, 4u);
  EXPECT_GE(conn.stats().total, conn.request_stats().total);
  EXPECT_EQ(to_string(QueryStats{1, std::chrono::microseconds(1500)}), "1 query, 1.50 ms");
  EXPECT_EQ(to_string(QueryStats{3, {}}), "3 queries, 0.00 ms");
}

// Statement runs are timed with the TSC where the CPU has an invariant one, scaled by a ratio
// measured at the first open(): a run that takes 5 ms of wall time must read as 5 ms.
TEST(Timing, AStatementsTimeIsWallTime) {
  auto conn = memory();
  using Steady = std::chrono::steady_clock;
  auto spin = [](sqlite3_context* context, int, sqlite3_value**) {
    auto start = Steady::now();
    while (Steady::now() - start < std::chrono::milliseconds(5)) {
    }
    sqlite3_result_int(context, 1);
  };
  ASSERT_EQ(sqlite3_create_function_v2(conn.native_handle(), "spin", 0, SQLITE_UTF8, nullptr, +spin, nullptr,
                                       nullptr, nullptr),
            SQLITE_OK);
  conn.reset_request_stats();
  auto start = Steady::now();
  ASSERT_EQ(conn.query_value<std::int64_t>("SELECT spin()").value(), 1);
  auto outside = Steady::now() - start;
  auto timed = conn.request_stats().total;
  EXPECT_GE(timed, std::chrono::microseconds(4950));  // the spin, less 1% for the ratio's error
  EXPECT_LE(timed, outside * 1.01);
}

TEST(Timing, SlowQueriesGoToTheSinkWithTheirSql) {
  std::vector<std::string> logged;
  Options options;
  options.slow_query_threshold = std::chrono::nanoseconds(0);
  options.on_slow_query = [&](std::string_view sql, std::chrono::nanoseconds elapsed) {
    EXPECT_GE(elapsed.count(), 0);
    logged.emplace_back(sql);
  };
  auto conn = open(":memory:", options);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->execute("SELECT ?", 1));
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0], "SELECT ?");
  conn->set_slow_query_threshold(std::chrono::hours(1));
  ASSERT_TRUE(conn->execute("SELECT 2"));
  EXPECT_EQ(logged.size(), 1u);
}

TEST(Timing, SlowQueriesDefaultToStderr) {
  auto conn = memory();
  conn.set_slow_query_threshold(std::chrono::nanoseconds(0));
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(conn.execute("SELECT 'slow one'"));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("rally: slow query ("), std::string::npos) << err;
  EXPECT_NE(err.find("ms): SELECT 'slow one'\n"), std::string::npos) << err;
}

TEST(Connection, MoveKeepsStatementsValid) {
  auto conn = memory();
  std::optional<Connection> moved;  // declared first: statements must not outlive their connection
  auto s = conn.prepare("SELECT 5");
  ASSERT_TRUE(s);
  moved.emplace(std::move(conn));
  ASSERT_TRUE(s->step().value());
  EXPECT_EQ(s->column<int>(0), 5);
}

}  // namespace
}  // namespace rally::db
