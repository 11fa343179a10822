// The codecs rally-gen emitted for every kind of wire type, and the handlers behind them.
#include <gtest/gtest.h>

#include <rally/codec.hpp>

#include "app.hpp"
#include "codecs/web/pages/home_.hpp"
#include "generated_ids.hpp"

namespace rally_generated::client_web {
rally::client::ClientApp make_client_app();
}

namespace {

namespace home = web::pages::home_;
using rally::codec::from_bytes;
using rally::codec::to_bytes;

home::Item sample_item() {
  return home::Item{7, "seven", std::string("note"), {{"a", home::Color::green}, {"b", home::Color::blue}}, 2.5, true,
                    home::large};
}

TEST(WireTypes, ModelRoundTrips) {
  home::Model m;
  m.items = {sample_item()};
  m.counts = {{"x", -3}, {"y", 4}};
  m.by_id = {{-1, sample_item()}};
  m.selection = home::Tag{"t", home::Color::red};
  m.tree = home::Tree{"root", {home::Tree{"leaf", {}}}};
  m.version = 9;
  m.big = ~0ull;
  m.last = rally::Result<std::string>::failure({"bad"});
  home::Model back;
  std::string error;
  ASSERT_TRUE(from_bytes(to_bytes(m), back, &error)) << error;
  EXPECT_EQ(to_bytes(back), to_bytes(m));
  EXPECT_EQ(back.items[0].tags[1].color, home::Color::blue);
  EXPECT_EQ(back.tree->children[0].label, "leaf");
  EXPECT_EQ(std::get<home::Tag>(back.selection).name, "t");
  EXPECT_FALSE(back.last.has_value());
}

TEST(WireTypes, EnumDecodeRejectsNonEnumerators) {
  home::Color c{};
  std::string error;
  EXPECT_TRUE(from_bytes(to_bytes(std::uint8_t{4}), c, &error));
  EXPECT_EQ(c, home::Color::blue);
  EXPECT_FALSE(from_bytes(to_bytes(std::uint8_t{3}), c, &error));
  EXPECT_NE(error.find("not an enumerator"), std::string::npos) << error;
  home::Size s{};
  EXPECT_FALSE(from_bytes(to_bytes(static_cast<std::underlying_type_t<home::Size>>(1)), s, &error));
  EXPECT_TRUE(from_bytes(to_bytes(static_cast<std::underlying_type_t<home::Size>>(10)), s, &error));
}

TEST(WireTypes, HandlerWithCustomError) {
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  home::ServerSave req{home::Item{}, {"l"}};
  auto out = app->call(*conn, gen_test::handler_id<home::ServerSave>(rally_generated::client_web::make_client_app()), to_bytes(req));
  ASSERT_EQ(out.status, rally::server::RpcOutcome::Status::ok) << out.message;
  rally::Result<home::Item, home::SaveError> result;
  ASSERT_TRUE(from_bytes(out.payload, result));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().field, "title");

  req.item = sample_item();
  out = app->call(*conn, gen_test::handler_id<home::ServerSave>(rally_generated::client_web::make_client_app()), to_bytes(req));
  ASSERT_TRUE(from_bytes(out.payload, result));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->title, "seven");

  out = app->call(*conn, gen_test::handler_id<home::ServerList>(rally_generated::client_web::make_client_app()), to_bytes(home::ServerList{}));
  rally::Result<std::vector<home::Item>> list;
  ASSERT_TRUE(from_bytes(out.payload, list));
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->size(), 1u);
}

TEST(WireTypes, HandlerIdsDiffer) {
  EXPECT_NE(gen_test::handler_id<home::ServerSave>(rally_generated::client_web::make_client_app()), gen_test::handler_id<home::ServerList>(rally_generated::client_web::make_client_app()));
}

}  // namespace
