#include "rally/db/transaction.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace rally::db {
namespace {

struct Fixture : ::testing::Test {
  void SetUp() override {
    auto opened = open(":memory:");
    ASSERT_TRUE(opened);
    conn.emplace(std::move(*opened));
    ASSERT_TRUE(conn->exec("CREATE TABLE t (x TEXT)"));
  }
  Result<Unit> insert(const std::string& x) { return conn->execute("INSERT INTO t VALUES (?)", x); }
  std::vector<std::string> rows() {
    std::vector<std::string> out;
    auto s = conn->prepare("SELECT x FROM t ORDER BY rowid");
    while (s->step().value()) out.push_back(s->column<std::string>(0));
    return out;
  }
  std::optional<Connection> conn;
};

using Transaction = Fixture;
using Strings = std::vector<std::string>;

TEST_F(Transaction, CommitsAndPassesTheValueThrough) {
  auto r = transaction(*conn, [&](Connection& c) -> Result<int> {
    EXPECT_TRUE(c.in_transaction());
    EXPECT_TRUE(insert("a"));
    return 42;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 42);
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(conn->transaction_depth(), 0);
  EXPECT_EQ(rows(), Strings{"a"});
}

TEST_F(Transaction, VoidAndPlainValueFunctions) {
  Result<Unit> v = transaction(*conn, [&](Connection&) { (void)insert("a"); });
  EXPECT_TRUE(v);
  Result<std::string> s = transaction(*conn, [&](Connection&) { return std::string("x"); });
  EXPECT_EQ(s.value(), "x");
  EXPECT_EQ(rows(), Strings{"a"});
}

TEST_F(Transaction, ErrorResultRollsBackTheOutermostLevel) {
  auto r = transaction(*conn, [&](Connection&) -> rally::Result<int> {
    EXPECT_TRUE(insert("gone"));
    return rally::err("nope");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), std::vector<std::string>{"nope"});
  EXPECT_TRUE(rows().empty());
  EXPECT_FALSE(conn->in_transaction());
}

TEST_F(Transaction, InnerFailureRollsBackOnlyTheInnerLevel) {
  auto r = transaction(*conn, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(insert("outer before"));
    auto inner = transaction(c, [&](Connection& c2) -> Result<Unit> {
      EXPECT_EQ(c2.transaction_depth(), 2);
      EXPECT_TRUE(insert("inner"));
      return rally::err(Error{"inner failed", 0, {}, {}, 0});
    });
    EXPECT_FALSE(inner);
    EXPECT_EQ(inner.error().message, "inner failed");
    EXPECT_EQ(c.transaction_depth(), 1);
    EXPECT_TRUE(insert("outer after"));
    return Unit{};
  });
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(rows(), (Strings{"outer before", "outer after"}));
}

TEST_F(Transaction, ExceptionRollsBackItsLevelAndIsRethrown) {
  auto r = transaction(*conn, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(insert("outer"));
    EXPECT_THROW(transaction(c,
                             [&](Connection&) -> Result<Unit> {
                               EXPECT_TRUE(insert("inner"));
                               throw std::runtime_error("boom");
                             }),
                 std::runtime_error);
    EXPECT_TRUE(c.in_transaction());
    return Unit{};
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(rows(), Strings{"outer"});

  EXPECT_THROW(transaction(*conn, [&](Connection&) {
                 (void)insert("thrown away");
                 throw std::runtime_error("outer boom");
               }),
               std::runtime_error);
  EXPECT_EQ(rows(), Strings{"outer"});
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(conn->transaction_depth(), 0);
}

TEST_F(Transaction, ThreeLevels) {
  auto r = transaction(*conn, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(insert("1"));
    auto two = transaction(c, [&](Connection& c2) -> Result<Unit> {
      EXPECT_TRUE(insert("2"));
      auto three_ok = transaction(c2, [&](Connection&) -> Result<Unit> { return insert("3 kept"); });
      EXPECT_TRUE(three_ok);
      auto three_bad = transaction(c2, [&](Connection& c3) -> Result<Unit> {
        EXPECT_EQ(c3.transaction_depth(), 3);
        EXPECT_TRUE(insert("3 dropped"));
        return rally::err(Error{"level 3", 0, {}, {}, 0});
      });
      EXPECT_FALSE(three_bad);
      return Unit{};
    });
    EXPECT_TRUE(two);
    // Level two fails after its own level three committed: both are undone, level one stays.
    auto two_bad = transaction(c, [&](Connection& c2) -> Result<Unit> {
      EXPECT_TRUE(insert("2 dropped"));
      EXPECT_TRUE(transaction(c2, [&](Connection&) { return insert("3 inside dropped 2"); }));
      return rally::err(Error{"level 2", 0, {}, {}, 0});
    });
    EXPECT_FALSE(two_bad);
    return Unit{};
  });
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(rows(), (Strings{"1", "2", "3 kept"}));
}

TEST_F(Transaction, OuterFailureUndoesCommittedInnerLevels) {
  auto r = transaction(*conn, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(transaction(c, [&](Connection&) { return insert("inner"); }));
    return rally::err(Error{"outer", 0, {}, {}, 0});
  });
  EXPECT_FALSE(r);
  EXPECT_TRUE(rows().empty());
}

TEST_F(Transaction, CommittedWorkSurvivesALaterFailedTransaction) {
  ASSERT_TRUE(transaction(*conn, [&](Connection&) { return insert("committed"); }));
  auto r = transaction(*conn, [&](Connection&) -> Result<Unit> {
    EXPECT_TRUE(insert("not committed"));
    return rally::err(Error{"later", 0, {}, {}, 0});
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(rows(), Strings{"committed"});
}

TEST_F(Transaction, BeginFailureIsReportedInTheCallersErrorType) {
  ASSERT_TRUE(conn->exec("BEGIN"));  // a raw transaction already open: BEGIN IMMEDIATE must fail
  bool ran = false;
  auto r = transaction(*conn, [&](Connection&) -> rally::Result<int> {
    ran = true;
    return 1;
  });
  ASSERT_FALSE(r);
  EXPECT_FALSE(ran);
  ASSERT_EQ(r.error().size(), 1u);
  EXPECT_NE(r.error()[0].find("within a transaction"), std::string::npos) << r.error()[0];
  ASSERT_TRUE(conn->exec("ROLLBACK"));
}

TEST(TransactionFile, CommitIsDurableAcrossConnections) {
  testing::TempDir dir;
  auto path = (dir / "t.db").string();
  {
    auto a = open(path);
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->exec("CREATE TABLE t (x)"));
    ASSERT_TRUE(transaction(*a, [](Connection& c) {
      return transaction(c, [](Connection& c2) { return c2.execute("INSERT INTO t VALUES (1)"); });
    }));
  }
  auto b = open(path);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->query_value<int>("SELECT count(*) FROM t").value(), 1);
}

}  // namespace
}  // namespace rally::db
