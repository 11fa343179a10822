// A dev server (Options::dev_status_file, what `rally dev` runs): its stamp, the reload of a tab an
// earlier server rendered, and the build status relayed from rally dev's file to its tabs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "dev_state.hpp"
#include "fake_app.hpp"
#include "rally/server/run.hpp"
#include "rally/wire.hpp"
#include "test_client.hpp"

namespace rally::server {
namespace {

namespace fs = std::filesystem;
using rally::test::WsClient;
using rally::test::WsFrame;
using testing::FakeApp;

class DevServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("rally_dev_server_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(base_);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(base_);
  }

  void start() {
    Options o;
    o.port = 0;
    o.threads = 1;
    o.log_requests = false;
    o.dev_status_file = status_file().string();
    server_ = std::make_unique<Server>(app_, o);
    server_->start();
  }
  fs::path status_file() const { return base_ / "app.status"; }
  // As rally dev writes it: a new file renamed over the old one.
  void write_status(const std::string& content) {
    std::ofstream(base_ / "app.status.next", std::ios::binary) << content;
    fs::rename(base_ / "app.status.next", status_file());
  }
  std::string target(std::string_view stamp) const {
    return "/_rally/ws?contract=" + std::string(app_.contract_hash()) + "&dev=" + std::string(stamp);
  }
  // A socket of this server's own tab, past its accept (an answered call: it is subscribed).
  void connect_current(WsClient& ws) {
    ASSERT_EQ(ws.connect(server_->port(), target(detail::dev_stamp())), "");
    ASSERT_TRUE(ws.send_binary(wire::encode_request(1, testing::echo_handler, "hi")));
    auto answer = receive(ws);
    ASSERT_EQ(answer.kind, wire::FrameKind::response);
  }
  wire::ServerFrame receive(WsClient& ws) {
    WsFrame f = ws.receive();
    EXPECT_TRUE(f.ok()) << f.error;
    storage_ = std::move(f.payload);
    std::string error;
    auto frame = wire::decode_server_frame(storage_, error);
    EXPECT_TRUE(frame) << error;
    return frame.value_or(wire::ServerFrame{});
  }

