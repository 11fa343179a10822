// The model as JSON: --dump-model (everything, for tests and debugging) and contract.json (what
// crosses the wire).
#include <boost/json.hpp>

#include "contract.hpp"
#include "emit.hpp"

namespace rally::gen {

namespace {

namespace json = boost::json;

// Boost.JSON writes compact text only; these files are read and diffed by people (and compared
// with golden files), so they get 2-space indentation. Strings are escaped by Boost.JSON.
void pretty(std::string& out, const json::value& v, std::size_t indent) {
  const std::string pad(indent + 2, ' ');
  if (const auto* a = v.if_array(); a && !a->empty()) {
    out += "[\n";
    for (std::size_t i = 0; i < a->size(); ++i) {
      out += pad;
      pretty(out, (*a)[i], indent + 2);
      out += i + 1 < a->size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + ']';
  } else if (const auto* o = v.if_object(); o && !o->empty()) {
    out += "{\n";
    std::size_t i = 0;
    for (const auto& [key, value] : *o) {
      out += pad + json::serialize(key) + ": ";
      pretty(out, value, indent + 2);
      out += ++i < o->size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + '}';
  } else {
    out += json::serialize(v);  // scalars, [] and {}
  }
}

std::string dump(const json::value& v) {
  std::string out;
  pretty(out, v, 0);
  return out + '\n';
}

std::string where(const Location& l) {
  if (l.file.empty()) return "";
  return display_path(l.file) + ":" + std::to_string(l.line) + ":" + std::to_string(l.col);
}

json::value or_null(bool present, std::string s) { return present ? json::value(s) : json::value(nullptr); }

json::object sig_json(const SigType& s) {
  static const char* refs[] = {"value", "const&", "&", "other"};
  return {{"spelled", s.spelled}, {"passed", refs[static_cast<int>(s.ref)]}, {"canonical", s.canonical}};
}

json::value function_json(const Function& f) {
  if (!f.present) return nullptr;
  json::array params;
  for (const auto& p : f.params) params.push_back(json::object{{"name", p.name}, {"type", sig_json(p.type)}});
  return json::object{{"location", where(f.loc)}, {"result", sig_json(f.result)}, {"params", std::move(params)}};
}

json::object handler_json(const Handler& h) {
  return {{"function", h.function}, {"location", where(h.fn.loc)}, {"request", h.request_type},
          {"result", spell(h.result)}, {"canonical", h.canonical}, {"id", h.id_hex}};
}

// `full`: the model dump's list, every type with its location; else contract.json's, the types that
// cross the wire (not the client_only ones).
json::array types_json(const AppModel& m, bool full) {
  const bool locations = full;
  json::array types;
  for (const auto& s : m.structs) {
    if (s.client_only && !full) continue;
    json::array fields;
    for (const auto& f : s.fields) {
      json::object fj{{"name", f.name}, {"type", spell(f.type)}};
      if (locations) fj["location"] = where(f.loc);
      fields.push_back(std::move(fj));
    }
    json::object sj{{"kind", "struct"}, {"name", s.name}};
    if (locations) sj["location"] = where(s.loc);
    if (full && s.client_only) sj["client_only"] = true;
    sj["fields"] = std::move(fields);
    types.push_back(std::move(sj));
  }
  for (const auto& e : m.enums) {
    if (e.client_only && !full) continue;
    json::array values;
    for (const auto& x : e.enumerators) values.push_back(json::object{{"name", x.name}, {"value", x.value}});
    json::object ej{{"kind", "enum"}, {"name", e.name}, {"underlying", e.underlying}};
    if (locations) ej["location"] = where(e.loc);
    if (full && e.client_only) ej["client_only"] = true;
    ej["enumerators"] = std::move(values);
    types.push_back(std::move(ej));
  }
  return types;
}

}  // namespace

std::string model_json(const AppModel& m) {
  json::array namespaces;
  for (const auto& ns : m.namespaces) {
    json::object nj{{"name", ns.name}, {"root", ns.root}, {"pages_dir", display_path(ns.pages_dir)}};
    // Only namespaces that have one say so, so that other dumps stay as they were.
    if (ns.has_context)
      nj["client_context"] = json::object{{"type", ns.name + "::ClientContext"}, {"location", where(ns.context_loc)}};
    namespaces.push_back(std::move(nj));
  }
  json::array pages;
  for (const auto& p : m.pages) {
    json::array params;
    for (const auto& s : p.route.segments)
      if (s.dynamic) params.push_back(json::object{{"name", s.text}, {"type", s.is_int ? "std::int64_t" : "std::string"}});
    json::array handlers;
    for (const auto& h : p.handlers) handlers.push_back(handler_json(h));
    pages.push_back(json::object{
        {"file", display_path(p.file)},
        {"location", where(p.loc)},
        {"include", p.include},
        {"path", p.path},
        {"namespace", p.name_space},
        {"cpp_namespace", p.cpp_namespace},
        {"route", or_null(!p.is_not_found, p.route.pattern)},
        {"route_variant", p.route.variant},
        {"route_params", std::move(params)},
        {"interactive", p.interactive},
        {"model", or_null(p.interactive, where(p.model_loc))},
        {"msg", or_null(p.has_msg, p.msg_canonical)},
        // The dev inspector: true, or why the page's messages cannot be recorded.
        {"msg_recordable", p.msg_recordable ? json::value(true) : json::value(p.msg_unrecordable)},
        {"init", function_json(p.init)},
        {"update", function_json(p.update)},
        {"view", function_json(p.view)},
        {"load", function_json(p.load)},
        {"title", function_json(p.title)},
        {"load_handler", or_null(!p.load_id_hex.empty(), p.load_id_hex)},
        {"handlers", std::move(handlers)}});
  }
  return dump(json::object{{"app", m.app},
                           {"namespaces", std::move(namespaces)},
                           {"pages", std::move(pages)},
                           {"wire_types", types_json(m, true)},
                           {"server_context", or_null(m.has_server_context, where(m.server_context_loc))},
                           {"make_server_context", function_json(m.make_server_context)},
                           {"contract", m.contract_hex}});
}

std::string contract_json(const AppModel& m) {
  json::array handlers;
  json::array routes;
  for (const auto& p : m.pages) {
    for (const auto& h : p.handlers)
      handlers.push_back(json::object{{"namespace", p.name_space},
                                      {"page", p.path},
                                      {"function", p.cpp_namespace + "::" + h.function},
                                      {"request", h.request_type},
                                      {"result", spell(h.result)},
                                      {"id", h.id_hex}});
    routes.push_back(json::object{{"namespace", p.name_space},
                                  {"page", p.path},
                                  {"route", or_null(!p.is_not_found, p.route.pattern)},
                                  {"variant", p.route.variant},
                                  {"interactive", p.interactive}});
  }
  std::string files;
  for (const auto& p : m.pages) files += (files.empty() ? "" : ", ") + p.include;
  json::object contexts;
  for (const auto& ns : m.namespaces)
    if (ns.has_context) contexts[ns.name] = ns.name + "::ClientContext";
  json::object out{{"generated_by", "rally-gen " + std::string(generator_version) + " from " + files + ". Do not edit."},
                   {"abi", generated_abi_version},
                   {"app", m.app},
                   {"contract", m.contract_hex},
                   {"routes", std::move(routes)},
                   {"types", types_json(m, false)},
                   {"handlers", std::move(handlers)}};
  if (!contexts.empty()) out["client_contexts"] = std::move(contexts);
  return dump(out);
}

}  // namespace rally::gen
