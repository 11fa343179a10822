#pragma once
// rally::Load<Model>: what a page's server-side load() answers — the model to render, a redirect,
// or "not found". SSR turns these into 200 / 302 / 404; on client-side navigation the same load
// runs over the WebSocket and the client renders, navigates or shows the 404 page.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "codec.hpp"

namespace rally {

struct Redirect {
  std::string path;  // where to go instead, e.g. "/login"
};
struct NotFound {};

inline Redirect redirect(std::string path) { return {std::move(path)}; }
inline NotFound not_found() { return {}; }

template <class Model>
class Load {
 public:
  Load() : v_(std::in_place_index<0>) {}
  Load(Model model) : v_(std::in_place_index<0>, std::move(model)) {}  // NOLINT: return the model
  Load(Redirect r) : v_(std::in_place_index<1>, std::move(r)) {}      // NOLINT
  Load(NotFound) : v_(std::in_place_index<2>) {}                       // NOLINT

  bool has_model() const { return v_.index() == 0; }
  bool is_redirect() const { return v_.index() == 1; }
  bool is_not_found() const { return v_.index() == 2; }
  const Model& model() const { return std::get<0>(v_); }
  Model& model() { return std::get<0>(v_); }
  const std::string& redirect_path() const { return std::get<1>(v_).path; }

  const std::variant<Model, Redirect, NotFound>& variant() const { return v_; }
  std::variant<Model, Redirect, NotFound>& variant() { return v_; }

 private:
  std::variant<Model, Redirect, NotFound> v_;
};

// The URL's query parameters (?a=1&b=x), percent-decoded; a page's init/load may take
// `const rally::Query&` as its last parameter. A repeated key keeps its last value.
using Query = std::map<std::string, std::string>;
// Parses "a=1&b=%20x" (a leading '?' is ignored); '+' is a space, as HTML forms send it;
// malformed escapes are kept literally; a key without '=' has an empty value.
Query parse_query(std::string_view query);

namespace codec {
template <>
struct Codec<Redirect> {
  static void encode(Writer& w, const Redirect& v) { w.bytes(v.path); }
  static void decode(Reader& r, Redirect& v) { v.path = std::string(r.bytes()); }
};
template <>
struct Codec<NotFound> {
  static void encode(Writer&, const NotFound&) {}
  static void decode(Reader&, NotFound&) {}
};
template <class Model>
struct Codec<Load<Model>> {
  static void encode(Writer& w, const Load<Model>& v) { rally::codec::encode(w, v.variant()); }
  static void decode(Reader& r, Load<Model>& v) { rally::codec::decode(r, v.variant()); }
};
}  // namespace codec

}  // namespace rally
