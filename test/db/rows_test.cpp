// query_rows / query_changes (rally/db/rows.hpp): the one call a generated query function makes.
// Each test checks something the call does besides SQLite's own work: binding in order, reading
// every type, clearing what an earlier user bound, the column-count check, errors as values,
// timing, the write turn, and handing the statement back whatever happens.
#include "rally/db/rows.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rally/db/transaction.hpp"
#include "memory.hpp"
#include "temp_dir.hpp"

namespace rally::db {
namespace {

using testing::memory;
using testing::TempDir;

// The statement the cache lends for `sql` now. The same handle before and after a call means the
// call handed its statement back (one still in use would make prepare() build a private one).
sqlite3_stmt* cached_handle(Connection& conn, const CachedSql& sql) {
  auto stmt = conn.prepare(sql);
  EXPECT_TRUE(stmt) << stmt.error().to_string();
  return stmt ? stmt->native_handle() : nullptr;
}

struct Pair {
  std::int64_t a{};
  std::optional<std::int64_t> b{};
};
constexpr auto read_pair = [](const RowView& row, Pair& out) {
  row.read(0, out.a);
  row.read(1, out.b);
};

struct Item {
  std::int64_t id{};
  std::string title{};
  double price{};
  Blob data{};
  bool done{};
  std::optional<std::string> note{};
};

TEST(Rows, BindsInOrderAndReadsEveryType) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL NOT NULL, "
                        "data BLOB NOT NULL, done BOOLEAN NOT NULL, note TEXT)"));
  static constexpr CachedSql insert("INSERT INTO items (title, price, data, done, note) VALUES (?, ?, ?, ?, ?)");
  std::string nul_title("a\0b", 3);
  EXPECT_EQ(query_changes(conn, insert, nul_title, 2.5, Blob{1, 0, 2}, true, std::optional<std::string>("n")).value(), 1);
  EXPECT_EQ(query_changes(conn, insert, std::string(), 0.0, Blob{}, false, std::optional<std::string>()).value(), 1);

  static constexpr CachedSql select("SELECT id, title, price, data, done, note FROM items WHERE price >= ? ORDER BY id");
  auto rows = query_rows<Item>(conn, select, 6, [](const RowView& row, Item& item) {
    row.read(0, item.id);
    row.read(1, item.title);
    row.read(2, item.price);
    row.read(3, item.data);
    row.read(4, item.done);
    row.read(5, item.note);
  }, 0.0);
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 2u);
  const Item& first = (*rows)[0];
  EXPECT_EQ(first.id, 1);
  EXPECT_EQ(first.title, nul_title);  // the length comes from SQLite, not from a NUL
  EXPECT_EQ(first.price, 2.5);
  EXPECT_EQ(first.data, (Blob{1, 0, 2}));
  EXPECT_TRUE(first.done);
  EXPECT_EQ(first.note, std::optional<std::string>("n"));
  const Item& second = (*rows)[1];
  EXPECT_EQ(second.title, "");
  EXPECT_TRUE(second.data.empty());
  EXPECT_FALSE(second.done);
  EXPECT_EQ(second.note, std::nullopt);
  // The empty blob was bound as an empty blob, not as NULL.
  EXPECT_EQ(conn.query_value<std::int64_t>("SELECT count(*) FROM items WHERE data IS NOT NULL").value(), 2);
}

TEST(Rows, NullIntoAPlainMemberGivesZeroOrEmpty) {
  auto conn = memory();
  auto stmt = conn.prepare("SELECT NULL, NULL, NULL, NULL, NULL");
  ASSERT_TRUE(stmt && stmt->step().value());
  RowView row(stmt->native_handle());
  std::int64_t i = 5;
  std::string text = "x";
  double real = 1.5;
  Blob blob{1};
  bool flag = true;
  std::optional<std::int64_t> maybe = 3;
  row.read(0, i);
  row.read(1, text);
  row.read(2, real);
  row.read(3, blob);
  row.read(4, flag);
  row.read(0, maybe);
  EXPECT_EQ(i, 0);
  EXPECT_EQ(text, "");
  EXPECT_EQ(real, 0.0);
  EXPECT_TRUE(blob.empty());
  EXPECT_FALSE(flag);
  EXPECT_EQ(maybe, std::nullopt);
}

TEST(Rows, AParameterLeftUnboundReadsAsNullNotAsTheLastUsersValue) {
  auto conn = memory();
  std::size_t cached = conn.cached_statement_count();
  static constexpr CachedSql sql("SELECT ?1, ?2");
  auto both = query_rows<Pair>(conn, sql, 2, read_pair, std::int64_t{1}, std::int64_t{2});
  ASSERT_TRUE(both);
  EXPECT_EQ((*both)[0].b, 2);
  auto one = query_rows<Pair>(conn, sql, 2, read_pair, std::int64_t{7});
  ASSERT_TRUE(one) << one.error().to_string();
  EXPECT_EQ((*one)[0].a, 7);
  EXPECT_EQ((*one)[0].b, std::nullopt);
  EXPECT_EQ(conn.cached_statement_count(), cached + 1);
}

