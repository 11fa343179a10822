// Background jobs in generated code (the context fixture's web::ClearBoard): rally-gen finds the job
// type, writes its codecs and job_ops, and the app table runs its perform with a new ServerContext;
// enqueued with rally::jobs::enqueue and run by run_pending over registry_of(app), as an app's
// test does. The job publishes to a topic and sends a server message.
#include <gtest/gtest.h>

#include <rally/codec.hpp>
#include <rally/db/test_db.hpp>
#include <rally/db/transaction.hpp>
#include <rally/server/jobs.hpp>
#include <rally/server/topics.hpp>
#include <rally/wire.hpp>

#include "app.hpp"
#include "codecs/web/board.hpp"
#include "web/board.hpp"

namespace {

// Whatever is published or sent while it is installed.
struct Recorder final : rally::server::PubSub {
  std::vector<std::uint64_t> topics;
  void publish(std::uint64_t topic, std::string_view, std::string_view) override { topics.push_back(topic); }
};

class Jobs : public ::testing::Test {
 protected:
  void SetUp() override {
    rally::jobs::migrate(db);
    rally::server::set_pubsub(&recorder);
  }
  void TearDown() override { rally::server::set_pubsub(nullptr); }

  std::unique_ptr<rally::server::App> app = rally_generated_make_app();
  rally::db::Connection db = rally::test_db::open_empty();
  Recorder recorder;
};

TEST_F(Jobs, TheAppListsItsJobTypesByTheirQualifiedName) {
  auto types = app->job_types();
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0].name, "web::ClearBoard");
  EXPECT_EQ(rally::jobs::job_ops<web::ClearBoard>().type, "web::ClearBoard");
}

TEST_F(Jobs, AnEnqueuedJobRunsItsPerformWithANewServerContextAndCanPublishAndSend) {
  auto id = rally::jobs::enqueue(db, web::ClearBoard{3, "ada"});
  ASSERT_TRUE(id && *id) << (id ? "" : id.error().to_string());
  auto ran = rally::jobs::run_pending(db, rally::jobs::registry_of(*app));
  ASSERT_TRUE(ran) << ran.error().to_string();
  EXPECT_EQ(ran->succeeded, 1) << (ran->failures.empty() ? "" : ran->failures[0]);
  // A topic publication (Board{3}) and a server message to the board's page.
  ASSERT_EQ(recorder.topics.size(), 2u);
  EXPECT_EQ(recorder.topics[0], rally::topic_ops<web::Board>().id);
  EXPECT_EQ(recorder.topics[1], rally::wire::audience_page);
  auto again = rally::jobs::run_pending(db, rally::jobs::registry_of(*app));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->ran(), 0) << "done once";
}

TEST_F(Jobs, AFailingJobIsRetriedUpToItsTypesMaxAttemptsThenDead) {
  ASSERT_TRUE(rally::jobs::enqueue(db, web::ClearBoard{0, "ada"}));
  auto now = std::chrono::system_clock::now();
  rally::jobs::Clock clock = [&] { return now; };
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto ran = rally::jobs::run_pending(db, rally::jobs::registry_of(*app), clock);
    ASSERT_TRUE(ran);
    EXPECT_EQ(ran->ran(), 1) << attempt;
    now += std::chrono::hours(2);  // past any backoff
  }
  auto jobs = rally::jobs::list_jobs(db);
  ASSERT_TRUE(jobs);
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ((*jobs)[0].state, "dead") << "ClearBoard::max_attempts is 3";
  EXPECT_EQ((*jobs)[0].attempt, 3);
  EXPECT_EQ((*jobs)[0].last_error, "there is no board 0");
}

TEST_F(Jobs, ArgumentsThatDoNotDecodeKillTheJobAtOnceAndSayWhy) {
  ASSERT_TRUE(rally::jobs::enqueue_encoded(db, "web::ClearBoard", "\xff"));
  auto ran = rally::jobs::run_pending(db, rally::jobs::registry_of(*app));
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->dead, 1);
  ASSERT_EQ(ran->failures.size(), 1u);
  EXPECT_NE(ran->failures[0].find("its arguments do not decode"), std::string::npos) << ran->failures[0];
}

TEST_F(Jobs, AnEnqueueRolledBackWithItsTransactionLeavesNoJob) {
  auto rolled_back = rally::db::transaction(db, [](rally::db::Connection& c) -> rally::db::Result<rally::db::Unit> {
    auto id = rally::jobs::enqueue(c, web::ClearBoard{3, "ada"});
    if (!id) return rally::err(id.error());
    return rally::err(rally::db::Error{"the app's own write failed", 0, {}, {}, 0});
  });
  EXPECT_FALSE(rolled_back);
  auto counts = rally::jobs::count_jobs(db);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->queued, 0);
}

}  // namespace
