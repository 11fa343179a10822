#include "web/pages/products/id_.hpp"

#include <map>
#include <mutex>

#include "web/catalog.hpp"

namespace web::pages::products::id_ {

namespace {
// Likes are shared by every connection; handlers run on several threads.
std::mutex likes_mutex;
std::map<std::int64_t, std::int64_t> likes;
}  // namespace

rally::Load<Model> load(std::int64_t id, ServerContext&) {
  if (id == 0) return rally::redirect("/");  // the old "featured product" link
  auto it = web::catalog().find(id);
  if (it == web::catalog().end()) return rally::not_found();
  std::lock_guard lock(likes_mutex);
  return Model{id, it->second.name, it->second.price_cents, likes[id]};
}

rally::Result<std::int64_t> server_like(const ServerLike& msg, ServerContext&) {
  if (!web::catalog().count(msg.id)) return rally::err("no product " + std::to_string(msg.id));
  std::lock_guard lock(likes_mutex);
  return ++likes[msg.id];
}

}  // namespace web::pages::products::id_
