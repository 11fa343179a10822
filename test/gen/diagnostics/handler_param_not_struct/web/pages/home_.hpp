#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct Model { std::int64_t count = 0; };
struct Increment {};
using Msg = std::variant<Increment>;

struct ServerAdd { std::int64_t amount; };
struct ServerReset {};
rally::Result<std::int64_t> server_increment(const std::int64_t& amount, ServerContext& ctx);
rally::Result<std::int64_t> server_decrement(const ServerAdd& msg, ServerContext& ctx);
std::int64_t server_reset(const ServerReset& msg, const ServerContext& ctx);

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::none()}; }
inline rally::Update<Model, Msg> update(Model model, Msg) { return {model, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
