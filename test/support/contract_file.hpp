#pragma once
// An app's generated contract.json, read the way a non-browser client would: the contract hash to
// present on the WebSocket and the id of each server handler, by function name.
#include <cstdint>
#include <map>
#include <string>

namespace rally::test {

struct Contract {
  std::string hash;  // hex
  std::map<std::string, std::uint64_t> handlers;  // "web::pages::home_::server_add" -> id

  // The handler's id; throws std::out_of_range naming the function when the contract has none.
  std::uint64_t handler(const std::string& function) const;
};

// Throws std::runtime_error if the file cannot be read or is not a contract.
Contract read_contract(const std::string& path);

}  // namespace rally::test
