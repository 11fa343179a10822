#include "web/pages/items/id_.hpp"

namespace web::pages::items::id_ {
rally::Result<std::string> server_label(const ServerLabel& msg, ServerContext&) {
  return "label " + std::to_string(msg.id);
}
}  // namespace web::pages::items::id_
