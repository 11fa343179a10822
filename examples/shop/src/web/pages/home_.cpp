#include "web/pages/home_.hpp"

#include "web/catalog.hpp"

namespace web::pages::home_ {

rally::Result<std::int64_t> server_product_count(const ServerProductCount&, ServerContext&) {
  return static_cast<std::int64_t>(web::catalog().size());
}

}  // namespace web::pages::home_
