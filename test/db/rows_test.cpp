// query_rows / query_changes (rally/db/rows.hpp): the one call a generated query function makes.
// Each test checks something the call does besides SQLite's own work: binding in order, reading
// every type, clearing what an earlier user bound, the column-count check, errors as values,
// timing, the write turn, and handing the statement back whatever happens.
#include "rally/db/rows.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rally/db/transaction.hpp"
#include "temp_dir.hpp"

namespace rally::db {
namespace {

using testing::TempDir;

Connection memory() {
  auto conn = open(":memory:");
  EXPECT_TRUE(conn) << conn.error().to_string();
  return std::move(*conn);
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

TEST(Rows, AStatementWithFewerColumnsThanTheReaderReadsIsAnError) {
  auto conn = memory();
  std::size_t cached = conn.cached_statement_count();
  static constexpr CachedSql sql("SELECT 1");
  auto rows = query_rows<Pair>(conn, sql, 2, read_pair);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().message, "the statement returns 1 columns, the code reads 2 (was the schema changed after the build?)");
  EXPECT_EQ(rows.error().sql, "SELECT 1");
  // The run was ended and the statement handed back: the same call works again (and still fails
  // the same way), without a second statement in the cache.
  EXPECT_FALSE(query_rows<Pair>(conn, sql, 2, read_pair));
  EXPECT_EQ(conn.cached_statement_count(), cached + 1);
  EXPECT_EQ(conn.request_stats().count, 2u);
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
  EXPECT_EQ(conn.query_value<std::int64_t>("SELECT count(*) FROM t").value(), 0);
  EXPECT_EQ(query_changes(conn, sql, std::int64_t{1}).value(), 1);
}

TEST(Rows, AStepErrorIsAValueAndTheStatementStaysUsable) {
  auto conn = memory();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
  std::size_t cached = conn.cached_statement_count();
  static constexpr CachedSql sql("INSERT INTO t VALUES (?) RETURNING x");
  auto read_x = [](const RowView& row, std::int64_t& x) { row.read(0, x); };
  EXPECT_EQ(query_rows<std::int64_t>(conn, sql, 1, read_x, std::int64_t{1}).value(), std::vector<std::int64_t>{1});
  auto duplicate = query_rows<std::int64_t>(conn, sql, 1, read_x, std::int64_t{1});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, SQLITE_CONSTRAINT_PRIMARYKEY);
  EXPECT_EQ(query_rows<std::int64_t>(conn, sql, 1, read_x, std::int64_t{2}).value(), std::vector<std::int64_t>{2});
  EXPECT_EQ(conn.cached_statement_count(), cached + 1);
}

TEST(Rows, AReaderThatThrowsLeavesTheStatementReusableAndTheRunCounted) {
  auto conn = memory();
  std::size_t cached = conn.cached_statement_count();
  static constexpr CachedSql sql("SELECT 1, 2 UNION ALL SELECT 3, 4");
  conn.reset_request_stats();
  EXPECT_THROW((void)query_rows<Pair>(conn, sql, 2, [](const RowView&, Pair&) { throw std::runtime_error("x"); }),
               std::runtime_error);
  EXPECT_EQ(conn.request_stats().count, 1u);
  auto rows = query_rows<Pair>(conn, sql, 2, read_pair);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].a, 3);
  EXPECT_EQ(conn.cached_statement_count(), cached + 1);
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

TEST(Rows, AWriteWaitsForTheWriteTurnAndAReadDoesNot) {
  TempDir dir;
  Options quick;
  quick.busy_timeout = std::chrono::milliseconds(20);
  auto a = open((dir / "w.db").string());
  auto b = open((dir / "w.db").string(), quick);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->exec("CREATE TABLE t (x INTEGER)"));
  static constexpr CachedSql insert("INSERT INTO t VALUES (?) RETURNING x");
  static constexpr CachedSql count("SELECT count(*) FROM t");
  auto read_x = [](const RowView& row, std::int64_t& x) { row.read(0, x); };
  auto held = transaction(*a, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(c.execute("INSERT INTO t VALUES (1)"));
    auto blocked = query_rows<std::int64_t>(*b, insert, 1, read_x, std::int64_t{2});  // a holds the turn
    EXPECT_FALSE(blocked);
    if (!blocked) {
      EXPECT_EQ(blocked.error().code, SQLITE_BUSY);
      EXPECT_NE(blocked.error().message.find("no write turn"), std::string::npos) << blocked.error().message;
    }
    EXPECT_EQ(query_rows<std::int64_t>(*b, count, 1, read_x).value(), std::vector<std::int64_t>{0});
    return Unit{};
  });
  ASSERT_TRUE(held);
  EXPECT_EQ(query_rows<std::int64_t>(*b, insert, 1, read_x, std::int64_t{3}).value(), std::vector<std::int64_t>{3});
  EXPECT_EQ(query_rows<std::int64_t>(*a, count, 1, read_x).value(), std::vector<std::int64_t>{2});
}

}  // namespace
}  // namespace rally::db
