// The counter example's real server executable, driven over HTTP and WebSocket from outside.
#include <gtest/gtest.h>

#include <string>

#include <rally/codec.hpp>
#include <rally/wire.hpp>

#include "app_process.hpp"
#include "test_client.hpp"
#include "codecs/web/pages/home_.hpp"  // the counter's generated codecs
#include "contract_file.hpp"

namespace {

using rally::test::AppProcess;
using rally::test::WsClient;
using web::pages::home_::Model;
using web::pages::home_::ServerIncrement;

// The generated contract: its hash and the handler ids, as a non-browser client would read them.
const rally::test::Contract& contract() {
  static const rally::test::Contract c = rally::test::read_contract(COUNTER_CONTRACT);
  return c;
}
std::uint64_t increment_id() { return contract().handler("web::pages::home_::server_increment"); }

class CounterServer : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(app.running()) << app.error(); }
  void TearDown() override { EXPECT_EQ(app.stop(), 0) << "the server should exit 0 on SIGTERM\n" << app.stderr_text(); }

  std::string socket_target() const {
    return std::string(rally::wire::socket_path) + "?contract=" + contract().hash;
  }
  void connect(WsClient& ws) { ASSERT_EQ(ws.connect(app.port(), socket_target()), ""); }

  AppProcess app{COUNTER_EXECUTABLE};
};

// The request frame for ServerIncrement{amount}, built from the generated codec.
std::string increment_frame(std::uint64_t id, std::int64_t amount) {
  return rally::wire::encode_request(id, increment_id(),
                                     rally::codec::to_bytes(ServerIncrement{amount}));
}

rally::Result<std::int64_t> expect_response(WsClient& ws, std::uint64_t id) {
  auto frame = ws.receive();
  EXPECT_TRUE(frame.ok()) << frame.error;
  EXPECT_EQ(frame.opcode, 2);
  std::string error;
  auto parsed = rally::wire::decode_server_frame(frame.payload, error);
  EXPECT_TRUE(parsed) << error;
  rally::Result<std::int64_t> result = rally::err("no response");
  if (!parsed) return result;
  EXPECT_EQ(parsed->kind, rally::wire::FrameKind::response);
  EXPECT_EQ(parsed->id, id);
  EXPECT_TRUE(rally::codec::from_bytes(parsed->payload, result, &error)) << error;
  return result;
}

TEST_F(CounterServer, HomePageIsRenderedWithTheHydrationModel) {
  auto res = rally::test::http_get(app.port(), "/");
  ASSERT_EQ(res.status, 200) << res.error;
  EXPECT_NE(res.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(res.body.find("<button>Count: 0</button>"), std::string::npos) << res.body;
  // The embedded model decodes to the model init() made.
  auto start = res.body.find("id=\"rally-data\"");
  ASSERT_NE(start, std::string::npos) << res.body;
  auto open = res.body.find('>', start) + 1;
  auto close = res.body.find("</script>", open);
  auto bytes = rally::codec::base64_decode(res.body.substr(open, close - open));
  ASSERT_TRUE(bytes);
  Model model{42};
  std::string error;
  ASSERT_TRUE(rally::codec::from_bytes(*bytes, model, &error)) << error;
  EXPECT_EQ(model.count, 0);
  EXPECT_NE(res.body.find("data-contract=\"" + contract().hash + "\""), std::string::npos);
}

TEST_F(CounterServer, ServesTheClientBundleWithWasmMimeType) {
  auto wasm = rally::test::http_get(app.port(), "/_rally/web.wasm");
  ASSERT_EQ(wasm.status, 200) << wasm.error;
  EXPECT_EQ(wasm.header("content-type"), "application/wasm");
  EXPECT_EQ(wasm.body.substr(0, 4), std::string("\0asm", 4));
  auto js = rally::test::http_get(app.port(), "/_rally/web.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_NE(js.header("content-type").find("javascript"), std::string::npos);
}

TEST_F(CounterServer, IncrementOverWebSocketAnswersOk) {
  WsClient ws;
  connect(ws);
  ASSERT_TRUE(ws.send_binary(increment_frame(1, 1)));
  auto result = expect_response(ws, 1);
  ASSERT_TRUE(result) << (result ? "" : result.error().front());
  EXPECT_EQ(*result, 1);
  ASSERT_TRUE(ws.send_binary(increment_frame(2, 5)));
  EXPECT_EQ(*expect_response(ws, 2), 5);
}

TEST_F(CounterServer, MalformedFrameGetsAnErrorFrameAndTheServerKeepsServing) {
  WsClient ws;
  connect(ws);
  ASSERT_TRUE(ws.send_binary(std::string("\x01\x05", 2)));  // a request cut off after its id
  auto frame = ws.receive();
  ASSERT_TRUE(frame.ok()) << frame.error;
  std::string error;
  auto parsed = rally::wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->kind, rally::wire::FrameKind::error);
  EXPECT_EQ(parsed->code, rally::wire::ErrorCode::malformed);

  // A request payload that does not decode as ServerIncrement is malformed too.
  ASSERT_TRUE(ws.send_binary(rally::wire::encode_request(3, increment_id(), "\xff")));
  frame = ws.receive();
  parsed = rally::wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->kind, rally::wire::FrameKind::error);
  EXPECT_EQ(parsed->id, 3u);
  EXPECT_EQ(parsed->code, rally::wire::ErrorCode::malformed);

  // Same socket still works, and so does HTTP.
  ASSERT_TRUE(ws.send_binary(increment_frame(4, 1)));
  EXPECT_EQ(*expect_response(ws, 4), 1);
  EXPECT_EQ(rally::test::http_get(app.port(), "/").status, 200);
}

