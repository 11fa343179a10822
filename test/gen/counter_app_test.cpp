// The generated counter app (server.cpp + client_web.cpp), driven like the server library and the
// WASM runtime drive it.
#include <gtest/gtest.h>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/render.hpp>
#include <rally/testing/replay.hpp>
#include <rally/wire.hpp>

#include "app.hpp"
#include "codecs/web/pages/home_.hpp"
#include "fake_host.hpp"
#include "generated_ids.hpp"

namespace rally_generated::client_web {
rally::client::ClientApp make_client_app();
}

namespace {

std::uint64_t increment_id() {
  static const auto client = rally_generated::client_web::make_client_app();
  return gen_test::handler_id<web::pages::home_::ServerIncrement>(client);
}

using Status = rally::server::RpcOutcome::Status;
using web::pages::home_::ServerIncrement;

rally::server::Response get(rally::server::App& app, const std::string& path) {
  rally::server::Request req;
  req.method = "GET";
  req.target = req.path = path;
  return app.render(req);
}

TEST(CounterApp, RendersHomeWithHydrationData) {
  auto app = rally_generated_make_app();
  EXPECT_EQ(app->name(), "counter");
  EXPECT_EQ(app->contract_hash(), rally_generated::client_web::make_client_app().contract);
  auto res = get(*app, "/");
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("<button>Count: 0</button>"), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("id=\"rally-data\""), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("data-page=\"home_\""), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("/_rally/web.js"), std::string::npos) << res.body;
  std::string model = rally::codec::base64_encode(rally::codec::to_bytes(web::pages::home_::Model{}));
  EXPECT_NE(res.body.find(">" + model + "</script>"), std::string::npos) << res.body;
}

// No page subscribes to topics or takes server messages: the client does not link the topic code.
TEST(CounterApp, ClientLeavesTopicsOut) { EXPECT_EQ(rally_generated::client_web::make_client_app().topics, nullptr); }

// No page has a title(): the runtime's code that sets document.title is not linked.
TEST(CounterApp, ClientLeavesTitlesOut) { EXPECT_EQ(rally_generated::client_web::make_client_app().titles, nullptr); }

// No ClientContext: the runtime's context code is not linked.
TEST(CounterApp, ClientLeavesContextOut) { EXPECT_EQ(rally_generated::client_web::make_client_app().context, nullptr); }

TEST(CounterApp, UnknownPathIs404) {
  auto app = rally_generated_make_app();
  EXPECT_EQ(get(*app, "/nope").status, 404);
}

TEST(CounterApp, CallsIncrement) {
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  ASSERT_NE(conn, nullptr);
  auto out = app->call(*conn, increment_id(),
                       rally::codec::to_bytes(ServerIncrement{1}));
  ASSERT_EQ(out.status, Status::ok) << out.message;
  rally::Result<std::int64_t> result;
  std::string error;
  ASSERT_TRUE(rally::codec::from_bytes(out.payload, result, &error)) << error;
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 1);
}

TEST(CounterApp, UnknownHandler) {
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto out = app->call(*conn, increment_id() + 1, "");
  EXPECT_EQ(out.status, Status::unknown_handler);
}

TEST(CounterApp, MalformedPayload) {
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto out = app->call(*conn, increment_id(), std::string("\xff\xff\xff", 3));
  EXPECT_EQ(out.status, Status::malformed);
  EXPECT_FALSE(out.message.empty());
  // Trailing bytes after a valid request are malformed too.
  out = app->call(*conn, increment_id(),
                  rally::codec::to_bytes(ServerIncrement{1}) + "x");
  EXPECT_EQ(out.status, Status::malformed);
}

TEST(CounterApp, HandlerIdIsTheHashOfItsCanonicalDescription) {
  EXPECT_EQ(increment_id(),
            rally::wire::fnv1a64("web/home_/ServerIncrement{std::int64_t}->rally::Result<std::int64_t, std::vector<std::string>>"));
}

using rally_test::FakeHost;

TEST(CounterClient, HydratesAndRoundTripsAnRpc) {
  auto client = rally_generated::client_web::make_client_app();
  EXPECT_EQ(client.name_space, "web");
  EXPECT_EQ(client.contract, rally_generated_make_app()->contract_hash());
  ASSERT_EQ(client.pages.size(), 1u);
  ASSERT_EQ(client.rpcs.size(), 1u);
  const auto& rpc = client.rpcs[0];
  EXPECT_EQ(rpc.handler, increment_id());
  EXPECT_TRUE(rpc.request_type == rally::type_id<ServerIncrement>());
  EXPECT_TRUE(rpc.response_type == rally::type_id<rally::Result<std::int64_t>>());

  FakeHost host;
  std::string error;
  auto page = client.pages[0].hydrate(host, rally::codec::to_bytes(web::pages::home_::Model{41}), error);
  ASSERT_NE(page, nullptr) << error;
  EXPECT_EQ(rally::render_html(page->view()), "<button>Count: 41</button>");

  // Click: the page asks for ServerIncrement{1}; encode it as the binding would.
  page->handle(rally::AnyMsg::of(web::pages::home_::Increment{}));
  ASSERT_EQ(host.calls.size(), 1u);
  EXPECT_TRUE(host.calls[0].request_type == rpc.request_type);
  std::string bytes = rpc.encode(host.calls[0].request.get());
  EXPECT_EQ(bytes, rally::codec::to_bytes(ServerIncrement{1}));

  // The server's answer, decoded by the binding, reaches update().
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto out = app->call(*conn, rpc.handler, bytes);
  auto response = rpc.decode(out.payload, error);
  ASSERT_NE(response, nullptr) << error;
  host.responders[0](response.get());
  EXPECT_EQ(rally::render_html(page->view()), "<button>Count: 42</button>");

  EXPECT_EQ(client.pages[0].hydrate(host, "\x80", error), nullptr);
  EXPECT_FALSE(error.empty());
}

