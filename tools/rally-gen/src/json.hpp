#pragma once
// A small JSON writer (ordered keys, 2-space indent) for --dump-model and contract.json.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rally::gen {

class Json {
 public:
  using Object = std::vector<std::pair<std::string, Json>>;
  using Array = std::vector<Json>;

  Json() : v_(nullptr) {}
  Json(std::nullptr_t) : v_(nullptr) {}                   // NOLINT
  Json(bool b) : v_(b) {}                                 // NOLINT
  Json(std::int64_t n) : v_(n) {}                         // NOLINT
  Json(int n) : v_(static_cast<std::int64_t>(n)) {}       // NOLINT
  Json(unsigned n) : v_(static_cast<std::int64_t>(n)) {}  // NOLINT
  Json(std::string s) : v_(std::move(s)) {}               // NOLINT
  Json(const char* s) : v_(std::string(s)) {}             // NOLINT
  Json(Array a) : v_(std::move(a)) {}                     // NOLINT
  Json(Object o) : v_(std::move(o)) {}                    // NOLINT

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }
  Json& set(std::string key, Json value) {
    std::get<Object>(v_).emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Json& push(Json value) {
    std::get<Array>(v_).push_back(std::move(value));
    return *this;
  }
  std::string dump() const {
    std::string out;
    write(out, 0);
    out += '\n';
    return out;
  }

 private:
  void write(std::string& out, int indent) const;
  std::variant<std::nullptr_t, bool, std::int64_t, std::string, Array, Object> v_;
};

}  // namespace rally::gen
