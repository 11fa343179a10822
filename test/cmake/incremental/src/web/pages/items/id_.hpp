#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::items::id_ {

struct Model {
  std::int64_t id = 0;
  std::string label;
};
struct Relabel {};
struct GotLabel { rally::Result<std::string> result; };
using Msg = std::variant<Relabel, GotLabel>;

struct ServerLabel { std::int64_t id; };
rally::Result<std::string> server_label(const ServerLabel& msg, ServerContext& ctx);

inline rally::Init<Model, Msg> init(std::int64_t id) { return {Model{id, "item"}, rally::effect::none()}; }

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Relabel) { return rally::effect::rpc(ServerLabel{model.id}, rally::to<GotLabel>); },
    [&](GotLabel& got) { model.label = got.result ? *got.result : got.result.error_text(); });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return button({on_click(Relabel{})}, {text("Item " + std::to_string(model.id) + ": " + model.label)});
}

}  // namespace web::pages::items::id_
