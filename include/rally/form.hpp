#pragma once
// Forms that work without JavaScript. A page declares a handler per form,
//
//   struct SignIn { std::string email; std::string password; };
//   rally::FormResult<Model> server_form_sign_in(const SignIn& form, ServerContext& ctx);
//
// and renders the form with rally::html::post_form("sign_in", ...). The browser POSTs the fields
// (application/x-www-form-urlencoded) to the page's own URL; the server decodes them into the
// struct by name (rally-gen writes the field table), runs the handler and answers with a redirect
// (post/redirect/get, 303) or the page rendered again from the model the handler returns (422).
// See docs/sessions-and-auth.md. Boost-free: the WASM client compiles this too.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace rally {

// What a form handler answers. `Model` is the page's Model; a page without one uses
// FormResult<> and can only redirect.
template <class Model = void>
class FormResult {
 public:
  // Post/redirect/get: 303 See Other to `location`. Pass anything the user sent (a ?next=) through
  // rally::auth::safe_next first.
  static FormResult redirect(std::string location) { return FormResult(Redirect{std::move(location)}); }
  // The page again, from `model` (which carries the entered values and the errors), with `status`
  // (422 Unprocessable Content by default: the form needs fixing).
  static FormResult render(Model model, int status = 422) { return FormResult(Render{std::move(model), status}); }

  bool is_redirect() const { return v_.index() == 0; }
  const std::string& location() const { return std::get<0>(v_).location; }
  Model& model() { return std::get<1>(v_).model; }
  int status() const { return is_redirect() ? 303 : std::get<1>(v_).status; }

 private:
  struct Redirect {
    std::string location;
  };
  struct Render {
    Model model;
    int status;
  };
  explicit FormResult(Redirect r) : v_(std::move(r)) {}
  explicit FormResult(Render r) : v_(std::move(r)) {}
  std::variant<Redirect, Render> v_;
};

template <>
class FormResult<void> {
 public:
  static FormResult redirect(std::string location) { return FormResult(std::move(location)); }
  bool is_redirect() const { return true; }
  const std::string& location() const { return location_; }
  int status() const { return 303; }

 private:
  explicit FormResult(std::string location) : location_(std::move(location)) {}
  std::string location_;
};

