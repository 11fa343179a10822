// libFuzzer: safe_next() returns its input only when it is a local path, else the fallback.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rally/server/auth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view next(reinterpret_cast<const char*>(data), size);
  const std::string out = rally::auth::safe_next(next, "/fallback");
  if (out == "/fallback") return 0;
  if (out != next || out.empty() || out[0] != '/') std::abort();
  if (out.size() > 1 && (out[1] == '/' || out[1] == '\\')) std::abort();
  for (char c : out)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\' || c == 0x7f) std::abort();
  return 0;
}
