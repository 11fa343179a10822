// libFuzzer: form bodies. Parsing never crashes and yields only valid UTF-8 within the limits;
// decoding into a struct of every field kind never crashes, whatever was parsed.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rally/form.hpp"
#include "rally/utf8.hpp"

namespace {

struct Everything {
  std::string text;
  bool box = false;
  std::int64_t count = 0;
  std::uint8_t small = 0;
  double ratio = 0;
  std::optional<std::int32_t> maybe;
  std::vector<std::string> tags;
  std::vector<double> numbers;
};

const std::vector<rally::form::Field>& fields() {
  using rally::form::field;
  static const std::vector<rally::form::Field> list = {
      field<&Everything::text>("text"),   field<&Everything::box>("box"),     field<&Everything::count>("count"),
      field<&Everything::small>("small"), field<&Everything::ratio>("ratio"), field<&Everything::maybe>("maybe"),
      field<&Everything::tags>("tags"),   field<&Everything::numbers>("numbers"),
  };
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  rally::form::Values values;
  std::string error;
  if (!rally::form::parse(body, values, error)) {
    if (error.empty()) std::abort();
    return 0;
  }
  if (values.size() > rally::form::Limits::max_fields) std::abort();
  for (const auto& [name, value] : values) {
    if (!rally::utf8::valid(name) || !rally::utf8::valid(value)) std::abort();
    if (name.size() > rally::form::Limits::max_name_bytes || value.size() > rally::form::Limits::max_value_bytes) std::abort();
  }
  Everything out;
  if (!rally::form::decode(values, fields(), out, error) && error.empty()) std::abort();
  return 0;
}
