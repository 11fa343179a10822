#include "signatures.hpp"

namespace rally::gen {

using Ref = SigType::Ref;

std::vector<const Segment*> route_params(const Route& route) {
  std::vector<const Segment*> out;
  for (const auto& s : route.segments)
    if (s.dynamic) out.push_back(&s);
  return out;
}

std::string route_params_text(const Route& route) {
  std::string out;
  for (const Segment* s : route_params(route))
    out += std::string(out.empty() ? "" : ", ") + (s->is_int ? "std::int64_t " : "std::string ") + s->text;
  return out;
}

bool is_std_string(const SigType& t) { return t.decl == "std::basic_string"; }

// rally::Query is std::map<std::string, std::string>; its alias is gone in the canonical type.
bool is_query(const SigType& t) {
  return t.ref == Ref::const_lvalue && t.decl == "std::map" && t.args.size() >= 2 && t.args[0] == t.args[1] &&
         t.args[0].find("basic_string<char") != std::string::npos;
}

bool is_server_context(const SigType& t) { return t.ref == Ref::lvalue && t.decl == "ServerContext"; }

bool is_client_context(const SigType& t) {
  auto pos = t.decl.rfind("::");
  return t.is_record && (pos == std::string::npos ? t.decl : t.decl.substr(pos + 2)) == "ClientContext";
}

bool takes_client_context(const Function& f) {
  return !f.params.empty() && is_client_context(f.params.front().type);
}

namespace {

bool matches_param(const SigType& t, const Segment& s) {
  if (s.is_int) return t.ref == Ref::value && (t.canonical == "long" || t.canonical == "long long");
  return (t.ref == Ref::value || t.ref == Ref::const_lvalue) && is_std_string(t);
}

}  // namespace

CallShape call_shape(const Function& f, const Route& route, bool with_context) {
  CallShape shape;
  std::vector<const Param*> rest;
  for (const auto& p : f.params) rest.push_back(&p);
  if (!with_context && !rest.empty() && is_client_context(rest.front()->type)) {
    shape.client_context = true;
    rest.erase(rest.begin());
  }
  if (with_context) {
    if (rest.empty() || !is_server_context(rest.back()->type)) return shape;
    shape.context = true;
    rest.pop_back();
  }
  if (!rest.empty() && is_query(rest.back()->type)) {
    shape.query = true;
    rest.pop_back();
  }
  auto params = route_params(route);
  if (rest.empty()) {
    shape.ok = true;
    return shape;
  }
  if (rest.size() != params.size()) return shape;
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (!matches_param(rest[i]->type, *params[i])) return shape;
  shape.ok = true;
  shape.params = true;
  return shape;
}

bool renders_once(const Page& p, const Namespace& ns) {
  if (p.rendering_every_request || p.load.present) return false;
  if (p.interactive) {
    const CallShape init = call_shape(p.init, p.route, false);
    if (!p.init.present || !init.ok || init.params || init.query || init.client_context) return false;
  }
  if (takes_client_context(p.view) || (p.title.present && takes_client_context(p.title))) return false;
  return !(ns.layout_view.present && takes_client_context(ns.layout_view));
}

}  // namespace rally::gen
