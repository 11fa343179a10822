// The generated counter app (server.cpp + client_web.cpp), driven like the server library and the
// WASM runtime drive it.
#include <gtest/gtest.h>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/render.hpp>
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

}  // namespace
