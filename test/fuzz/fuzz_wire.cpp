// libFuzzer: wire frames (both directions) and the binary codec never crash on any input, and a
// decoded request or subscription frame survives a round trip through the encoder.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rally/codec.hpp"
#include "rally/result.hpp"
#include "rally/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  std::string error;
  if (auto request = rally::wire::decode_request(frame, error)) {
    const std::string again = rally::wire::encode_request(request->id, request->handler, request->payload);
    auto back = rally::wire::decode_request(again, error);
    if (!back || back->id != request->id || back->handler != request->handler || back->payload != request->payload)
      std::abort();
  }
  if (auto f = rally::wire::decode_client_frame(frame, error); f && f->kind != rally::wire::FrameKind::request) {
    // The same topic and key after a round trip (the bytes may differ: a length may be sent as an
    // overlong varint, which the reader accepts).
    const std::string again = f->kind == rally::wire::FrameKind::subscribe ? rally::wire::encode_subscribe(f->topic, f->key)
                                                                           : rally::wire::encode_unsubscribe(f->topic, f->key);
    auto back = rally::wire::decode_client_frame(again, error);
    if (!back || back->kind != f->kind || back->topic != f->topic || back->key != f->key) std::abort();
  }
  (void)rally::wire::decode_server_frame(frame, error);
  std::vector<std::map<std::string, std::optional<std::int64_t>>> nested;
  (void)rally::codec::from_bytes(frame, nested, &error);
  rally::Result<std::variant<std::string, double, bool>, std::vector<std::string>> result;
  (void)rally::codec::from_bytes(frame, result, &error);
  return 0;
}
