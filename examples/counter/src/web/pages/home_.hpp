#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

// MODEL: client state for this page.
struct Model { std::int64_t count = 0; };

// UPDATE: client messages.
struct Increment {};
struct GotIncrement { rally::Result<std::int64_t> result; };
using Msg = std::variant<Increment, GotIncrement>;

// SERVER: message type and handler. rally-gen reads this signature to make the wire contract.
struct ServerIncrement { std::int64_t amount; };
rally::Result<std::int64_t> server_increment(const ServerIncrement& msg, ServerContext& ctx);

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Increment) { return rally::effect::rpc(ServerIncrement{.amount = 1}, rally::to<GotIncrement>); },
    [&](GotIncrement& got) {
      if (got.result) model.count += *got.result;
    });
}

// VIEW: shared by server (SSR) and client.
inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return button({on_click(Increment{})}, {text("Count: " + std::to_string(model.count))});
}

}  // namespace web::pages::home_
