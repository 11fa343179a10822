#pragma once
// /products/:id: load() reads the catalog on the server before the first render; unknown ids are
// the 404 page, id 0 redirects home. "Like" is a server call.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace web::pages::products::id_ {

struct Model {
  std::int64_t id = 0;
  std::string name;
  std::int64_t price_cents = 0;
  std::int64_t likes = 0;
};

struct Like {};
struct GotLike { rally::Result<std::int64_t> result; };
using Msg = std::variant<Like, GotLike>;

rally::Load<Model> load(std::int64_t id, ServerContext& ctx);

struct ServerLike { std::int64_t id; };
rally::Result<std::int64_t> server_like(const ServerLike& msg, ServerContext& ctx);

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Like) { return rally::effect::rpc(ServerLike{model.id}, rally::to<GotLike>); },
    [&](GotLike& got) {
      if (got.result) model.likes = *got.result;
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  return div({class_("product")}, {
      h1({}, {text(model.name)}),
      p({class_("id")}, {text("Product #" + std::to_string(model.id))}),
      p({class_("price")}, {text(std::to_string(model.price_cents / 100) + "." +
                                 (model.price_cents % 100 < 10 ? "0" : "") + std::to_string(model.price_cents % 100) + " EUR")}),
      button({class_("like"), on_click(Like{})}, {text("Like (" + std::to_string(model.likes) + ")")}),
  });
}

inline std::string title(const Model& model) { return model.name + " - Shop"; }

}  // namespace web::pages::products::id_
