// The server against a fake App, through a real socket and the Boost-free test client.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>
#include <unistd.h>

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

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("rally_server_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(base_ / "client");
    fs::create_directories(base_ / "assets");
    std::ofstream(base_ / "client" / "app.wasm", std::ios::binary) << std::string("\0asm\x01\0\0\0", 8);
    std::ofstream(base_ / "client" / "web.js") << "console.log(1)";
    std::ofstream(base_ / "assets" / "site.css") << "body{}";
    std::ofstream(base_ / "secret") << "top secret";
    std::ofstream(base_ / "client" / ".hidden") << "top secret";
    fs::create_symlink(base_ / "secret", base_ / "assets" / "link-out");
    Options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.client_dir = (base_ / "client").string();
    o.assets_dir = (base_ / "assets").string();
    o.log_requests = false;
    server_ = std::make_unique<Server>(app_, o);
    server_->start();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(base_);
  }

  std::string ws_target() const { return "/_rally/ws?contract=" + std::string(app_.contract_hash()); }

  // Receives one frame and decodes it as a server frame; the view fields point into `storage`.
  static wire::ServerFrame receive_frame(WsClient& ws, std::string& storage) {
    WsFrame f = ws.receive();
    EXPECT_TRUE(f.ok()) << f.error;
    EXPECT_EQ(f.opcode, 2);
    storage = std::move(f.payload);
    std::string error;
    auto frame = wire::decode_server_frame(storage, error);
    EXPECT_TRUE(frame) << error;
    return frame.value_or(wire::ServerFrame{});
  }

  FakeApp app_;
  fs::path base_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, RendersPages) {
  auto res = test::http_get(port_, "/");
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.body, "<p>home</p>");
  EXPECT_EQ(res.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(res.header("content-length"), "11");
}

// Each server thread runs an event loop of its own, connections are dealt to them in turn, and the
// listener has a thread of its own: a request that takes long (here on the first loop) holds up
// neither the accepting of a new connection nor that connection's request on the second loop.
TEST_F(ServerTest, ARequestThatTakesLongHoldsUpNeitherNewConnectionsNorTheOtherLoop) {
  test::HttpResponse held, second;
  std::thread first([&] { held = test::http_get(port_, "/held"); });
  const bool holding = app_.wait_until_held();
  if (holding) second = test::http_get(port_, "/");
  app_.release_held();
  first.join();
  ASSERT_TRUE(holding);
  EXPECT_EQ(second.status, 200) << second.error;
  EXPECT_EQ(second.body, "<p>home</p>");
  EXPECT_EQ(held.status, 200) << held.error;
  EXPECT_EQ(held.body, "<p>released</p>");
}

TEST_F(ServerTest, PassesRequestDetailsAndResponseHeaders) {
  auto res = test::http_get(port_, "/echo?tab=x&y=2", {{"X-Test", "hello"}});
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.body, "GET|/echo?tab=x&y=2|/echo|tab=x&y=2|hello|127.0.0.1|");
  EXPECT_EQ(res.header("x-echo"), "yes");
  EXPECT_EQ(res.header("content-type"), "text/plain");
}

TEST_F(ServerTest, AppStatusIsKept) {
  auto res = test::http_get(port_, "/nowhere");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, "<p>no page at /nowhere</p>");
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
  auto res = test::http_request(port_, "HEAD", "/");
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.header("content-length"), "11");
  EXPECT_EQ(res.body, "");
}

TEST_F(ServerTest, RenderFailureIs500WithTraceIdOnly) {
  ::testing::internal::CaptureStderr();
  auto res = test::http_get(port_, "/boom");
  std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(res.status, 500) << res.error;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(res.body, m, std::regex("[0-9a-f]{16}"))) << res.body;
  EXPECT_EQ(res.body.find("secret"), std::string::npos) << res.body;
  EXPECT_NE(log.find("rally: [trace " + m.str() + "] render failed: secret database password"), std::string::npos) << log;
}

