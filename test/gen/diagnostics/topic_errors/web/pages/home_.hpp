#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct Room {
  std::int64_t id = 0;
  using Message = std::string;
  bool authorize(const Room& room, ServerContext& ctx) const;
};

struct Model {
  std::int64_t room = 0;
};
struct Got { std::string text; };
using Msg = std::variant<Got>;

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::p({}, {}); }
inline std::vector<rally::Subscription> subscriptions(const Model&, int extra);

}  // namespace web::pages::home_
