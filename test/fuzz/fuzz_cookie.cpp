// libFuzzer: the Cookie header parser never crashes and yields only token names and cookie values.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rally/server/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  for (const auto& [name, value] : rally::parse_cookie_header(header)) {
    if (name.empty() || name.find_first_of("=; \t\"") != std::string::npos) std::abort();
    if (value.find_first_of(";, \t\"\\") != std::string::npos) std::abort();
  }
  return 0;
}
