#pragma once
// A client Host that records what a generated page asks the runtime for.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <rally/client/app.hpp>

namespace rally_test {

struct FakeHost : rally::client::Host {
  std::vector<rally::RpcCall> calls;
  std::vector<rally::SharedFunction<void(const void*)>> responders;
  std::vector<std::string> navigations;
  std::vector<std::string> errors;
  int invalidations = 0;
  void call(const rally::RpcCall& c, rally::SharedFunction<void(const void*)> on_response,
            rally::SharedFunction<void(const std::string&)>) override {
    calls.push_back(c);
    responders.push_back(std::move(on_response));
  }
  void invalidate() override { ++invalidations; }
  void log_error(const std::string& message) override { errors.push_back(message); }
  void navigate(const std::string& path) override { navigations.push_back(path); }

  // The ClientContext, as the runtime keeps it: set_context effects replace it.
  rally::Shared<const void> context;
  std::vector<rally::ContextUpdate> context_updates;
  const void* client_context() const override { return context.get(); }
  void set_client_context(const rally::ContextUpdate& update) override {
    context_updates.push_back(update);
    context = update.value;
  }

  // What the dev inspector was told (generated client units built with RALLY_DEV_TOOLS).
  struct Inspected {
    std::string page, description;
    bool recordable = false;
    std::string encoded;
  };
  std::vector<Inspected> inspected;
  void inspect_update(std::string_view page, const std::string& description, const std::string* encoded) override {
    inspected.push_back({std::string(page), description, encoded != nullptr, encoded ? *encoded : std::string()});
  }
};

}  // namespace rally_test
