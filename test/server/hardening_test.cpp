// The server against apps and clients that misbehave: oversized answers, responses that would split
// the HTTP stream, cross-site sockets, exceptions escaping a handler, clients that never read.
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

#include "fake_app.hpp"
#include "rally/server/run.hpp"
#include "rally/wire.hpp"
#include "test_client.hpp"
#include "websocket_session.hpp"

namespace rally::server {
namespace {

using rally::test::WsClient;
using rally::test::WsFrame;
using testing::FakeApp;

std::unique_ptr<Server> start_server(App& app, int threads = 2) {
  Options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = threads;
  o.log_requests = false;
  auto server = std::make_unique<Server>(app, o);
  server->start();
  return server;
}

std::string upgrade_request(std::string_view target, std::string_view host, std::string_view origin) {
  std::string req = "GET " + std::string(target) + " HTTP/1.1\r\nHost: " + std::string(host) +
                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  if (!origin.empty()) req += "Origin: " + std::string(origin) + "\r\n";
  return req + "\r\n";
}

class Hardening : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = start_server(app_);
    port_ = server_->port();
  }
  std::string ws_target() const { return "/_rally/ws?contract=" + std::string(app_.contract_hash()); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  FakeApp app_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(Hardening, AnswerOverTheFrameLimitIsTooLargeError) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(ws.send_binary(wire::encode_request(3, testing::oversized_handler, "")));
  WsFrame f = ws.receive();
  std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(f.ok()) << f.error;
  std::string error;
  auto frame = wire::decode_server_frame(f.payload, error);
  ASSERT_TRUE(frame) << error;
  EXPECT_EQ(frame->kind, wire::FrameKind::error);
  EXPECT_EQ(frame->id, 3u);
  EXPECT_EQ(frame->code, wire::ErrorCode::too_large);
  EXPECT_NE(log.find("frame limit"), std::string::npos) << log;

  // The socket stays usable.
  ASSERT_TRUE(ws.send_binary(wire::encode_request(4, testing::echo_handler, "ok")));
  WsFrame g = ws.receive();
  ASSERT_TRUE(g.ok()) << g.error;
  auto next = wire::decode_server_frame(g.payload, error);
  ASSERT_TRUE(next) << error;
  EXPECT_EQ(next->kind, wire::FrameKind::response);
  EXPECT_EQ(next->id, 4u);
}

TEST_F(Hardening, ResponsesThatCannotBeSentAre500WithTraceId) {
  for (std::string target : {"/bad/content-type", "/bad/header-value", "/bad/header-name", "/bad/framing?Content-Length",
                             "/bad/framing?transfer-encoding", "/bad/framing?Connection", "/bad/framing?Upgrade"}) {
    ::testing::internal::CaptureStderr();
    auto res = test::http_get(port_, target);  // the line is logged before the answer is sent
    std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(res.status, 500) << target << " " << res.error;
    EXPECT_EQ(res.header("set-cookie"), "") << target;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(res.body, m, std::regex("[0-9a-f]{16}"))) << res.body;
    EXPECT_NE(log.find("[trace " + m.str() + "] render of " + target + " returned a response that cannot be sent"),
              std::string::npos)
        << log;
  }
  // A well-formed header of the app's still goes through.
  EXPECT_EQ(test::http_get(port_, "/echo").header("x-echo"), "yes");
}

TEST_F(Hardening, CrossOriginUpgradeIs403) {
  for (const char* origin : {"http://evil.example", "null", "http://127.0.0.1:1", "https://evil.example:443"}) {
    std::string reply = test::http_raw(port_, upgrade_request(ws_target(), host(), origin));
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 403") << origin << ": " << reply;
  }
  EXPECT_EQ(app_.connects.load(), 0);
}

TEST_F(Hardening, SameOriginOrNoOriginUpgradeIsAccepted) {
  for (std::string origin : {"http://" + host(), "HTTP://" + host(), std::string()}) {
    WsClient ws;
    test::Headers extra;
    if (!origin.empty()) extra.emplace_back("Origin", origin);
    EXPECT_EQ(ws.connect(port_, ws_target(), extra), "") << origin;
  }
  // Default ports: browsers leave them out, hand-made requests may not.
  WsClient ws;
  EXPECT_EQ(ws.connect(port_, ws_target(), {{"Host", "localhost"}, {"Origin", "http://localhost:80"}}), "");
  EXPECT_EQ(app_.connects.load(), 4);
}

