#pragma once
// /admin: a list of orders fetched with a server call.
#include <rally/page.hpp>

#include "server_context.hpp"

namespace admin::pages::home_ {

struct Order {
  std::int64_t id = 0;
  std::string customer;
};

struct Model {
  std::vector<Order> orders;
  bool loaded = false;
};

struct Refresh {};
struct GotOrders { rally::Result<std::vector<Order>> result; };
using Msg = std::variant<Refresh, GotOrders>;

struct ServerOrders {};
rally::Result<std::vector<Order>> server_orders(const ServerOrders& msg, ServerContext& ctx);

inline rally::Init<Model, Msg> init() { return {Model{}, rally::effect::rpc(ServerOrders{}, rally::to<GotOrders>)}; }

inline rally::Update<Model, Msg> update(Model model, Msg msg) {
  return rally::update(model, msg,
    [&](Refresh) { return rally::effect::rpc(ServerOrders{}, rally::to<GotOrders>); },
    [&](GotOrders& got) {
      if (got.result) model.orders = std::move(*got.result);
      model.loaded = true;
    });
}

inline rally::Element<Msg> view(const Model& model) {
  using namespace rally::html;
  std::vector<rally::Element<Msg>> rows;
  for (const auto& o : model.orders)
    rows.push_back(li({key(std::to_string(o.id))}, {text("#" + std::to_string(o.id) + " " + o.customer)}));
  return div({class_("admin")}, {
      h1({}, {text("Orders")}),
      p({class_("status")}, {text(model.loaded ? std::to_string(model.orders.size()) + " orders" : "Loading...")}),
      ul({class_("orders")}, std::move(rows)),
      button({class_("refresh"), on_click(Refresh{})}, {text("Refresh")}),
  });
}

inline std::string title(const Model&) { return "Admin - Shop"; }

}  // namespace admin::pages::home_
