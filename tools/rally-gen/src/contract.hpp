#pragma once
// Handler ids and the contract hash: FNV-1a 64 of canonical descriptions built from spelled types,
// so a native server and a wasm32 client derive the same numbers.
#include <cstdint>
#include <string>

#include "model.hpp"

namespace rally::gen {

std::string hex64(std::uint64_t v);
std::string describe(const WireStruct& s);
std::string describe(const WireEnum& e);
// Fills every handler's canonical string, id and constant name, and the app's contract hash.
void compute_contract(AppModel& model);

}  // namespace rally::gen
