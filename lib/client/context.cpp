// The namespace's ClientContext: decoded at boot from #rally-data's data-context, replaced by
// set_context effects and by the server's "rally:context" pushes. Reached only through
// context_hooks(), which use_client_context (the generated client of a namespace with a
// ClientContext) names: a client without one carries none of this code.
#include <string>
#include <utility>

#include "js.hpp"
#include "runtime.hpp"

namespace rally::client {

bool Runtime::boot_context(std::string& error) {
  // An empty context encodes to nothing, and then the server leaves the attribute out.
  int n = rally_boot_bytes(3);
  if (n == -2) {
    error = "the client context in #rally-data's data-context is not valid base64";
    return false;
  }
  std::string why;
  context_ = app_.decode_context(js::take_string(n), why);
  if (!context_) error = "could not decode the client context of namespace " + app_.name_space + ": " + why;
  return context_ != nullptr;
}

void Runtime::adopt_context(const ContextUpdate& update) {
  if (update.type != app_.context_type || !update.value) {
    log_error(std::string("rally: dropped rally::effect::set_context(") + std::string(type_name(update.type)) +
              "): it is not the ClientContext of namespace " + app_.name_space);
    return;
  }
  context_ = update.value;
  invalidate();  // the layout and every page view may show it
}

void Runtime::on_context_push(std::string_view payload) {
  std::string error;
  auto next = app_.decode_context(payload, error);
  if (!next) return log_error("rally: dropped a malformed client context from the server: " + error);
  context_ = std::move(next);
  invalidate();
}

const ContextHooks* context_hooks() {
  static constexpr ContextHooks hooks{&Runtime::boot_context, &Runtime::adopt_context, &Runtime::on_context_push};
  return &hooks;
}

}  // namespace rally::client
