// The model as JSON: --dump-model (everything, for tests and debugging) and contract.json (what
// crosses the wire).
#include "contract.hpp"
#include "emit.hpp"

namespace rally::gen {

namespace {

std::string where(const Location& l) {
  if (l.file.empty()) return "";
  return display_path(l.file) + ":" + std::to_string(l.line) + ":" + std::to_string(l.col);
}

Json type_json(const TypeRef& t) { return spell(t); }

Json sig_json(const SigType& s) {
  static const char* refs[] = {"value", "const&", "&", "other"};
  return Json::object()
      .set("spelled", s.spelled)
      .set("passed", refs[static_cast<int>(s.ref)])
      .set("canonical", s.canonical);
}

Json function_json(const Function& f) {
  if (!f.present) return nullptr;
  Json params = Json::array();
  for (const auto& p : f.params) params.push(Json::object().set("name", p.name).set("type", sig_json(p.type)));
  return Json::object().set("location", where(f.loc)).set("result", sig_json(f.result)).set("params", params);
}

Json handler_json(const Page& p, const Handler& h) {
  return Json::object()
      .set("function", h.function)
      .set("location", where(h.fn.loc))
      .set("request", h.request_type)
      .set("result", spell(h.result))
      .set("canonical", h.canonical)
      .set("id", h.id_hex);
}

Json types_json(const AppModel& m, bool locations) {
  Json types = Json::array();
  for (const auto& s : m.structs) {
    Json fields = Json::array();
    for (const auto& f : s.fields) {
      Json fj = Json::object().set("name", f.name).set("type", type_json(f.type));
      if (locations) fj.set("location", where(f.loc));
      fields.push(fj);
    }
    Json sj = Json::object().set("kind", "struct").set("name", s.name);
    if (locations) sj.set("location", where(s.loc));
    types.push(sj.set("fields", fields));
  }
  for (const auto& e : m.enums) {
    Json values = Json::array();
    for (const auto& x : e.enumerators) values.push(Json::object().set("name", x.name).set("value", x.value));
    Json ej = Json::object().set("kind", "enum").set("name", e.name).set("underlying", e.underlying);
    if (locations) ej.set("location", where(e.loc));
    types.push(ej.set("enumerators", values));
  }
  return types;
}

}  // namespace

Json model_json(const AppModel& m) {
  Json namespaces = Json::array();
  for (const auto& ns : m.namespaces) {
    Json nj = Json::object();
    nj.set("name", ns.name).set("root", ns.root).set("pages_dir", display_path(ns.pages_dir));
    // Only namespaces that have one say so, so that other dumps stay as they were.
    if (ns.has_context)
      nj.set("client_context", Json::object().set("type", ns.name + "::ClientContext").set("location", where(ns.context_loc)));
    namespaces.push(std::move(nj));
  }
  Json pages = Json::array();
  for (const auto& p : m.pages) {
    Json params = Json::array();
    for (const auto& s : p.route.segments)
      if (s.dynamic) params.push(Json::object().set("name", s.text).set("type", s.is_int ? "std::int64_t" : "std::string"));
    Json handlers = Json::array();
    for (const auto& h : p.handlers) handlers.push(handler_json(p, h));
    pages.push(Json::object()
                   .set("file", display_path(p.file))
                   .set("location", where(p.loc))
                   .set("include", p.include)
                   .set("path", p.path)
                   .set("namespace", p.name_space)
                   .set("cpp_namespace", p.cpp_namespace)
                   .set("route", p.is_not_found ? Json(nullptr) : Json(p.route.pattern))
                   .set("route_variant", p.route.variant)
                   .set("route_params", params)
                   .set("interactive", p.interactive)
                   .set("model", p.interactive ? Json(where(p.model_loc)) : Json(nullptr))
                   .set("msg", p.has_msg ? Json(p.msg_canonical) : Json(nullptr))
                   .set("init", function_json(p.init))
                   .set("update", function_json(p.update))
                   .set("view", function_json(p.view))
                   .set("load", function_json(p.load))
                   .set("title", function_json(p.title))
                   .set("load_handler", p.load_id_hex.empty() ? Json(nullptr) : Json(p.load_id_hex))
                   .set("handlers", handlers));
  }
  return Json::object()
      .set("app", m.app)
      .set("namespaces", namespaces)
      .set("pages", pages)
      .set("wire_types", types_json(m, true))
      .set("server_context", m.has_server_context ? Json(where(m.server_context_loc)) : Json(nullptr))
      .set("contract", m.contract_hex);
}

Json contract_json(const AppModel& m) {
  Json handlers = Json::array();
  Json routes = Json::array();
  for (const auto& p : m.pages) {
    for (const auto& h : p.handlers)
      handlers.push(Json::object()
                        .set("namespace", p.name_space)
                        .set("page", p.path)
                        .set("function", p.cpp_namespace + "::" + h.function)
                        .set("request", h.request_type)
                        .set("result", spell(h.result))
                        .set("id", h.id_hex));
    routes.push(Json::object()
                    .set("namespace", p.name_space)
                    .set("page", p.path)
                    .set("route", p.is_not_found ? Json(nullptr) : Json(p.route.pattern))
                    .set("variant", p.route.variant)
                    .set("interactive", p.interactive));
  }
  std::string files;
  for (const auto& p : m.pages) files += (files.empty() ? "" : ", ") + p.include;
  Json contexts = Json::object();
  bool any_context = false;
  for (const auto& ns : m.namespaces)
    if (ns.has_context) {
      contexts.set(ns.name, ns.name + "::ClientContext");
      any_context = true;
    }
  Json out = Json::object();
  out.set("generated_by", "rally-gen " + std::string(generator_version) + " from " + files + ". Do not edit.")
      .set("abi", generated_abi_version)
      .set("app", m.app)
      .set("contract", m.contract_hex)
      .set("routes", routes)
      .set("types", types_json(m, false))
      .set("handlers", handlers);
  if (any_context) out.set("client_contexts", contexts);
  return out;
}

}  // namespace rally::gen