// DNS rebinding: another site's page, its name pointed at 127.0.0.1, is same-origin with itself.
TEST_F(Hardening, UpgradeOrPageForAHostNotAllowedIs400) {
  ::testing::internal::CaptureStderr();
  std::string reply = test::http_raw(port_, upgrade_request(ws_target(), "evil.example", "http://evil.example"));
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply;
  reply = test::http_raw(port_, "GET / HTTP/1.1\r\nHost: evil.example:" + std::to_string(port_) + "\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply;
  EXPECT_NE(reply.find("does not answer to that host name"), std::string::npos) << reply;
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("RALLY_ALLOWED_HOSTS"), std::string::npos) << log;
  EXPECT_EQ(app_.connects.load(), 0);
  EXPECT_EQ(app_.renders.load(), 0);
  for (std::string name : {"localhost", "app.localhost", "127.0.0.1", "[::1]"}) {
    reply = test::http_raw(port_, "GET / HTTP/1.1\r\nHost: " + name + ":" + std::to_string(port_) + "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 200") << name << ": " << reply;
  }
}

TEST_F(Hardening, Http11WithoutHostIs400AndHttp10WithoutHostIsServed) {
  std::string reply = test::http_raw(port_, "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply;
  EXPECT_NE(reply.find("needs a Host header"), std::string::npos) << reply;
  reply = test::http_raw(port_, "GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.0 200") << reply;
}

TEST(HardeningHosts, AConfiguredNameIsServedAndTheLoopbackDefaultNoLonger) {
  FakeApp app;
  Options o;
  o.port = 0;
  o.threads = 1;
  o.log_requests = false;
  o.allowed_hosts = {".example.com"};
  Server server(app, o);
  server.start();
  auto get = [&](std::string host) {
    return test::http_raw(server.port(), "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").substr(0, 12);
  };
  EXPECT_EQ(get("example.com"), "HTTP/1.1 200");
  EXPECT_EQ(get("www.EXAMPLE.com:443"), "HTTP/1.1 200");
  EXPECT_EQ(get("127.0.0.1"), "HTTP/1.1 400");
  EXPECT_EQ(get("badexample.com"), "HTTP/1.1 400");
}

TEST_F(Hardening, ClientThatNeverReadsIsDisconnectedAndServerStaysUp) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, ws_target()), "");
  // Far more answer bytes than the socket buffers hold, so the server's queue reaches its bound.
  const std::string payload(128 * 1024, 'x');
  constexpr int requests = 400;
  ::testing::internal::CaptureStderr();
  for (int id = 1; id <= requests; ++id)
    if (!ws.send_binary(wire::encode_request(static_cast<std::uint64_t>(id), testing::echo_handler, payload))) break;
  int answers = 0;
  for (WsFrame f = ws.receive(); f.ok() && f.opcode == 2; f = ws.receive()) ++answers;
  EXPECT_LT(answers, requests);
  auto res = test::http_get(port_, "/");
  server_->stop();
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.status, 200) << res.error;
  EXPECT_NE(log.find("does not read its answers"), std::string::npos) << log;
}

// Upgrades reach contract_hash() outside any try block: a stand-in for any exception escaping a
// handler into the event loop.
class ThrowingContractApp : public FakeApp {
 public:
  std::string_view contract_hash() const override { throw std::runtime_error("contract table corrupted"); }
};

TEST(HardeningWorkers, ExceptionOutOfAHandlerIsLoggedAndServingContinues) {
  ThrowingContractApp app;
  auto server = start_server(app, 1);  // one thread: it must survive for the next request
  ::testing::internal::CaptureStderr();
  test::http_raw(server->port(), upgrade_request("/_rally/ws?contract=1", "127.0.0.1", ""));
  auto res = test::http_get(server->port(), "/");
  server->stop();
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.status, 200) << res.error;
  EXPECT_TRUE(std::regex_search(log, std::regex("\\[trace [0-9a-f]{16}\\] a handler threw out of the event loop: "
                                                "contract table corrupted")))
      << log;
}

TEST(HardeningWebSocket, IdleSocketsArePingedNotDropped) {
  auto t = detail::websocket_timeouts();
  EXPECT_TRUE(t.keep_alive_pings);
  auto suggested = boost::beast::websocket::stream_base::timeout::suggested(boost::beast::role_type::server);
  EXPECT_EQ(t.idle_timeout, suggested.idle_timeout);
  EXPECT_EQ(t.handshake_timeout, suggested.handshake_timeout);
}

}  // namespace
}  // namespace rally::server
