// Server-only body of the counter's server call.
#include "web/pages/home_.hpp"

namespace web::pages::home_ {

rally::Result<std::int64_t> server_increment(const ServerIncrement& msg, ServerContext&) {
  return msg.amount;
}

}  // namespace web::pages::home_
