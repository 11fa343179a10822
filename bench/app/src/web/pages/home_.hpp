#pragma once
// /: the counter, as examples/counter. server_increment is the call bin/bench times over the socket.
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {
struct Model { std::int64_t count = 0; };
struct Increment {};
struct GotIncrement { rally::Result<std::int64_t> result; };
using Msg = std::variant<Increment, GotIncrement>;
struct ServerIncrement { std::int64_t amount; };
rally::Result<std::int64_t> server_increment(const ServerIncrement& msg, ServerContext& ctx);
inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  if (std::holds_alternative<Increment>(msg))
    return {model, rally::effect::rpc(ServerIncrement{.amount = 1}, rally::to<GotIncrement>)};
  auto& got = std::get<GotIncrement>(msg);
  if (got.result) model.count += *got.result;
  return {model, rally::effect::none()};
}
inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return button({on_click(Increment{})}, {text("Count: " + std::to_string(model.count))});
}
}  // namespace web::pages::home_