// The dev inspector: every message through update is described and encoded for the runtime, and
// the server call's binding describes the request and the response.
TEST(CounterClient, TheDevInspectorSeesEveryMessageAndCall) {
  using namespace web::pages::home_;
  auto client = rally_generated::client_web::make_client_app();
  const auto& rpc = client.rpcs[0];
  FakeHost host;
  std::string error;
  auto page = client.pages[0].hydrate(host, rally::codec::to_bytes(Model{41}), error);
  ASSERT_NE(page, nullptr) << error;
  page->handle(rally::AnyMsg::of(Increment{}));
  ASSERT_EQ(host.calls.size(), 1u);
  ASSERT_NE(rpc.describe_request, nullptr);
  EXPECT_EQ(rpc.describe_request(host.calls[0].request.get()), "ServerIncrement{amount: 1}");
  const rally::Result<std::int64_t> answer(1);
  EXPECT_EQ(rpc.describe_response(&answer), "Ok(1)");
  host.responders[0](&answer);
  const auto failed = rally::Result<std::int64_t>::failure({"no", "way"});
  EXPECT_EQ(rpc.describe_response(&failed), "Err([\"no\", \"way\"])");

  ASSERT_EQ(host.inspected.size(), 2u);
  EXPECT_EQ(host.inspected[0].page, "home_");
  EXPECT_EQ(host.inspected[0].description, "Increment{}");
  EXPECT_TRUE(host.inspected[0].recordable);
  EXPECT_EQ(host.inspected[0].encoded, rally::codec::to_bytes(Msg{Increment{}}));
  EXPECT_EQ(host.inspected[1].description, "GotIncrement{result: Ok(1)}");
  EXPECT_EQ(host.inspected[1].encoded, rally::codec::to_bytes(Msg{GotIncrement{answer}}));

  // A recording starts from the page's model as it is now.
  std::string id, model, why;
  ASSERT_TRUE(page->dev_snapshot(id, model, why)) << why;
  EXPECT_EQ(id, "home_");
  EXPECT_EQ(model, rally::codec::to_bytes(Model{42}));
}

// A recording as rallyDev.stop() writes it: the snapshot, then each message the runtime was given.
std::string recording_of(const std::string& model, const std::vector<FakeHost::Inspected>& messages) {
  std::string text = "rally-recording 1\npage home_\nmodel " + rally::codec::base64_encode(model) + "\n";
  for (const auto& m : messages) text += "msg " + rally::codec::base64_encode(m.encoded) + " " + m.description + "\n";
  return text;
}

TEST(CounterClient, ARecordedTabReplaysThroughUpdate) {
  using namespace web::pages::home_;
  auto client = rally_generated::client_web::make_client_app();
  FakeHost host;
  std::string error;
  auto page = client.pages[0].hydrate(host, rally::codec::to_bytes(Model{10}), error);
  ASSERT_NE(page, nullptr) << error;
  std::string id, start, why;
  ASSERT_TRUE(page->dev_snapshot(id, start, why)) << why;
  // Three clicks, answered 1, 5 and an error: the tab shows 16.
  for (auto answer : {rally::Result<std::int64_t>(1), rally::Result<std::int64_t>(5),
                      rally::Result<std::int64_t>::failure({"busy"})}) {
    page->handle(rally::AnyMsg::of(Increment{}));
    host.responders.back()(&answer);
  }
  ASSERT_EQ(rally::render_html(page->view()), "<button>Count: 16</button>");

  const std::string text = recording_of(start, host.inspected);
  auto recording = rally::testing::parse_recording<Model, Msg>(text);
  EXPECT_EQ(recording.page, "home_");
  EXPECT_EQ(recording.model.count, 10);
  ASSERT_EQ(recording.messages.size(), 6u);
  EXPECT_TRUE(std::holds_alternative<Increment>(recording.messages[0]));
  EXPECT_EQ((rally::testing::replay<Model, Msg>(text, update).count), 16);
}

TEST(CounterClient, AMalformedRecordingSaysWhichLine) {
  using namespace web::pages::home_;
  auto error_of = [](const std::string& text) {
    try {
      rally::testing::parse_recording<Model, Msg>(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string model_line = "model " + rally::codec::base64_encode(rally::codec::to_bytes(Model{1}));
  const std::string model = model_line + "\n";
  EXPECT_EQ(error_of(""), "recording line 1: the recording is empty");
  EXPECT_EQ(error_of("{\"page\": 1}\n"),
            "recording line 1: expected 'rally-recording 1' (the first line of what rallyDev.stop() returns)");
  EXPECT_EQ(error_of("rally-recording 1\n" + model), "recording line 2: expected 'page <id>', not '" + model_line + "'");
  EXPECT_EQ(error_of("rally-recording 1\npage home_\n"), "recording line 2: the recording ends before its 'model' line");
  EXPECT_EQ(error_of("rally-recording 1\npage home_\nmodel !!\n"), "recording line 3: model is not valid base64");
  EXPECT_EQ(error_of("rally-recording 1\npage home_\n" + model + "msg Bw== Nope{}\n"),
            "recording line 4: message does not decode (variant index 7 out of range at byte 0); was the page's "
            "message type changed since it was recorded?");
  EXPECT_EQ(error_of("rally-recording 1\npage home_\n" + model + "\nmsg AA== Increment{}\n"), "no error");
  // Pasted through an editor: a byte order mark, blank lines, Windows line ends.
  EXPECT_EQ(error_of("\xEF\xBB\xBF\r\nrally-recording 1\r\npage home_\r\n" + model_line + "\r\n"), "no error");
}

}  // namespace
