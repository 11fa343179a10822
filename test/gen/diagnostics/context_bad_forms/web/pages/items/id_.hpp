#pragma once
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/client_context.hpp"

namespace web::pages::items::id_ {

struct Model {};
struct Noop {};
using Msg = std::variant<Noop>;

rally::Load<Model> load(const ClientContext&, std::int64_t id, ServerContext& ctx);
inline rally::Update<Model, Msg> update(Model m, Msg) { return {m, rally::effect::none()}; }
inline rally::Element<Msg> view(const Model&) { return rally::html::text("item"); }

}  // namespace web::pages::items::id_
