#pragma once
// What the generated-app tests share: a GET through the app's render(), as the server library
// does it (`req` may bring headers and cookies), and a body check. Include after the generated "app.hpp"; each test executable links
// exactly one generated app, so the static instance below is that app.
#include <string>

#include <optional>
#include <utility>
#include <vector>

#include <rally/server/app.hpp>
#include <rally/server/session.hpp>

#include "app.hpp"

namespace app_test {

inline rally::server::Response get(const std::string& target, rally::server::Request req = {}) {
  static auto app = rally_generated_make_app();
  req.method = "GET";
  req.target = target;
  auto q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? "" : target.substr(q + 1);
  return app->render(req);
}

// A form POST as a browser on this site sends it (Origin and Host agree), plus `headers`
// (which replace those of the same name).
inline rally::server::Response post(const std::string& target, const std::string& body,
                                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  static auto app = rally_generated_make_app();
  rally::server::Request req;
  req.method = "POST";
  req.target = target;
  auto q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? "" : target.substr(q + 1);
  req.body = body;
  req.headers = {{"host", "localhost"}, {"origin", "http://localhost"}, {"content-type", "application/x-www-form-urlencoded"}};
  for (auto& [name, value] : headers) {
    std::erase_if(req.headers, [&](const auto& h) { return h.first == name; });
    if (!value.empty()) req.headers.emplace_back(name, value);
  }
  return app->render(req);
}

inline std::string header(const rally::server::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

// A session as the server library would hold it, for policies and forms.
struct FakeSession final : rally::server::SessionBackend {
  std::optional<std::int64_t> user;
  std::optional<std::int64_t> user_id() const override { return user; }
  void sign_in(std::int64_t id) override { user = id; }
  void sign_out() override { user.reset(); }
  std::string csrf_token() const override { return "token"; }
  bool check_csrf_token(std::string_view token) const override { return token == "token"; }
  std::string audience;  // rally::audience::this_session()'s key ("": none)
  std::string audience_key() const override { return audience; }
};

inline bool has(const rally::server::Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

}  // namespace app_test
