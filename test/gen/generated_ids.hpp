#pragma once
// Handler and load ids of a generated app, read from its generated client: the ids live in the
// pages' own units, so tests look them up there rather than spelling hashes.
#include <cstdint>
#include <string_view>

#include <rally/client/app.hpp>

namespace gen_test {

// The id of the server handler whose request type is Req (0 if the client binds none).
template <class Req>
std::uint64_t handler_id(const rally::client::ClientApp& client) {
  for (const auto& rpc : client.rpcs)
    if (rpc.request_type == rally::type_id<Req>()) return rpc.handler;
  return 0;
}

// The id of a page's load handler (0 if the page has no load()).
inline std::uint64_t load_id(const rally::client::ClientApp& client, std::string_view page_id) {
  for (const auto& page : client.pages)
    if (page.id == page_id) return page.load_handler;
  return 0;
}

}  // namespace gen_test
