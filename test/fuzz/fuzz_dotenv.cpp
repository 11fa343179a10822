// libFuzzer: .env parsing never crashes; what it accepts has valid names and no NUL bytes.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "rally/server/env.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& [name, value] : rally::env::parse_dotenv(text)) {
      if (name.empty() || (name[0] >= '0' && name[0] <= '9')) std::abort();
      if (value.find('\0') != std::string::npos) std::abort();
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
