#pragma once
// / : links to the products and a toggle, so the page has client state.
#include <rally/page.hpp>

#include "server_context.hpp"
#include "web/routes.hpp"

namespace web::pages::home_ {

struct Model {
  bool show_more = false;
  std::int64_t product_count = 0;
};

struct Toggle {};
struct GotCount { rally::Result<std::int64_t> result; };
using Msg = std::variant<Toggle, GotCount>;

struct ServerProductCount {};
rally::Result<std::int64_t> server_product_count(const ServerProductCount& msg, ServerContext& ctx);

inline rally::Init<Model, Msg> init() {
  return {Model{}, rally::effect::rpc(ServerProductCount{}, rally::to<GotCount>)};
}

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Toggle) { model.show_more = !model.show_more; },
    [&](GotCount& got) {
      if (got.result) model.product_count = *got.result;
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  std::vector<rally::Element<Msg>> items = {
      li({}, {a({href(routes::ProductsId{1})}, {text("Kettle")})}),
      li({}, {a({href(routes::ProductsId{2})}, {text("Teapot")})}),
  };
  if (model.show_more) items.push_back(li({}, {a({href(routes::ProductsId{3})}, {text("Cups")})}));
  return div({class_("home")}, {
      h1({}, {text("Welcome to the shop")}),
      p({class_("count")}, {text(std::to_string(model.product_count) + " products")}),
      ul({class_("products")}, std::move(items)),
      button({class_("toggle"), on_click(Toggle{})}, {text(model.show_more ? "Show less" : "Show more")}),
      p({}, {a({href(routes::About{})}, {text("About us")})}),
  });
}

inline std::string title(const Model&) { return "Shop"; }

}  // namespace web::pages::home_
