#pragma once
// What the generated-app tests share: a GET through the app's render(), as the server library
// does it (`req` may bring headers and cookies), and a body check. Include after the generated "app.hpp"; each test executable links
// exactly one generated app, so the static instance below is that app.
#include <string>

#include <rally/server/app.hpp>

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

inline bool has(const rally::server::Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

}  // namespace app_test
