// client_<ns>.cpp: the namespace's ClientApp (route matching, page entries, RPC bindings) and main().
#include "emit_internal.hpp"
#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

// init()'s arguments read from `route` and `query` (PageParams fields) and the Host's context.
std::string init_args(const Page& p) {
  CallShape shape = call_shape(p.init, p.route, false);
  std::string args;
  auto add = [&](const std::string& a) { args += (args.empty() ? "" : ", ") + a; };
  if (shape.client_context) add("client_context(host)");
  if (shape.params)
    for (const Segment* s : route_params(p.route)) add("route." + s->text);
  if (shape.query) add("query");
  return args;
}

// "client_context(host), " when `f` takes the ClientContext first, else "".
std::string context_arg(const Function& f) { return takes_client_context(f) ? "client_context(host), " : ""; }

}  // namespace

std::string client_cpp(const AppModel& m, const Namespace& ns, Diagnostics& diags) {
  data d = base_data(m);
  d.set("name_space", ns.name);
  d.set("name_space_literal", literal(ns.name));
  std::string layout_arg = ns.layout_file.empty() ? "" : context_arg(ns.layout_view);
  d.set("layout_call", ns.layout_file.empty() ? std::string("page") : ns.name + "::layout::view(" + layout_arg + "std::move(page))");
  d.set("has_context", ns.has_context);
  d.set("context_type", ns.name + "::ClientContext");
  data routes{data::type::list};
  for (const Page* p : routed_pages(m, ns.name)) {
    data r;
    r.set("route_type", route_type(*p));
    r.set("page_id_literal", literal(p->path));
    routes.push_back(r);
  }
  d.set("routes", routes);
  data pages{data::type::list}, static_pages{data::type::list};
  for (const auto& p : m.pages) {
    if (p.name_space != ns.name) continue;
    if (!p.interactive) {
      data sd;
      sd.set("path", p.path);
      sd.set("page_id_literal", literal(p.path));
      static_pages.push_back(sd);
      continue;
    }
    bool has_load = p.load.present;
    CallShape init = p.init.present ? call_shape(p.init, p.route, false) : CallShape{};
    data pd;
    pd.set("path", p.path);
    pd.set("fn", page_fn(p));
    pd.set("page_id_literal", literal(p.path));
    pd.set("cpp_namespace", p.cpp_namespace);
    pd.set("route_type", route_type(p));
    pd.set("title", p.title.present ? "page::title(" + context_arg(p.title) + "m)"
                                    : std::string("std::string(rally_generated::app_name)"));
    pd.set("update_context", context_arg(p.update));
    pd.set("view_context", context_arg(p.view));
    // Lambdas capture the host only where they read the context (unused captures warn).
    pd.set("update_capture", takes_client_context(p.update) ? "&host" : "");
    pd.set("view_capture", ns.has_context ? "&host" : "");
    pd.set("title_capture", p.title.present && takes_client_context(p.title) ? "&host" : "");
    pd.set("layout_host", ns.has_context ? "host, " : "");
    pd.set("hydrate_params", !has_load && !p.is_not_found && (init.params || init.query));
    // A page with load() hydrates from the loaded model and never runs init().
    pd.set("hydrate_runs_init", !has_load && p.init.present);
    pd.set("init_args", p.init.present ? init_args(p) : std::string());
    pd.set("has_init", !has_load && p.init.present && !p.is_not_found);
    pd.set("has_load", has_load);
    pd.set("load_id_name", p.load_id_name);
    pages.push_back(pd);
  }
  d.set("pages", pages);
  d.set("static_pages", static_pages);
  d.set("handlers", handlers_data(m, ns.name));
  return render_template("client.cpp", d, diags);
}

}  // namespace rally::gen
