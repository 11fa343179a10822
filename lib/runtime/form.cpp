// Form bodies (application/x-www-form-urlencoded) and their decoding into form structs.
#include "rally/form.hpp"

#include <algorithm>
#include <atomic>

#include "rally/routing.hpp"
#include "rally/utf8.hpp"

namespace rally::form {

namespace {

std::atomic<TokenSource> token_source{nullptr};

// One name or value: '+' is a space (a real '+' comes as %2B), then strict percent-decoding.
std::optional<std::string> decode_part(std::string_view part) {
  std::string plus_as_space(part);
  std::replace(plus_as_space.begin(), plus_as_space.end(), '+', ' ');
  return routing::percent_decode(plus_as_space, routing::Decoding::strict);
}

}  // namespace

bool parse(std::string_view body, Values& out, std::string& error) {
  out.clear();
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    if (out.size() == Limits::max_fields) {
      error = "the form has more than " + std::to_string(Limits::max_fields) + " fields";
      return false;
    }
    const std::size_t eq = pair.find('=');
    auto name = decode_part(pair.substr(0, eq));
    auto value = decode_part(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) {
      error = "the form body has a malformed %-escape near " + detail::quote(pair);
      return false;
    }
    if (name->size() > Limits::max_name_bytes) {
      error = "a field name is longer than " + std::to_string(Limits::max_name_bytes) + " bytes";
      return false;
    }
    if (!utf8::valid(*name)) {
      error = "a field name is not valid UTF-8";
      return false;
    }
    if (value->size() > Limits::max_value_bytes) {
      error = "field \"" + *name + "\" is longer than " + std::to_string(Limits::max_value_bytes) + " bytes";
      return false;
    }
    if (!utf8::valid(*value)) {
      error = "field \"" + *name + "\" is not valid UTF-8";
      return false;
    }
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return true;
}

std::optional<std::string_view> find(const Values& values, std::string_view name) {
  for (const auto& [k, v] : values)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

void set_token_source(TokenSource source) noexcept { token_source.store(source, std::memory_order_relaxed); }

std::string token() {
  TokenSource source = token_source.load(std::memory_order_relaxed);
  return source ? source() : std::string();
}

namespace detail {

std::string quote(std::string_view value) {
  constexpr std::size_t shown = 40;
  std::string out = "\"";
  out += value.substr(0, shown);
  if (value.size() > shown) out += "...";
  return out + "\"";
}

bool decode_fields(const Values& values, const std::vector<Field>& fields, void* out, std::string& error) {
  for (const auto& pair : values) {
    const std::string& name = pair.first;
    if (name == name_field || name == token_field) continue;
    const bool known = std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.name == name; });
    if (!known) {
      error = "the form has no field \"" + (name.size() > 40 ? name.substr(0, 40) + "..." : name) + "\"";
      return false;
    }
  }
  std::vector<std::string_view> given;
  for (const Field& f : fields) {
    given.clear();
    for (const auto& [name, value] : values)
      if (name == f.name) given.push_back(value);
    if (!f.assign(out, f.name, given, error)) return false;
  }
  return true;
}

}  // namespace detail

}  // namespace rally::form
