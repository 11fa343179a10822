// Renders each <path>=<status> argument with the generated app and checks the status (and, with
// <path>=<status>=<text>, that the body contains text). Exit 1 on the first mismatch.
#include <iostream>
#include <string>

#include "app.hpp"

int main(int argc, char** argv) {
  auto app = rally_generated_make_app();
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    auto eq2 = arg.find('=', eq + 1);
    rally::server::Request req;
    req.method = "GET";
    req.path = req.target = arg.substr(0, eq);
    int status = std::stoi(arg.substr(eq + 1, eq2 - eq - 1));
    std::string text = eq2 == std::string::npos ? "" : arg.substr(eq2 + 1);
    auto res = app->render(req);
    if (res.status != status || res.body.find(text) == std::string::npos) {
      std::cerr << req.path << ": got " << res.status << ", expected " << status
                << (text.empty() ? "" : " with '" + text + "'") << "\n" << res.body << "\n";
      ++failures;
    }
  }
  return failures ? 1 : 0;
}
