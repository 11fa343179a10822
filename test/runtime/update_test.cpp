// rally::update(model, msg, handlers...): handlers change the model and return an effect or nothing.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <rally/effect.hpp>
#include <rally/match.hpp>

namespace {

struct Model {
  std::int64_t count = 0;
  std::string name;
};
struct ClientContext { std::string user; };

struct ServerSave { std::string name; };
struct Saved { rally::Result<std::int64_t> result; };
struct Add { std::int64_t n; };
struct Rename { std::string name; };
struct Reset {};
struct Save {};
struct Leave {};
struct Share {};
struct Everything {};
struct Custom {};
using Msg = std::variant<Add, Rename, Reset, Save, Saved, Leave, Share, Everything, Custom>;

// A page's update() in the new style: every effect kind, and handlers by value, T& and const T&.
rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Add add) { model.count += add.n; },                       // by value, no effect
    [&](Rename& r) { model.name = std::move(r.name); },           // T&: may move out of the message
    [&](const Reset&) {
      model = Model{};
      return rally::effect::none();
    },
    [&](Save) { return rally::effect::rpc(ServerSave{model.name}, rally::to<Saved>); },
    [&](Saved& saved) {
      if (saved.result) model.count = *saved.result;
    },
    [&](Leave) { return rally::effect::navigate("/bye"); },
    [&](Share) { return rally::effect::set_context(ClientContext{model.name}); },
    [&](Everything) {
      return rally::effect::batch<Msg>({rally::effect::rpc(ServerSave{"all"}, rally::to<Saved>),
                                        rally::effect::navigate("/all")});
    },
    [&](Custom) {
      rally::Effect<Msg> e;
      e.add_navigation("/custom");
      return e;
    });
}

TEST(Update, DeducesModelAndMsg) {
  Model model;
  Msg msg = Reset{};
  using R = decltype(rally::update(model, msg, [](const auto&) {}));
  static_assert(std::is_same_v<R, rally::Update<Model, Msg>>);
  const Model& cmodel = model;
  const Msg& cmsg = msg;
  using C = decltype(rally::update(cmodel, cmsg, [](const auto&) {}));
  static_assert(std::is_same_v<C, rally::Update<Model, Msg>>);
}

TEST(Update, VoidHandlerChangesTheModelWithoutEffect) {
  auto next = update(Model{2, "a"}, Add{3});
  EXPECT_EQ(next.model.count, 5);
  EXPECT_EQ(next.model.name, "a");
  EXPECT_TRUE(next.effect.empty());
}

TEST(Update, HandlerTakingAReferenceMayMoveOutOfTheMessage) {
  auto next = update(Model{}, Rename{"Ada"});
  EXPECT_EQ(next.model.name, "Ada");
  EXPECT_TRUE(next.effect.empty());
}

TEST(Update, NoneIsAnEmptyEffect) {
  auto next = update(Model{4, "x"}, Reset{});
  EXPECT_EQ(next.model.count, 0);
  EXPECT_EQ(next.model.name, "");
  EXPECT_TRUE(next.effect.empty());
}

TEST(Update, RpcBecomesTheEffect) {
  auto next = update(Model{1, "draft"}, Save{});
  EXPECT_EQ(next.model.name, "draft");
  ASSERT_EQ(next.effect.rpcs().size(), 1u);
  const auto& rpc = next.effect.rpcs()[0];
  EXPECT_EQ(rpc.call.request_type, rally::type_id<ServerSave>());
  EXPECT_EQ(static_cast<const ServerSave*>(rpc.call.request.get())->name, "draft");
  EXPECT_EQ(rpc.call.response_type, rally::type_id<rally::Result<std::int64_t>>());
  rally::Result<std::int64_t> answer(9);
  Msg reply = rpc.on_response(&answer);
  EXPECT_EQ(update(Model{}, reply).model.count, 9);
}

TEST(Update, NavigateBecomesTheEffect) {
  auto next = update(Model{}, Leave{});
  EXPECT_EQ(next.effect.navigations(), std::vector<std::string>{"/bye"});
  EXPECT_TRUE(next.effect.rpcs().empty());
}

TEST(Update, SetContextBecomesTheEffect) {
  auto next = update(Model{0, "Bob"}, Share{});
  ASSERT_EQ(next.effect.contexts().size(), 1u);
  EXPECT_EQ(next.effect.contexts()[0].type, rally::type_id<ClientContext>());
  EXPECT_EQ(static_cast<const ClientContext*>(next.effect.contexts()[0].value.get())->user, "Bob");
}

TEST(Update, BatchAndEffectValuesPassThrough) {
  auto all = update(Model{}, Everything{});
  EXPECT_EQ(all.effect.rpcs().size(), 1u);
  EXPECT_EQ(all.effect.navigations(), std::vector<std::string>{"/all"});
  auto custom = update(Model{}, Custom{});
  EXPECT_EQ(custom.effect.navigations(), std::vector<std::string>{"/custom"});
}

TEST(Update, ConstModelAndMsgAreCopied) {
  const Model model{7, "kept"};
  const Msg msg = Add{1};
  auto next = rally::update(model, msg,
    [&](const Add& add) { return rally::effect::navigate("/n/" + std::to_string(model.count + add.n)); },
    [&](const auto&) {});
  EXPECT_EQ(next.model.name, "kept");
  EXPECT_EQ(model.name, "kept");
  EXPECT_EQ(next.effect.navigations(), std::vector<std::string>{"/n/8"});
}

// The model is moved into the result, not copied: a move-only model works.
struct Big { std::unique_ptr<int> data; };
struct Bump {};
using BigMsg = std::variant<Bump>;

TEST(Update, ModelIsMovedIntoTheResult) {
  Big model{std::make_unique<int>(1)};
  BigMsg msg = Bump{};
  auto next = rally::update(model, msg, [&](Bump) { ++*model.data; });
  ASSERT_NE(next.model.data, nullptr);
  EXPECT_EQ(*next.model.data, 2);
}

// The long form keeps compiling: rally::match with lambdas that return rally::Update.
rally::Update<Model, Msg> update_long_form(Model model, Msg msg) {
  return rally::match(msg,
    [&](Add add) -> rally::Update<Model, Msg> {
      model.count += add.n;
      return {model, rally::effect::none()};
    },
    [&](auto&) -> rally::Update<Model, Msg> { return {model, rally::effect::navigate("/other")}; });
}

TEST(Update, LongFormWithMatchStillWorks) {
  EXPECT_EQ(update_long_form(Model{1, ""}, Add{2}).model.count, 3);
  EXPECT_EQ(update_long_form(Model{}, Leave{}).effect.navigations(), std::vector<std::string>{"/other"});
}

}  // namespace