  FakeApp app_;
  fs::path base_;
  std::unique_ptr<Server> server_;
  std::string storage_;
};

TEST_F(DevServerTest, HasAStampOfItsOwnWhileItRuns) {
  start();
  const std::string first(detail::dev_stamp());
  EXPECT_EQ(first.size(), 16u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
  server_.reset();
  EXPECT_EQ(detail::dev_stamp(), "") << "a stopped server's pages are not stamped";
  start();
  EXPECT_NE(detail::dev_stamp(), first) << "a restarted server tells the tabs of the last one apart";
}

TEST_F(DevServerTest, TellsATabAnEarlierServerRenderedToReload) {
  start();
  WsClient ws;
  ASSERT_EQ(ws.connect(server_->port(), target("0123456789abcdef")), "");
  auto frame = receive(ws);
  EXPECT_EQ(frame.kind, wire::FrameKind::reload);
  EXPECT_EQ(frame.text, "the dev server restarted with new code");
  WsFrame close = ws.receive();
  EXPECT_EQ(close.opcode, 8) << close.error;
  EXPECT_EQ(close.close_code(), 1000);
  EXPECT_EQ(app_.connects.load(), 0);
}

TEST_F(DevServerTest, RelaysEveryBuildStatusToItsTabs) {
  start();
  WsClient ws;
  connect_current(ws);
  const std::string failed = "failed\nsrc/web/pages/home_.hpp:12:3: error: expected ';' <b>";
  write_status(failed);
  auto frame = receive(ws);
  EXPECT_EQ(frame.kind, wire::FrameKind::message);
  EXPECT_EQ(frame.id, wire::audience_dev);
  EXPECT_EQ(frame.payload, failed);
  // Written in place (an editor, a script) counts too.
  std::ofstream(status_file(), std::ios::binary | std::ios::trunc) << "ok";
  frame = receive(ws);
  EXPECT_EQ(frame.id, wire::audience_dev);
  EXPECT_EQ(frame.payload, "ok");
}

TEST_F(DevServerTest, ATabThatConnectsDuringAFailedBuildIsToldAtOnce) {
  write_status("failed\nhome_.hpp:1:1: error: x");  // before the server starts: read at start
  start();
  WsClient ws;
  ASSERT_EQ(ws.connect(server_->port(), target(detail::dev_stamp())), "");
  auto frame = receive(ws);
  EXPECT_EQ(frame.id, wire::audience_dev);
  EXPECT_EQ(frame.payload, "failed\nhome_.hpp:1:1: error: x");
}

// A page without a client (a static page) watches the build with a socket of its own: no app
// connection, the build status, and a reload once another server runs.
TEST_F(DevServerTest, AWatchOnlySocketGetsTheBuildStatusAndNothingOfTheApp) {
  start();
  WsClient ws;
  ASSERT_EQ(ws.connect(server_->port(), "/_rally/ws?watch=1&dev=" + std::string(detail::dev_stamp())), "");
  // Its frames are ignored: the next one it gets is the status written after.
  ASSERT_TRUE(ws.send_binary(wire::encode_request(1, testing::echo_handler, "hi")));
  write_status("building");
  auto frame = receive(ws);
  EXPECT_EQ(frame.kind, wire::FrameKind::message);
  EXPECT_EQ(frame.id, wire::audience_dev);
  EXPECT_EQ(frame.payload, "building");
  EXPECT_EQ(app_.connects.load(), 0);

  WsClient stale;
  ASSERT_EQ(stale.connect(server_->port(), "/_rally/ws?watch=1&dev=0123456789abcdef"), "");
  frame = receive(stale);
  EXPECT_EQ(frame.kind, wire::FrameKind::reload);
  EXPECT_EQ(frame.text, "the dev server restarted with new code");
}

TEST_F(DevServerTest, ATabWithoutAStampIsServedAsUsual) {
  start();
  WsClient ws;
  ASSERT_EQ(ws.connect(server_->port(), "/_rally/ws?contract=" + std::string(app_.contract_hash())), "");
  ASSERT_TRUE(ws.send_binary(wire::encode_request(3, testing::echo_handler, "x")));
  EXPECT_EQ(receive(ws).kind, wire::FrameKind::response);
}

TEST_F(DevServerTest, AStatusFolderThatCannotBeWatchedStopsTheStart) {
  Options o;
  o.port = 0;
  o.dev_status_file = (base_ / "missing" / "app.status").string();
  Server server(app_, o);
  try {
    server.start();
    FAIL() << "started without its status file's folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("RALLY_DEV_STATUS: cannot watch " + (base_ / "missing").string()), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(detail::dev_stamp(), "");
}

// Not a dev server: a stamp in the URL means nothing (a development client against a server not
// run by rally dev).
TEST(ServerWithoutDevTools, IgnoresAStamp) {
  FakeApp app;
  Options o;
  o.port = 0;
  o.threads = 1;
  o.log_requests = false;
  Server server(app, o);
  server.start();
  WsClient ws;
  ASSERT_EQ(ws.connect(server.port(), "/_rally/ws?contract=" + std::string(app.contract_hash()) + "&dev=0011"), "");
  ASSERT_TRUE(ws.send_binary(wire::encode_request(3, testing::echo_handler, "x")));
  WsFrame f = ws.receive();
  ASSERT_TRUE(f.ok()) << f.error;
  std::string error;
  auto frame = wire::decode_server_frame(f.payload, error);
  ASSERT_TRUE(frame) << error;
  EXPECT_EQ(frame->kind, wire::FrameKind::response);
}

}  // namespace
}  // namespace rally::server