TEST(Rows, AStatementWithFewerColumnsThanTheReaderReadsIsAnErrorBeforeItRuns) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (x INTEGER)"));
  static constexpr CachedSql sql("INSERT INTO t VALUES (1) RETURNING x");
  sqlite3_stmt* handle = cached_handle(conn, sql);
  conn.reset_request_stats();
  auto rows = query_rows<Pair>(conn, sql, 2, read_pair);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().message,
            "the statement has 1 result column, the code reads 2 (was the schema changed after the build?)");
  EXPECT_EQ(rows.error().sql, sql.text());
  EXPECT_EQ(conn.query_value<std::int64_t>("SELECT count(*) FROM t").value(), 0);  // the insert did not run
  EXPECT_EQ(cached_handle(conn, sql), handle);  // handed back
}

// A cached statement whose table changed is re-prepared by its next step, which is when its
// column count changes: the check after the first step catches that.
TEST(Rows, AStatementThatLostAColumnSinceItWasCachedIsAnError) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (a INTEGER, b INTEGER); INSERT INTO t VALUES (1, 2)"));
  static constexpr CachedSql sql("SELECT * FROM t");
  auto before = query_rows<Pair>(conn, sql, 2, read_pair);
  ASSERT_TRUE(before);
  EXPECT_EQ((*before)[0].b, 2);
  sqlite3_stmt* handle = cached_handle(conn, sql);
  ASSERT_TRUE(conn.exec("ALTER TABLE t DROP COLUMN b"));
  conn.reset_request_stats();
  auto after = query_rows<Pair>(conn, sql, 2, read_pair);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().message,
            "the statement has 1 result column, the code reads 2 (was the schema changed after the build?)");
  EXPECT_EQ(conn.request_stats().count, 1u);  // the run that started was ended and counted
  EXPECT_EQ(cached_handle(conn, sql), handle);
}

TEST(Rows, ABindErrorNamesTheParameterAndNothingRuns) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (x INTEGER)"));
  conn.reset_request_stats();
  static constexpr CachedSql sql("INSERT INTO t VALUES (?)");
  auto changed = query_changes(conn, sql, std::int64_t{1}, std::int64_t{2});  // one argument too many
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, SQLITE_RANGE);
  EXPECT_EQ(changed.error().message.rfind("parameter 2: ", 0), 0u) << changed.error().message;
  EXPECT_EQ(conn.request_stats().count, 0u);
  EXPECT_EQ(conn.query_value<std::int64_t>("SELECT count(*) FROM t").value(), 0);
  EXPECT_EQ(query_changes(conn, sql, std::int64_t{1}).value(), 1);
}

// The error reads SQLite's message for the failed bind, so binding stops there: a later bind
// that succeeds would have replaced it with "not an error".
TEST(Rows, ABindErrorKeepsSQLitesMessageForIt) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (a TEXT, b TEXT)"));
  static constexpr CachedSql sql("INSERT INTO t VALUES (?, ?)");
  ASSERT_TRUE(query_changes(conn, sql, std::string("a"), std::string("b")));
  sqlite3_limit(conn.native_handle(), SQLITE_LIMIT_LENGTH, 4);
  auto changed = query_changes(conn, sql, std::string("too long"), std::string("b"));
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, SQLITE_TOOBIG);
  EXPECT_EQ(changed.error().message, "parameter 1: string or blob too big");
}

TEST(Rows, AStepErrorIsAValueAndTheStatementStaysUsable) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
  static constexpr CachedSql sql("INSERT INTO t VALUES (?) RETURNING x");
  sqlite3_stmt* handle = cached_handle(conn, sql);
  auto read_x = [](const RowView& row, std::int64_t& x) { row.read(0, x); };
  EXPECT_EQ(query_rows<std::int64_t>(conn, sql, 1, read_x, std::int64_t{1}).value(), std::vector<std::int64_t>{1});
  auto duplicate = query_rows<std::int64_t>(conn, sql, 1, read_x, std::int64_t{1});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, SQLITE_CONSTRAINT_PRIMARYKEY);
  EXPECT_EQ(cached_handle(conn, sql), handle);
  EXPECT_EQ(query_rows<std::int64_t>(conn, sql, 1, read_x, std::int64_t{2}).value(), std::vector<std::int64_t>{2});
}

