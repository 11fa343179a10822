#include "rally/db/pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "rally/db/transaction.hpp"
#include "temp_dir.hpp"

namespace rally::db {
namespace {

using testing::TempDir;

TEST(Pool, ManyThreadsInsertIntoOneWalFile) {
  TempDir dir;
  constexpr int threads = 8;
  constexpr int per_thread = 200;
  // Fewer connections than threads: handlers also queue for a connection, not only for the lock.
  auto pool = Pool::open((dir / "data/app.db").string(), 4);
  ASSERT_TRUE(pool) << pool.error().to_string();
  {
    auto lease = pool->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE((*lease)->exec("CREATE TABLE hits (thread INTEGER, n INTEGER, UNIQUE (thread, n))"));
  }
  std::atomic<int> failures{0};
  std::vector<std::string> errors(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int n = 0; n < per_thread; ++n) {
        auto lease = pool->acquire();
        if (!lease) {
          errors[t] = lease.error().to_string();
          ++failures;
          return;
        }
        // Half plain autocommit inserts, half through transaction() (BEGIN IMMEDIATE).
        auto r = n % 2 == 0 ? (*lease)->execute("INSERT INTO hits VALUES (?, ?)", t, n)
                            : transaction(**lease, [&](Connection& c) {
                                return c.execute("INSERT INTO hits VALUES (?, ?)", t, n);
                              });
        if (!r) {
          errors[t] = r.error().to_string();
          ++failures;
          return;
        }
        // Readers run alongside writers under WAL.
        if (n % 50 == 0 && !(*lease)->query_value<std::int64_t>("SELECT count(*) FROM hits")) ++failures;
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& e : errors) EXPECT_TRUE(e.empty()) << e;
  EXPECT_EQ(failures.load(), 0);
  auto lease = pool->acquire();
  ASSERT_TRUE(lease);
  EXPECT_EQ((*lease)->query_value<std::int64_t>("SELECT count(*) FROM hits").value(), threads * per_thread);
  EXPECT_EQ((*lease)->query_value<std::int64_t>("SELECT count(DISTINCT thread * 1000 + n) FROM hits").value(),
            threads * per_thread);
  EXPECT_EQ((*lease)->query_value<std::string>("PRAGMA journal_mode").value(), "wal");
  EXPECT_GE(pool->stats().count, static_cast<std::uint64_t>(threads * per_thread));
}

TEST(Pool, AcquireTimesOutWhenEveryConnectionIsLentAndWakesOnReturn) {
  TempDir dir;
  auto pool = Pool::open((dir / "a.db").string(), 1);
  ASSERT_TRUE(pool);
  std::optional<Pool::Lease> held;
  {
    auto l = pool->acquire();
    ASSERT_TRUE(l);
    held.emplace(std::move(*l));
  }
  EXPECT_EQ(pool->available(), 0u);
  auto second = pool->acquire(std::chrono::milliseconds(1));
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("no free database connection"), std::string::npos);
  bool got = false;
  std::thread waiter([&] { got = pool->acquire(std::chrono::seconds(30)).has_value(); });
  held.reset();  // hands the connection back, waking the waiter (or serving it if it is late)
  waiter.join();
  EXPECT_TRUE(got);
  EXPECT_EQ(pool->available(), 1u);
}

TEST(Pool, ReturnedConnectionIsReusedAndCleanedUp) {
  TempDir dir;
  auto pool = Pool::open((dir / "a.db").string(), 1);
  ASSERT_TRUE(pool);
  sqlite3* handle = nullptr;
  {
    auto lease = pool->acquire();
    ASSERT_TRUE(lease);
    handle = (*lease)->native_handle();
    ASSERT_TRUE((*lease)->exec("CREATE TABLE t (x); BEGIN; INSERT INTO t VALUES (1);"));
    EXPECT_TRUE((*lease)->in_transaction());
    // Returned with a transaction open: the pool must roll it back.
  }
  EXPECT_EQ(pool->available(), 1u);
  auto lease = pool->acquire();
  ASSERT_TRUE(lease);
  EXPECT_EQ((*lease)->native_handle(), handle);
  EXPECT_FALSE((*lease)->in_transaction());
  EXPECT_EQ((*lease)->request_stats().count, 0u);  // per-request counters start at zero
  EXPECT_EQ((*lease)->query_value<int>("SELECT count(*) FROM t").value(), 0);
  EXPECT_EQ((*lease)->request_stats().count, 1u);
}

TEST(Pool, LeaseOutlivingThePoolIsSafe) {
  TempDir dir;
  std::optional<Pool::Lease> lease;
  {
    auto pool = Pool::open((dir / "a.db").string(), 2);
    ASSERT_TRUE(pool);
    auto l = pool->acquire();
    ASSERT_TRUE(l);
    lease.emplace(std::move(*l));
  }
  EXPECT_EQ((*lease)->query_value<int>("SELECT 3").value(), 3);
}

TEST(WriteTurn, ConnectionsToOneFileQueueAndTimeOutAsBusy) {
  TempDir dir;
  Options quick;
  quick.busy_timeout = std::chrono::milliseconds(20);
  auto a = open((dir / "w.db").string());
  auto b = open((dir / "./w.db").string(), quick);  // another spelling of the same file
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->exec("CREATE TABLE t (x)"));
  auto r = transaction(*a, [&](Connection& c) -> Result<Unit> {
    EXPECT_TRUE(c.execute("INSERT INTO t VALUES (1)"));
    auto blocked = b->execute("INSERT INTO t VALUES (2)");  // a holds the write turn
    EXPECT_FALSE(blocked);
    if (!blocked) return Unit{};
    EXPECT_EQ(blocked.error().code, 5);  // SQLITE_BUSY
    EXPECT_NE(blocked.error().message.find("no write turn"), std::string::npos) << blocked.error().message;
    EXPECT_EQ(b->query_value<int>("SELECT count(*) FROM t").value(), 0);  // reads are not blocked
    return Unit{};
  });
  ASSERT_TRUE(r);
  EXPECT_TRUE(b->execute("INSERT INTO t VALUES (3)"));  // the turn was handed back
  EXPECT_EQ(a->query_value<int>("SELECT count(*) FROM t").value(), 2);
}

TEST(Pool, RefusesMemoryAndZeroSize) {
  EXPECT_FALSE(Pool::open(":memory:", 2));
  TempDir dir;
  EXPECT_FALSE(Pool::open((dir / "a.db").string(), 0));
}

}  // namespace
}  // namespace rally::db
