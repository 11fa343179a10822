#include "contract_file.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rally::test {

std::uint64_t Contract::handler(const std::string& function) const {
  auto it = handlers.find(function);
  if (it == handlers.end()) throw std::out_of_range("the contract has no handler " + function);
  return it->second;
}

Contract read_contract(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  try {
    const boost::json::object doc = boost::json::parse(text.str()).as_object();
    Contract c;
    c.hash = boost::json::value_to<std::string>(doc.at("contract"));
    for (const auto& h : doc.at("handlers").as_array()) {
      const auto& handler = h.as_object();
      c.handlers[boost::json::value_to<std::string>(handler.at("function"))] =
          std::stoull(boost::json::value_to<std::string>(handler.at("id")), nullptr, 16);
    }
    return c;
  } catch (const std::exception& e) {
    throw std::runtime_error(path + " is not a contract: " + e.what());
  }
}

}  // namespace rally::test