namespace form {

// The hidden fields post_form adds: which handler, and the session's CSRF token. Form structs may
// not have fields of these names (rally-gen refuses names starting with '_').
inline constexpr std::string_view name_field = "_form";
inline constexpr std::string_view token_field = "_csrf";

struct Limits {
  static constexpr std::size_t max_fields = 1000;           // name=value pairs in one body
  static constexpr std::size_t max_value_bytes = 64 * 1024;  // one decoded value (a long textarea)
  static constexpr std::size_t max_name_bytes = 256;
};

// A decoded body: the name=value pairs in the order sent.
using Values = std::vector<std::pair<std::string, std::string>>;

// Parses an application/x-www-form-urlencoded body ("a=1&b=x+y&c=%C3%A9"): '+' is a space,
// %XX an escaped byte. False, with `error` saying what, for a malformed escape, a value or name
// that is not UTF-8, too many pairs or an overlong name or value. Empty pairs ("a=1&&b=2") are
// skipped; a pair without '=' has an empty value.
bool parse(std::string_view body, Values& out, std::string& error);

// The value of `name` (its first), or nullopt.
std::optional<std::string_view> find(const Values& values, std::string_view name);

// One field of a form struct: its name and how values given for it become the member.
struct Field {
  std::string_view name;
  // `values`: every value sent under `name`, in order (empty when it was not sent).
  bool (*assign)(void* form, std::string_view name, const std::vector<std::string_view>& values, std::string& error) = nullptr;
};

// A field of a form struct, as generated code lists them: field<&SignIn::email>("email").
template <auto Member>
Field field(std::string_view name);

// Decodes `values` into `out` by `fields`. Every name sent must be a field (or _form/_csrf);
// fields of type T need exactly one value, std::optional<T> at most one (an empty value is
// nullopt), std::vector<T> any number (checkbox groups, multi-selects); bool is a checkbox
// (absent: false; "on", "true", "1" or empty: true; "off", "false", "0": false; the last value
// wins, so a hidden "0" before the checkbox works).
template <class T>
bool decode(const Values& values, const std::vector<Field>& fields, T& out, std::string& error);

// The CSRF token post_form writes: the current request's session's on the server, the one the
// page was rendered with on the client. Set by the server library and the client runtime.
using TokenSource = std::string (*)();
void set_token_source(TokenSource source) noexcept;
std::string token();

namespace detail {

bool decode_fields(const Values& values, const std::vector<Field>& fields, void* out, std::string& error);
std::string quote(std::string_view value);  // "value", shortened for a message

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

// One text value into a scalar member (std::string, bool, integers, floating point).
template <class T>
bool convert(std::string_view name, std::string_view text, T& out, std::string& error) {
  if constexpr (std::is_same_v<T, std::string>) {
    out.assign(text);
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (text.empty() || text == "on" || text == "true" || text == "1") out = true;
    else if (text == "off" || text == "false" || text == "0") out = false;
    else {
      error = "field \"" + std::string(name) + "\": " + quote(text) + " is not a checkbox value (on, off, true, false, 1, 0)";
      return false;
    }
    return true;
  } else if constexpr (std::is_integral_v<T>) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
      error = "field \"" + std::string(name) + "\": " + quote(text) +
              (ec == std::errc::result_out_of_range ? " is out of range" : " is not a whole number");
      return false;
    }
    return true;
  } else if constexpr (std::is_floating_point_v<T>) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(out)) {
      error = "field \"" + std::string(name) + "\": " + quote(text) + " is not a number";
      return false;
    }
    return true;
  } else {
    static_assert(sizeof(T) == 0, "rally::form: a form field must be std::string, bool, an integer, a floating-point "
                                  "number, or std::optional / std::vector of one of those");
  }
}

template <class M>
bool assign(std::string_view name, const std::vector<std::string_view>& values, M& member, std::string& error) {
  if constexpr (is_vector<M>::value) {
    member.clear();
    for (std::string_view v : values) {
      typename M::value_type item{};
      if (!convert(name, v, item, error)) return false;
      member.push_back(std::move(item));
    }
    return true;
  } else if constexpr (is_optional<M>::value) {
    if (values.size() > 1) {
      error = "field \"" + std::string(name) + "\" was sent " + std::to_string(values.size()) + " times";
      return false;
    }
    if (values.empty() || values[0].empty()) {
      member.reset();
      return true;
    }
    typename M::value_type item{};
    if (!convert(name, values[0], item, error)) return false;
    member = std::move(item);
    return true;
  } else if constexpr (std::is_same_v<M, bool>) {
    member = false;
    return values.empty() || convert(name, values.back(), member, error);
  } else {
    if (values.size() != 1) {
      error = values.empty() ? "field \"" + std::string(name) + "\" is missing"
                             : "field \"" + std::string(name) + "\" was sent " + std::to_string(values.size()) + " times";
      return false;
    }
    return convert(name, values[0], member, error);
  }
}

template <class C, class M>
C owner_of(M C::*);
}  // namespace detail

template <auto Member>
Field field(std::string_view name) {
  using Form = decltype(detail::owner_of(Member));
  return {name, [](void* form, std::string_view name, const std::vector<std::string_view>& values, std::string& error) {
            return detail::assign(name, values, static_cast<Form*>(form)->*Member, error);
          }};
}

template <class T>
bool decode(const Values& values, const std::vector<Field>& fields, T& out, std::string& error) {
  return detail::decode_fields(values, fields, &out, error);
}

}  // namespace form
}  // namespace rally
