// rally::server::Db and CallScope: a connection is leased on first use inside a call, returned when
// the call ends, and never shared by two threads.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <latch>
#include <thread>

#include <rally/db/db.hpp>
#include <rally/db/test_db.hpp>
#include <rally/server/database.hpp>

#include "test_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using rally::server::CallScope;
using rally::server::Db;

using DbScope = rally::server::testing::TempDatabase;

TEST_F(DbScope, OutsideACallIsAnErrorThatSaysSo) {
  Db db;
  auto conn = db.try_connection();
  ASSERT_FALSE(conn);
  EXPECT_NE(conn.error().message.find("outside a server handler or load()"), std::string::npos);
  EXPECT_THROW(db.connection(), std::runtime_error);
}

TEST_F(DbScope, AnAppWithoutADatabaseIsToldHowToGetOne) {
  CallScope scope(nullptr);
  auto conn = Db().try_connection();
  ASSERT_FALSE(conn);
  EXPECT_NE(conn.error().message.find("MIGRATIONS"), std::string::npos) << conn.error().message;
}

TEST_F(DbScope, LeasesOnFirstUseAndGivesBackWhenTheCallEnds) {
  Db db;  // like a ServerContext member: outlives the calls
  {
    CallScope scope(pool);
    EXPECT_EQ(pool->available(), 2u);  // nothing leased until the handler touches the database
    rally::db::Connection& first = db;
    ASSERT_TRUE(first.execute("CREATE TABLE t (x INTEGER)"));
    EXPECT_EQ(&db.connection(), &first);  // the same lease for the rest of the call
    ASSERT_TRUE(db->execute("INSERT INTO t VALUES (1)"));
    EXPECT_EQ(pool->available(), 1u);
    EXPECT_EQ(scope.stats().count, 2u);
  }
  EXPECT_EQ(pool->available(), 2u);
  EXPECT_FALSE(db.try_connection());
}

TEST_F(DbScope, ConcurrentCallsOnTwoThreadsGetTwoConnections) {
  rally::db::Connection* seen[2] = {nullptr, nullptr};
  std::latch both_leased(2);
  auto handler = [&](int i) {
    CallScope scope(pool);
    seen[i] = &Db().connection();
    both_leased.arrive_and_wait();  // both calls hold their lease at the same time
  };
  std::thread a(handler, 0), b(handler, 1);
  a.join();
  b.join();
  ASSERT_NE(seen[0], nullptr);
  EXPECT_NE(seen[0], seen[1]);
  EXPECT_EQ(pool->available(), 2u);
}

TEST_F(DbScope, AnInnerScopeShadowsTheOuterOneUntilItEnds) {
  CallScope outer(pool);
  rally::db::Connection* outer_conn = &Db().connection();
  {
    CallScope inner(nullptr);
    EXPECT_FALSE(Db().try_connection());
  }
  EXPECT_EQ(&Db().connection(), outer_conn);
}

TEST_F(DbScope, AFixedConnectionNeedsNoScope) {
  auto conn = rally::test_db::open_empty();
  Db db(conn);
  EXPECT_EQ(&db.connection(), &conn);
  EXPECT_EQ(*db->query_value<int>("SELECT 41 + 1"), 42);
}

}  // namespace
