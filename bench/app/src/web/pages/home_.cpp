// The server call's body (server only).
#include "web/pages/home_.hpp"
namespace web::pages::home_ {
rally::Result<std::int64_t> server_increment(const ServerIncrement& msg, ServerContext&) { return msg.amount; }
}
