// The server: one unit per page (pages/<ns>/<page>.server.cpp, its rendering and server calls as a
// rally::server::Page) and server.cpp, the app's tables of namespaces, routes and pages.
#include <algorithm>

#include "emit_internal.hpp"
#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

std::string server_context_type(const AppModel& m) { return m.has_server_context ? "::ServerContext" : "rally::NoContext"; }

// The arguments a page function takes from the lambda's (route, query, context/ctx) parameters.
struct Call {
  std::string params, args;
};

Call start_call(const AppModel& m, const Page& p, const Function& f, bool load) {
  CallShape shape = call_shape(f, p.route, load);
  std::string args;
  auto add = [&](const std::string& a) { args += (args.empty() ? "" : ", ") + a; };
  if (shape.client_context) add("context");
  if (shape.params)
    for (const Segment* s : route_params(p.route)) add("route." + s->text);
  if (shape.query) add("query");
  if (shape.context) add("ctx");
  std::vector<LambdaParam> params = {{"const Route&", "route", shape.params}, {"const rally::Query&", "query", shape.query}};
  if (load) params.push_back({server_context_type(m) + "&", "ctx", shape.context});
  else params.push_back({"const Context&", "context", shape.client_context});
  return {lambda_params(params), args};
}

// view/title of an interactive page: (context, model).
Call model_call(const Function& f) {
  bool context = takes_client_context(f);
  return {lambda_params({{"const Context&", "context", context}, {"const page::Model&", "model", true}}),
          context ? "context, model" : "model"};
}

// view/title of a static page: (context).
Call static_call(const Function& f) {
  bool context = takes_client_context(f);
  return {lambda_params({{"const Context&", "context", context}}), context ? "context" : ""};
}

data page_data(const AppModel& m, const Page& p) {
  const Namespace& ns = namespace_of(m, p);
  data d;
  d.set("banner", banner(p.include));
  d.set("abi_check", abi_check());
  d.set("what", page_title(p));
  d.set("fn", "page_" + page_fn(p));
  d.set("cpp_namespace", p.cpp_namespace);
  d.set("route_type", route_type(p));
  d.set("context_type", context_type(ns));
  d.set("server_context", server_context_type(m));
  d.set("id_literal", literal(p.path));
  d.set("not_found", p.is_not_found);
  d.set("interactive", p.interactive);
  set_msg_check(d, p);

  data includes{data::type::list};
  std::vector<std::string> seen;
  if (m.has_server_context) add_include(includes, seen, m.server_context_include);
  if (ns.has_context) add_include(includes, seen, ns.context_include);
  std::vector<const TypeRef*> roots;
  if (p.interactive) roots.push_back(&p.model);
  for (const auto& h : p.handlers) {
    roots.push_back(&h.request);
    roots.push_back(&h.result);
  }
  for (const auto& c : codec_headers(m, roots)) add_include(includes, seen, c);
  if (!p.is_not_found) add_include(includes, seen, p.name_space + "/routes.hpp");
  add_include(includes, seen, p.include);
  d.set("includes", includes);

  if (!p.interactive) {
    Call view = static_call(p.view);
    d.set("view_params", view.params);
    d.set("view_args", view.args);
    d.set("has_title", p.title.present);
    if (p.title.present) {
      Call title = static_call(p.title);
      d.set("title_params", title.params);
      d.set("title_args", title.args);
    }
    return d;
  }
  bool has_load = p.load.present;
  d.set("has_load", has_load);
  d.set("has_init", !has_load && p.init.present);
  if (has_load) {
    Call load = start_call(m, p, p.load, true);
    d.set("load_params", load.params);
    d.set("load_args", load.args);
    d.set("load_id_hex", p.load_id_hex);
    d.set("load_canonical", p.load_canonical);
  } else if (p.init.present) {
    Call init = start_call(m, p, p.init, false);
    d.set("init_params", init.params);
    d.set("init_args", init.args);
    CallShape shape = call_shape(p.init, p.route, false);
    d.set("hydrate_params", !p.is_not_found && (shape.params || shape.query));
  }
  Call view = model_call(p.view);
  d.set("view_params", view.params);
  d.set("view_args", view.args);
  d.set("has_title", p.title.present);
  if (p.title.present) {
    Call title = model_call(p.title);
    d.set("title_params", title.params);
    d.set("title_args", title.args);
  }
  data handlers{data::type::list};
  for (const auto& h : p.handlers) {
    data hd;
    hd.set("function", h.function);
    hd.set("id_hex", h.id_hex);
    hd.set("canonical", h.canonical);
    handlers.push_back(hd);
  }
  d.set("has_handlers", !p.handlers.empty());
  d.set("handlers", handlers);
  return d;
}

std::string server_table(const AppModel& m, Diagnostics& diags) {
  data d;
  d.set("banner", banner("the page headers of the app " + m.app));
  d.set("abi_check", abi_check());
  d.set("app", m.app);
  d.set("app_literal", literal(m.app));
  d.set("contract_hex", m.contract_hex);
  d.set("has_server_context", m.has_server_context);
  data includes{data::type::list};
  std::vector<std::string> seen;
  if (m.has_server_context) add_include(includes, seen, m.server_context_include);
  data namespaces{data::type::list};
  for (const auto& ns : m.namespaces) {
    add_include(includes, seen, ns.name + "/routes.hpp");
    if (ns.has_context) add_include(includes, seen, codec_header(m, ns.context_file));
    if (!ns.layout_file.empty()) add_include(includes, seen, ns.layout_include);

    data nd;
    nd.set("name", ns.name);
    nd.set("name_literal", literal(ns.name));
    nd.set("script_literal", literal("/_rally/" + ns.name + ".js"));
    const Page* not_found = nullptr;
    data pages{data::type::list};
    for (const auto& p : m.pages) {
      if (p.name_space != ns.name) continue;
      if (p.is_not_found) not_found = &p;
      data pd;
      pd.set("fn", "page_" + page_fn(p));
      pd.set("include", p.include);
      pages.push_back(pd);
    }
    nd.set("pages", pages);
    data routed{data::type::list};
    for (const Page* p : routed_pages(m, ns.name)) routed.push_back(data("fn", "page_" + page_fn(*p)));
    nd.set("routed", routed);
    if (not_found) nd.set("not_found_fn", "page_" + page_fn(*not_found));
    nd.set("has_context", ns.has_context);
    bool layout = !ns.layout_file.empty() && ns.layout_view.present;
    nd.set("has_layout", layout);
    if (layout) {
      bool context = takes_client_context(ns.layout_view);
      nd.set("layout_params", lambda_params({{"const void*", "context", context}, {"rally::Node", "page", true}}));
      nd.set("layout_args", context ? "*static_cast<const " + ns.name + "::ClientContext*>(context), std::move(page)"
                                    : std::string("std::move(page)"));
    }
    nd.set("has_head", layout && ns.layout_head.present);
    namespaces.push_back(nd);
  }
  d.set("includes", includes);
  d.set("namespaces", namespaces);
  return render_template("server.cpp", d, diags);
}

}  // namespace

std::vector<OutputFile> emit_server(const AppModel& m, Diagnostics& diags) {
  std::vector<OutputFile> out;
  for (const auto& p : m.pages) out.push_back({page_unit(p, "server"), render_template("server_page.cpp", page_data(m, p), diags)});
  out.push_back({"server.cpp", server_table(m, diags)});
  return out;
}

}  // namespace rally::gen
