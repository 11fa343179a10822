#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include <rally/effect.hpp>
#include <rally/match.hpp>

#include "web/pages/home_.hpp"

namespace {

struct ServerLoad { std::string what; };
struct GotLoad { rally::Result<std::vector<std::string>> result; };
struct ServerSave { std::int64_t id; };
struct GotSave { rally::Result<std::int64_t, std::string> result; };
struct Clicked {};
using Msg = std::variant<Clicked, GotLoad, GotSave>;

TEST(Effect, NoneIsEmpty) {
  rally::Effect<Msg> e = rally::effect::none();
  EXPECT_TRUE(e.empty());
  EXPECT_TRUE(e.rpcs().empty());
}

TEST(Effect, RpcCarriesTheRequestAndItsTypes) {
  rally::Effect<Msg> e = rally::effect::rpc(ServerLoad{"items"}, rally::to<GotLoad>);
  ASSERT_EQ(e.rpcs().size(), 1u);
  const auto& rpc = e.rpcs()[0];
  EXPECT_EQ(rpc.call.request_type, rally::type_id<ServerLoad>());
  EXPECT_EQ(rpc.call.response_type, rally::type_id<rally::Result<std::vector<std::string>>>());
  ASSERT_NE(rpc.call.request, nullptr);
  EXPECT_EQ(static_cast<const ServerLoad*>(rpc.call.request.get())->what, "items");
}

TEST(Effect, OnResponseWrapsTheResultInTheMessage) {
  rally::Effect<Msg> e = rally::effect::rpc(ServerLoad{"items"}, rally::to<GotLoad>);
  rally::Result<std::vector<std::string>> response(std::vector<std::string>{"a", "b"});
  Msg m = e.rpcs()[0].on_response(&response);
  ASSERT_TRUE(std::holds_alternative<GotLoad>(m));
  const auto& r = std::get<GotLoad>(m).result;
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<std::string>{"a", "b"}));
}

TEST(Effect, OnFailureBuildsAnErrWithTheMessage) {
  rally::Effect<Msg> e = rally::effect::rpc(ServerLoad{"items"}, rally::to<GotLoad>);
  Msg m = e.rpcs()[0].on_failure("request timed out");
  ASSERT_TRUE(std::holds_alternative<GotLoad>(m));
  const auto& r = std::get<GotLoad>(m).result;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), std::vector<std::string>{"request timed out"});
}

TEST(Effect, OnFailureWithAStringErrorType) {
  rally::Effect<Msg> e = rally::effect::rpc(ServerSave{9}, rally::to<GotSave>);
  EXPECT_EQ(e.rpcs()[0].call.response_type, (rally::type_id<rally::Result<std::int64_t, std::string>>()));
  Msg m = e.rpcs()[0].on_failure("disconnected");
  ASSERT_FALSE(std::get<GotSave>(m).result);
  EXPECT_EQ(std::get<GotSave>(m).result.error(), "disconnected");
}

TEST(Effect, BatchConcatenatesInOrder) {
  rally::Effect<Msg> e = rally::effect::batch<Msg>({rally::effect::rpc(ServerLoad{"a"}, rally::to<GotLoad>),
                                                    rally::effect::none(),
                                                    rally::effect::rpc(ServerSave{1}, rally::to<GotSave>)});
  ASSERT_EQ(e.rpcs().size(), 2u);
  EXPECT_EQ(e.rpcs()[0].call.request_type, rally::type_id<ServerLoad>());
  EXPECT_EQ(e.rpcs()[1].call.request_type, rally::type_id<ServerSave>());
}

TEST(Effect, MatchVisitsTheRightAlternative) {
  Msg m = GotSave{rally::Result<std::int64_t, std::string>(5)};
  int which = rally::match(m, [](Clicked) { return 0; }, [](const GotLoad&) { return 1; },
                           [](const GotSave& s) { return s.result ? static_cast<int>(*s.result) * 10 : -1; });
  EXPECT_EQ(which, 50);
}

namespace counter = web::pages::home_;

TEST(Effect, CounterIncrementAsksTheServer) {
  auto next = counter::update(counter::Model{3}, counter::Increment{});
  EXPECT_EQ(next.model.count, 3);
  ASSERT_EQ(next.effect.rpcs().size(), 1u);
  const auto& rpc = next.effect.rpcs()[0];
  EXPECT_EQ(rpc.call.request_type, rally::type_id<counter::ServerIncrement>());
  EXPECT_EQ(static_cast<const counter::ServerIncrement*>(rpc.call.request.get())->amount, 1);
  EXPECT_EQ(rpc.call.response_type, rally::type_id<rally::Result<std::int64_t>>());
  // The response the server would send comes back as GotIncrement.
  rally::Result<std::int64_t> two(2);
  counter::Msg reply = rpc.on_response(&two);
  ASSERT_TRUE(std::holds_alternative<counter::GotIncrement>(reply));
}

TEST(Effect, CounterGotIncrementAddsTheAmount) {
  auto next = counter::update(counter::Model{3}, counter::GotIncrement{rally::Result<std::int64_t>(2)});
  EXPECT_EQ(next.model.count, 5);
  EXPECT_TRUE(next.effect.empty());
  auto failed = counter::update(counter::Model{3}, counter::GotIncrement{rally::err("offline")});
  EXPECT_EQ(failed.model.count, 3);
}

TEST(Effect, CounterInitStartsAtZeroWithoutEffects) {
  auto start = counter::init();
  EXPECT_EQ(start.model.count, 0);
  EXPECT_TRUE(start.effect.empty());
}

}  // namespace