TEST_F(CounterServer, UnknownHandlerGetsAnErrorFrame) {
  WsClient ws;
  connect(ws);
  ASSERT_TRUE(ws.send_binary(rally::wire::encode_request(9, 0x1234, "")));
  auto frame = ws.receive();
  std::string error;
  auto parsed = rally::wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->kind, rally::wire::FrameKind::error);
  EXPECT_EQ(parsed->id, 9u);
  EXPECT_EQ(parsed->code, rally::wire::ErrorCode::unknown_handler);
}

TEST_F(CounterServer, ClientFromOtherHeadersIsToldToReload) {
  WsClient ws;
  ASSERT_EQ(ws.connect(app.port(), std::string(rally::wire::socket_path) + "?contract=0000000000000000"), "");
  auto frame = ws.receive();
  std::string error;
  auto parsed = rally::wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->kind, rally::wire::FrameKind::reload);
}

TEST_F(CounterServer, UnknownPathIs404) {
  EXPECT_EQ(rally::test::http_get(app.port(), "/no/such/page").status, 404);
}

// rally::env at startup: what production requires, said in one line before anything is served.
TEST(CounterEnvironment, ProdRefusesToStartWithoutASecretOrAllowedHosts) {
  auto no_secret = rally::test::run_command(COUNTER_EXECUTABLE, {}, {{"APP_ENV", "prod"}, {"SECRET_KEY_BASE", ""}});
  EXPECT_EQ(no_secret.exit_status, 1);
  EXPECT_EQ(no_secret.err,
            "rally: SECRET_KEY_BASE is not set, and APP_ENV=prod requires it: make one with `<app> --new-secret` "
            "(64 random bytes, hex) and set it in the server's environment\n");
  auto secret = rally::test::run_command(COUNTER_EXECUTABLE, {"--new-secret"}, {{"APP_ENV", "prod"}, {"SECRET_KEY_BASE", ""}});
  EXPECT_EQ(secret.exit_status, 0) << secret.err;
  ASSERT_EQ(secret.out.size(), 129u) << secret.out;
  const std::string key = secret.out.substr(0, 128);
  auto no_hosts = rally::test::run_command(COUNTER_EXECUTABLE, {},
                                           {{"APP_ENV", "production"}, {"SECRET_KEY_BASE", key}, {"RALLY_ALLOWED_HOSTS", ""}});
  EXPECT_EQ(no_hosts.exit_status, 2) << no_hosts.err;
  EXPECT_NE(no_hosts.err.find("RALLY_ALLOWED_HOSTS=\"\": \"\" is not a host name"), std::string::npos) << no_hosts.err;

  AppProcess app(COUNTER_EXECUTABLE, {{"APP_ENV", "prod"}, {"SECRET_KEY_BASE", key}, {"RALLY_ALLOWED_HOSTS", "127.0.0.1"}});
  ASSERT_TRUE(app.running()) << app.error();
  EXPECT_EQ(rally::test::http_get(app.port(), "/").status, 200);
  EXPECT_EQ(rally::test::http_get(app.port(), "/", {{"Host", "localhost"}}).status, 400);
  EXPECT_EQ(app.stop(), 0);
}

}  // namespace