TEST(Rows, AReaderThatThrowsLeavesTheStatementReusableAndTheRunCounted) {
  auto conn = memory();
  static constexpr CachedSql sql("SELECT 1, 2 UNION ALL SELECT 3, 4");
  sqlite3_stmt* handle = cached_handle(conn, sql);
  conn.reset_request_stats();
  EXPECT_THROW((void)query_rows<Pair>(conn, sql, 2, [](const RowView&, Pair&) { throw std::runtime_error("x"); }),
               std::runtime_error);
  EXPECT_EQ(conn.request_stats().count, 1u);
  auto rows = query_rows<Pair>(conn, sql, 2, read_pair);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].a, 3);
  EXPECT_EQ(cached_handle(conn, sql), handle);
}

TEST(Rows, EachCallIsOneTimedRun) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (x INTEGER)"));
  conn.reset_request_stats();
  static constexpr CachedSql insert("INSERT INTO t VALUES (?)");
  static constexpr CachedSql select("SELECT x, x FROM t");
  for (std::int64_t i = 0; i < 3; ++i) ASSERT_TRUE(query_changes(conn, insert, i));
  EXPECT_EQ(query_rows<Pair>(conn, select, 2, read_pair).value().size(), 3u);
  EXPECT_EQ(conn.request_stats().count, 4u);  // one per call, however many rows
  EXPECT_EQ(conn.stats().count - conn.request_stats().count, 1u);  // the CREATE TABLE
}

// Two connections to one file, each giving up on the write turn after 20 ms: a write that kept
// the turn after its call would make the other connection's next write fail.
class RowsWriteTurn : public ::testing::Test {
 protected:
  void SetUp() override {
    Options quick;
    quick.busy_timeout = std::chrono::milliseconds(20);
    auto opened_a = open((dir / "w.db").string(), quick);
    auto opened_b = open((dir / "w.db").string(), quick);
    ASSERT_TRUE(opened_a && opened_b);
    a.emplace(std::move(*opened_a));
    b.emplace(std::move(*opened_b));
    ASSERT_TRUE(a->exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
  }
  std::vector<std::int64_t> insert(Connection& conn, std::int64_t x) {
    auto rows = query_rows<std::int64_t>(conn, insert_sql, 1, read_x, x);
    EXPECT_TRUE(rows) << rows.error().to_string();
    return rows ? *rows : std::vector<std::int64_t>{};
  }
  static constexpr CachedSql insert_sql{"INSERT INTO t VALUES (?) RETURNING x"};
  static constexpr auto read_x = [](const RowView& row, std::int64_t& x) { row.read(0, x); };
  TempDir dir;
  std::optional<Connection> a, b;
};

TEST_F(RowsWriteTurn, AWriteWaitsForTheTurnAndAReadDoesNot) {
  static constexpr CachedSql count("SELECT count(*) FROM t");
  auto held = transaction(*a, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(c.execute("INSERT INTO t VALUES (1)"));
    auto blocked = query_rows<std::int64_t>(*b, insert_sql, 1, read_x, std::int64_t{2});  // a holds the turn
    EXPECT_FALSE(blocked);
    if (!blocked) {
      EXPECT_EQ(blocked.error().code, SQLITE_BUSY);
      EXPECT_NE(blocked.error().message.find("no write turn"), std::string::npos) << blocked.error().message;
    }
    EXPECT_EQ(query_rows<std::int64_t>(*b, count, 1, read_x).value(), std::vector<std::int64_t>{0});
    return Unit{};
  });
  ASSERT_TRUE(held);
  EXPECT_EQ(insert(*b, 3), std::vector<std::int64_t>{3});
  EXPECT_EQ(query_rows<std::int64_t>(*a, count, 1, read_x).value(), std::vector<std::int64_t>{2});
}

TEST_F(RowsWriteTurn, TheTurnIsGivenBackAfterASuccessAFailedStepAndAThrowingReader) {
  EXPECT_EQ(insert(*b, 1), std::vector<std::int64_t>{1});
  EXPECT_EQ(insert(*a, 2), std::vector<std::int64_t>{2});
  EXPECT_FALSE(query_rows<std::int64_t>(*b, insert_sql, 1, read_x, std::int64_t{1}));  // duplicate key
  EXPECT_EQ(insert(*a, 3), std::vector<std::int64_t>{3});
  EXPECT_THROW((void)query_rows<std::int64_t>(*b, insert_sql, 1,
                                              [](const RowView&, std::int64_t&) { throw std::runtime_error("x"); },
                                              std::int64_t{4}),
               std::runtime_error);
  EXPECT_EQ(insert(*a, 5), std::vector<std::int64_t>{5});
}

}  // namespace
}  // namespace rally::db
