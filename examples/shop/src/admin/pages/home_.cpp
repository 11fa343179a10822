#include "admin/pages/home_.hpp"

namespace admin::pages::home_ {

rally::Result<std::vector<Order>> server_orders(const ServerOrders&, ServerContext&) {
  return std::vector<Order>{{101, "Ada"}, {102, "Grace"}};
}

}  // namespace admin::pages::home_