TEST_F(ServerTest, ServesClientFilesWithMimeAndEtag) {
  auto res = test::http_get(port_, "/_rally/app.wasm");
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.header("content-type"), "application/wasm");
  EXPECT_EQ(res.body, std::string("\0asm\x01\0\0\0", 8));
  EXPECT_EQ(res.header("cache-control"), "no-cache");
  const std::string etag = res.header("etag");
  ASSERT_FALSE(etag.empty());

  auto again = test::http_get(port_, "/_rally/app.wasm", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  auto stale = test::http_get(port_, "/_rally/app.wasm", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(stale.status, 200);

  auto js = test::http_get(port_, "/_rally/web.js");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  auto head = test::http_request(port_, "HEAD", "/_rally/web.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "14");
}

TEST_F(ServerTest, ServesAssets) {
  auto res = test::http_get(port_, "/assets/site.css");
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(res.body, "body{}");
}

TEST_F(ServerTest, RefusesTraversalAndMissingFiles) {
  for (const char* target : {"/_rally/../secret", "/_rally/%2e%2e/secret", "/_rally/%2E%2E%2Fsecret", "/assets/../secret",
                             "/_rally//etc/passwd", "/_rally/web.js%00", "/_rally/missing.js", "/_rally/", "/assets/",
                             "/_rally/.hidden", "/_rally/%2ehidden", "/assets/link-out"}) {
    auto res = test::http_get(port_, target);
    EXPECT_EQ(res.status, 404) << target << " " << res.error;
    EXPECT_EQ(res.body.find("top secret"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, OtherMethodsAre405) {
  auto res = test::http_request(port_, "DELETE", "/", {}, "x=1");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("allow"), "GET, HEAD, POST");
  // Files and the socket take no forms.
  res = test::http_request(port_, "POST", "/_rally/web.js", {}, "x=1");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("allow"), "GET, HEAD");
  EXPECT_EQ(test::http_request(port_, "POST", "/assets/site.css", {}, "x=1").status, 405);
  EXPECT_EQ(test::http_request(port_, "DELETE", "/_rally/web.js").status, 405);
}

TEST_F(ServerTest, PostToAPageReachesTheAppWithItsBody) {
  auto res = test::http_request(port_, "POST", "/echo", {{"Content-Type", "application/x-www-form-urlencoded"}}, "a=1&b=two");
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.body.substr(0, 11), "POST|/echo|") << res.body;
  EXPECT_EQ(res.body.substr(res.body.rfind('|')), "|a=1&b=two") << res.body;
}

TEST_F(ServerTest, MalformedHttpIs400AndClosed) {
  std::string reply = test::http_raw(port_, "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply;
  // Returning at all means the server closed the connection (http_raw reads until EOF).
  reply = test::http_raw(port_, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(10000, 'a') + "\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 431") << reply;
}

TEST_F(ServerTest, KeepAliveServesSeveralRequests) {
  std::string reply = test::http_raw(port_,
                                     "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                     "GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  EXPECT_NE(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
  EXPECT_NE(reply.find("HTTP/1.1 404"), std::string::npos) << reply;
}

TEST_F(ServerTest, SocketWithoutUpgradeIs426) { EXPECT_EQ(test::http_get(port_, ws_target()).status, 426); }

TEST_F(ServerTest, RpcEchoesWithSameId) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ASSERT_TRUE(ws.send_binary(wire::encode_request(5, testing::echo_handler, "hello")));
  std::string storage;
  auto f = receive_frame(ws, storage);
  EXPECT_EQ(f.kind, wire::FrameKind::response);
  EXPECT_EQ(f.id, 5u);
  EXPECT_EQ(f.payload, "hello");
  EXPECT_EQ(app_.connects.load(), 1);
  ws.close();
}

TEST_F(ServerTest, AnswersInRequestOrder) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  std::string batch;
  for (std::uint64_t id = 1; id <= 50; ++id) {
    ASSERT_TRUE(ws.send_binary(wire::encode_request(id, id % 2 ? testing::echo_handler : 999, std::to_string(id))));
  }
  for (std::uint64_t id = 1; id <= 50; ++id) {
    std::string storage;
    auto f = receive_frame(ws, storage);
    EXPECT_EQ(f.id, id);
    EXPECT_EQ(f.kind, id % 2 ? wire::FrameKind::response : wire::FrameKind::error);
  }
}

TEST_F(ServerTest, MalformedFrameGetsErrorAndSocketStaysUsable) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ASSERT_TRUE(ws.send_binary(std::string("\x01\x05", 2)));  // request kind, id, then no handler id
  std::string storage;
  auto f = receive_frame(ws, storage);
  EXPECT_EQ(f.kind, wire::FrameKind::error);
  EXPECT_EQ(f.id, 0u);
  EXPECT_EQ(f.code, wire::ErrorCode::malformed);
  EXPECT_FALSE(f.text.empty());

  ASSERT_TRUE(ws.send_binary(wire::encode_request(6, testing::echo_handler, "still here")));
  auto g = receive_frame(ws, storage);
  EXPECT_EQ(g.kind, wire::FrameKind::response);
  EXPECT_EQ(g.id, 6u);
  EXPECT_EQ(g.payload, "still here");
}

TEST_F(ServerTest, EmptyFrameIsMalformed) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ASSERT_TRUE(ws.send_binary(""));
  std::string storage;
  auto f = receive_frame(ws, storage);
  EXPECT_EQ(f.kind, wire::FrameKind::error);
  EXPECT_EQ(f.code, wire::ErrorCode::malformed);
}

TEST_F(ServerTest, UnknownHandlerAndUnauthorizedAreErrorFrames) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ASSERT_TRUE(ws.send_binary(wire::encode_request(8, 1234, "")));
  std::string storage;
  auto f = receive_frame(ws, storage);
  EXPECT_EQ(f.kind, wire::FrameKind::error);
  EXPECT_EQ(f.id, 8u);
  EXPECT_EQ(f.code, wire::ErrorCode::unknown_handler);
  EXPECT_EQ(f.text, "no handler " + wire::to_hex(1234));

  ASSERT_TRUE(ws.send_binary(wire::encode_request(9, testing::guarded_handler, "")));
  auto g = receive_frame(ws, storage);
  EXPECT_EQ(g.code, wire::ErrorCode::unauthorized);
  EXPECT_EQ(g.text, "sign in first");
}

