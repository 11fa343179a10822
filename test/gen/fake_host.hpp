#pragma once
// A client Host that records what a generated page asks the runtime for.
#include <functional>
#include <string>
#include <vector>

#include <rally/client/app.hpp>

namespace rally_test {

struct FakeHost : rally::client::Host {
  std::vector<rally::RpcCall> calls;
  std::vector<std::function<void(const void*)>> responders;
  std::vector<std::string> navigations;
  std::vector<std::string> errors;
  int invalidations = 0;
  void call(const rally::RpcCall& c, std::function<void(const void*)> on_response,
            std::function<void(const std::string&)>) override {
    calls.push_back(c);
    responders.push_back(std::move(on_response));
  }
  void invalidate() override { ++invalidations; }
  void log_error(const std::string& message) override { errors.push_back(message); }
  void navigate(const std::string& path) override { navigations.push_back(path); }
};

}  // namespace rally_test
