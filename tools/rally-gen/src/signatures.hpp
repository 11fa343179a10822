#pragma once
// How init() and load() take their inputs: init may take the namespace's `const ClientContext&`
// first; then the route's params (all or none, in order), then an optional `const rally::Query&`,
// then (load only) `ServerContext&`. Shared by validation, which
// reports a bad shape, and emission, which passes exactly what the function takes.
#include <string>
#include <vector>

#include "model.hpp"

namespace rally::gen {

struct CallShape {
  bool ok = false;
  bool params = false;   // takes the route's params
  bool query = false;    // takes const rally::Query&
  bool context = false;  // takes ServerContext& (load)
  bool client_context = false;  // takes const ClientContext& first (init)
};

// `with_context`: the function must end with ServerContext& (load); init must not take it.
CallShape call_shape(const Function& f, const Route& route, bool with_context);

std::vector<const Segment*> route_params(const Route& route);
// "std::int64_t id, std::string name": the params as a declaration list, for messages.
std::string route_params_text(const Route& route);

bool is_query(const SigType& t);
bool is_server_context(const SigType& t);
bool is_std_string(const SigType& t);
// A ClientContext (of any namespace: validation checks whose), taken by value or const&.
bool is_client_context(const SigType& t);
// The function's first parameter is a ClientContext: update/view/title/init/layout view take it.
bool takes_client_context(const Function& f);

// Whether the page's HTML is rendered once (rally/rendering.hpp): nothing it is made from depends on
// the request (no load; an init without route params, query or ClientContext; a view, title and
// namespace layout without ClientContext) and the page does not declare rendering = every_request.
bool renders_once(const Page& p, const Namespace& ns);

}  // namespace rally::gen