TEST_F(ServerTest, ThrowingHandlerIsGenericErrorWithTraceId) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(ws.send_binary(wire::encode_request(11, testing::throwing_handler, "")));
  std::string storage;
  auto f = receive_frame(ws, storage);
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(f.kind, wire::FrameKind::error);
  EXPECT_EQ(f.id, 11u);
  EXPECT_EQ(f.code, wire::ErrorCode::handler_failed);
  std::string text(f.text);
  EXPECT_EQ(text.find("secret"), std::string::npos) << text;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("trace ([0-9a-f]{16})"))) << text;
  EXPECT_NE(log.find("[trace " + m[1].str() + "] handler " + wire::to_hex(testing::throwing_handler) +
                     " failed: secret handler detail"),
            std::string::npos)
      << log;
}

TEST_F(ServerTest, WrongContractGetsReloadThenClose) {
  for (std::string target : {"/_rally/ws?contract=ffffffffffffffff", "/_rally/ws"}) {
    WsClient ws;
    ASSERT_EQ(ws.connect(port_, target), "");
    std::string storage;
    auto f = receive_frame(ws, storage);
    EXPECT_EQ(f.kind, wire::FrameKind::reload);
    EXPECT_EQ(f.text, "client and server were built from different page headers");
    WsFrame close = ws.receive();
    EXPECT_EQ(close.opcode, 8) << close.error;
    EXPECT_EQ(close.close_code(), 1000);
  }
  EXPECT_EQ(app_.connects.load(), 0);
}

TEST_F(ServerTest, RefusedConnectionIs403) {
  // The test client sends no custom headers on upgrade, so go raw.
  std::string reply = test::http_raw(port_, "GET " + ws_target() +
                                                " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                                "X-Refuse: 1\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 403") << reply;
}

TEST_F(ServerTest, TextFrameGetsErrorFrame) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ASSERT_TRUE(ws.send_text("{\"json\":true}"));
  std::string storage;
  auto f = receive_frame(ws, storage);
  EXPECT_EQ(f.kind, wire::FrameKind::error);
  EXPECT_EQ(f.code, wire::ErrorCode::malformed);
  EXPECT_NE(std::string(f.text).find("binary"), std::string::npos);
}

TEST_F(ServerTest, OversizedFrameClosesWith1009) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  // A masked binary frame header announcing 2 MiB; the server must refuse it without the payload.
  std::string header = {'\x82', static_cast<char>(0x80 | 127), 0, 0, 0, 0, 0, '\x20', 0, 0, 1, 2, 3, 4};
  ASSERT_TRUE(ws.send_raw(header));
  WsFrame f = ws.receive();
  ASSERT_TRUE(f.ok()) << f.error;
  EXPECT_EQ(f.opcode, 8);
  EXPECT_EQ(f.close_code(), 1009);
}

TEST_F(ServerTest, StopClosesListenerAndSockets) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ASSERT_TRUE(test::can_connect(port_));
  server_->stop();
  EXPECT_FALSE(test::can_connect(port_));
  WsFrame f = ws.receive();
  EXPECT_FALSE(f.ok());  // the socket was closed under it
  server_->wait();       // returns at once once stopped
  server_->stop();       // idempotent
}

TEST(ServerStart, BindFailureSaysWhere) {
  FakeApp app;
  Options o;
  o.port = 0;
  o.threads = 1;
  o.log_requests = false;
  Server first(app, o);
  first.start();
  o.port = first.port();
  Server second(app, o);
  try {
    second.start();
    FAIL() << "second bind succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on 127.0.0.1:" + std::to_string(o.port) + ": Address already in use");
  }
}

}  // namespace
}  // namespace rally::server

namespace rally::server {
namespace {

TEST(ServerLog, OneLinePerRequest) {
  testing::FakeApp app;
  Options o;
  o.port = 0;
  o.threads = 1;
  o.log_requests = true;
  Server server(app, o);
  server.start();
  ::testing::internal::CaptureStderr();
  auto res = test::http_get(server.port(), "/nowhere?x=1");
  server.stop();  // joins the threads, so the line is written before we read it
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.status, 404);
  EXPECT_TRUE(std::regex_search(log, std::regex("rally: GET /nowhere\\?x=1 404 [0-9]+us\n"))) << log;
}

}  // namespace
}  // namespace rally::server
