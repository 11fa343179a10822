// libFuzzer: Host matching and RALLY_ALLOWED_HOSTS parsing never crash; a matched Host is one of the
// allowed names (with at most a port).
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const std::vector<std::string> allowed = {"localhost", ".example.com", "127.0.0.1", "[::1]"};
  if (rally::server::host_allowed(text, allowed)) {
    for (char c : text)
      if (c == '/' || c == '@' || c == '\0' || c == ' ') std::abort();
  }
  try {
    (void)rally::server::parse_allowed_hosts(text, "RALLY_ALLOWED_HOSTS");
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
