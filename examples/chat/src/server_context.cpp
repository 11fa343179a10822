#include "server_context.hpp"

ServerContext make_server_context(const rally::Request& request) {
  ServerContext ctx;
  ctx.address = request.remote_address;
  return ctx;
}
