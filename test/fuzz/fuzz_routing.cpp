// libFuzzer: the percent-decoder, query and path-param parsers never crash; strict decoding of an
// encode_text() result gives the original back.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "rally/load.hpp"
#include "rally/routing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)rally::routing::percent_decode(text, rally::routing::Decoding::strict);
  (void)rally::routing::percent_decode(text, rally::routing::Decoding::form);
  (void)rally::parse_query(text);
  std::string param;
  (void)rally::routing::parse_text(text, param);
  std::int64_t number = 0;
  (void)rally::routing::parse_int(text, number);
  std::vector<std::string_view> segments;
  (void)rally::routing::below_root(text, "/admin", segments);
  if (!text.empty()) {
    auto back = rally::routing::percent_decode(rally::routing::encode_text(text));
    if (!back || *back != text) std::abort();
  }
  return 0;
}
