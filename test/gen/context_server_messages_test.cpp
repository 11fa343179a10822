// Server messages in generated code (the context fixture's /boards/:id takes Cleared and Renamed):
// rally-gen gives each type an id and codecs, the page's client entry decodes the ones it takes into
// its Msg, rally::send publishes the type id and the message to an audience, and the server lets a
// client join only the app's and a visible page's audiences.
#include <gtest/gtest.h>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/glue.hpp>
#include <rally/render.hpp>
#include <rally/server/send.hpp>

#include "app.hpp"
#include "app_test_support.hpp"
#include "board_page.hpp"
#include "fake_host.hpp"
#include "web/routes.hpp"
#include "codecs/web/pages/boards/id_.hpp"

namespace {

namespace board = web::pages::boards::id_;
using app_test::FakeSession;
using board_test::hydrate_board;

std::string view_of(rally::client::PageInstance& page) { return rally::render_html(page.view()); }

TEST(ServerMessages, APageTurnsTheTypesItTakesIntoItsMsg) {
  rally_test::FakeHost host;
  auto page = hydrate_board(host, 3);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->takes_server_messages());
  std::string error;
  // from_server(Cleared) returns an alternative of Msg...
  auto cleared = page->receive(rally::server_message_ops<board::Cleared>().id, rally::codec::to_bytes(board::Cleared{"ada"}), error);
  ASSERT_FALSE(cleared.empty()) << error;
  page->handle(cleared);
  EXPECT_NE(view_of(*page).find("(last: cleared by ada)"), std::string::npos) << view_of(*page);
  // ...and from_server(const Renamed&) returns Msg itself.
  auto renamed = page->receive(rally::server_message_ops<board::Renamed>().id, rally::codec::to_bytes(board::Renamed{"Plans"}), error);
  ASSERT_FALSE(renamed.empty()) << error;
  page->handle(renamed);
  EXPECT_NE(view_of(*page).find("titled Plans"), std::string::npos) << view_of(*page);
}

TEST(ServerMessages, ATypeThePageDoesNotTakeIsDroppedAndBadBytesAreReported) {
  rally_test::FakeHost host;
  auto page = hydrate_board(host, 3);
  ASSERT_TRUE(page);
  std::string error;
  const std::uint64_t cleared = rally::server_message_ops<board::Cleared>().id;
  const std::uint64_t renamed = rally::server_message_ops<board::Renamed>().id;
  EXPECT_NE(cleared, renamed);
  // Another page's type (or one this page no longer has): nothing, and nothing to report.
  EXPECT_TRUE(page->receive(cleared ^ renamed, rally::codec::to_bytes(board::Cleared{"ada"}), error).empty());
  EXPECT_TRUE(error.empty()) << error;
  // The right id with bytes that are not a Cleared: never a message.
  EXPECT_TRUE(page->receive(cleared, "\xff\xff\xff", error).empty());
  EXPECT_FALSE(error.empty());
}

// What rally::send hands the PubSub seam: the audience, then the type id (little-endian) and the
// encoded message.
struct Recorder final : rally::server::PubSub {
  struct Sent {
    std::uint64_t topic;
    std::string key, payload;
  };
  std::vector<Sent> sent;
  void publish(std::uint64_t topic, std::string_view key, std::string_view message) override {
    sent.push_back({topic, std::string(key), std::string(message)});
  }
};

std::string type_prefix(std::uint64_t id) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>(id >> (8 * i));
  return out;
}

TEST(ServerMessages, SendPublishesTheTypeIdAndTheMessageToItsAudience) {
  Recorder recorder;
  rally::server::set_pubsub(&recorder);
  rally::send(rally::audience::page("/boards/3"), board::Cleared{"ada"});
  rally::send(rally::audience::everyone(), board::Renamed{"Plans"});
  {
    rally::server::TabScope tab("tab-key");
    rally::send(rally::audience::this_tab(), board::Renamed{"Mine"});
  }
  FakeSession session;
  session.audience = "session-key";
  {
    rally::server::SessionScope scope(&session);
    rally::send(rally::audience::this_session(), board::Cleared{"bob"});
  }
  rally::server::set_pubsub(nullptr);
  ASSERT_EQ(recorder.sent.size(), 4u);
  EXPECT_EQ(recorder.sent[0].topic, rally::wire::audience_page);
  EXPECT_EQ(recorder.sent[0].key, "/boards/3");
  EXPECT_EQ(recorder.sent[0].payload,
            type_prefix(rally::server_message_ops<board::Cleared>().id) + rally::codec::to_bytes(board::Cleared{"ada"}));
  EXPECT_EQ(recorder.sent[1].topic, rally::wire::audience_app);
  EXPECT_EQ(recorder.sent[1].key, "");
  EXPECT_EQ(recorder.sent[2].topic, rally::wire::audience_tab);
  EXPECT_EQ(recorder.sent[2].key, "tab-key");
  EXPECT_EQ(recorder.sent[3].topic, rally::wire::audience_session);
  EXPECT_EQ(recorder.sent[3].key, "session-key");
}

TEST(ServerMessages, ThisTabAndThisSessionNeedACallerAndSaySo) {
  EXPECT_THROW(rally::audience::this_tab(), std::logic_error) << "an SSR request or a form post has no tab";
  EXPECT_THROW(rally::audience::this_session(), std::logic_error) << "no session on this thread";
  FakeSession without_audience;  // a backend that has no audience key (e.g. a test's fake)
  rally::server::SessionScope scope(&without_audience);
  EXPECT_THROW(rally::audience::this_session(), std::logic_error);
}

TEST(ServerMessages, AClientMayJoinTheAppsAndAVisiblePagesAudienceButNeverATabsOrASessions) {
  auto app = rally_generated_make_app();
  auto guest = app->connect(rally::server::Request{});
  using namespace rally::wire;
  EXPECT_TRUE(app->may_subscribe(*guest, audience_app, ""));
  EXPECT_TRUE(app->may_subscribe(*guest, audience_page, "/boards/3"));
  EXPECT_FALSE(app->may_subscribe(*guest, audience_page, "/account")) << "a signed-in page, and nobody is";
  EXPECT_FALSE(app->may_subscribe(*guest, audience_page, "/nope")) << "no such page";
  FakeSession signed_in;
  signed_in.user = 7;
  {
    rally::server::SessionScope scope(&signed_in);
    EXPECT_TRUE(app->may_subscribe(*guest, audience_page, "/account"));
  }
  EXPECT_FALSE(app->may_subscribe(*guest, audience_tab, "someone else's tab"));
  EXPECT_FALSE(app->may_subscribe(*guest, audience_session, "someone else's session"));
}

}  // namespace
