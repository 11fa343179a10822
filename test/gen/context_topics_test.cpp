// Topics in generated code (the context fixture's web::Board and /boards/:id): rally-gen finds the
// topic type, writes its id and codecs, and the page's subscriptions() reach the client entry;
// a publication's bytes become the page's message.
#include <gtest/gtest.h>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/glue.hpp>
#include <rally/render.hpp>

#include "app.hpp"
#include "board_page.hpp"
#include "fake_host.hpp"
#include "web/routes.hpp"
#include <rally/server/topics.hpp>
#include "codecs/web/board.hpp"
#include "codecs/web/pages/boards/id_.hpp"

namespace {

namespace board = web::pages::boards::id_;
using board_test::hydrate_board;

TEST(Topics, ThePagesSubscriptionsNameTheTopicByItsGeneratedIdAndKey) {
  rally_test::FakeHost host;
  auto page = hydrate_board(host, 3);
  ASSERT_TRUE(page);
  auto subs = page->subscriptions();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].topic, rally::topic_ops<web::Board>().id);
  EXPECT_EQ(subs[0].key, rally::codec::to_bytes(web::Board{3}));
  EXPECT_NE(rally::topic_ops<web::Board>().id, 0u);
}

TEST(Topics, APublicationBecomesThePagesMessage) {
  rally_test::FakeHost host;
  auto page = hydrate_board(host, 3);
  ASSERT_TRUE(page);
  auto subs = page->subscriptions();
  ASSERT_EQ(subs.size(), 1u);
  std::string error;
  auto msg = subs[0].to_msg(rally::codec::to_bytes(web::Note{"first"}), error);
  ASSERT_FALSE(msg.empty()) << error;
  page->handle(msg);
  EXPECT_NE(rally::render_html(page->view()).find("Board 3: 1 notes"), std::string::npos);
  // Bytes that are not a Note are reported, never a message.
  EXPECT_TRUE(subs[0].to_msg("\xff\xff", error).empty());
  EXPECT_FALSE(error.empty());
}

TEST(Topics, TheModelDecidesTheSubscriptions) {
  rally_test::FakeHost host;
  auto page = hydrate_board(host, 4);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->subscriptions().size(), 1u);
  page->handle(rally::AnyMsg::of(board::Pause{}));
  EXPECT_TRUE(page->subscriptions().empty()) << "a paused board listens to nothing";
}

// Subscriptions are checked on the server: only this app's topic ids, and a topic's authorize().
TEST(Topics, TheServerAdmitsOnlyItsTopicsAndAsksTheirAuthorize) {
  auto app = rally_generated_make_app();
  rally::server::Request guest_upgrade, ada_upgrade;
  ada_upgrade.cookies = {{"user", "ada"}};
  auto guest = app->connect(guest_upgrade);
  auto ada = app->connect(ada_upgrade);
  const std::uint64_t board = rally::topic_ops<web::Board>().id;
  EXPECT_TRUE(app->may_subscribe(*guest, board, rally::codec::to_bytes(web::Board{3})));
  EXPECT_FALSE(app->may_subscribe(*guest, board, rally::codec::to_bytes(web::Board{13})));
  EXPECT_TRUE(app->may_subscribe(*ada, board, rally::codec::to_bytes(web::Board{13})));
  EXPECT_FALSE(app->may_subscribe(*ada, board, "\xff")) << "a key that does not decode";
  EXPECT_FALSE(app->may_subscribe(*ada, board + 1, rally::codec::to_bytes(web::Board{3}))) << "not a topic of the app";
}

TEST(Topics, ServerCodePublishesWithTheTopicTypeAlone) {
  // No socket subscribed in this process: the in-process backend delivers to nobody.
  rally::publish(web::Board{3}, web::Note{"to nobody"});
  EXPECT_EQ(rally::server::subscriber_count(rally::topic_ops<web::Board>().id, rally::codec::to_bytes(web::Board{3})), 0u);
}

}  // namespace
