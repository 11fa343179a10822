// server.cpp: SSR per page (load or init, layout, title), routing with redirects, RPC and load dispatch.
#include <algorithm>

#include "emit_internal.hpp"
#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

// The arguments init()/load() take, reading the route from `route`, the query from `query` and
// the ClientContext from `client_context`.
std::string call_args(const Page& p, const Function& f, bool load, const std::string& ctx) {
  CallShape shape = call_shape(f, p.route, load);
  std::string args;
  auto add = [&](const std::string& a) { args += (args.empty() ? "" : ", ") + a; };
  if (shape.client_context) add("client_context");
  if (shape.params)
    for (const Segment* s : route_params(p.route)) add("route." + s->text);
  if (shape.query) add("query");
  if (shape.context) add(ctx);
  return args;
}

const Namespace& namespace_of(const AppModel& m, const Page& p) {
  for (const auto& ns : m.namespaces)
    if (ns.name == p.name_space) return ns;
  return m.namespaces.front();
}

// "client_context, " when `f` takes the ClientContext first, else "".
std::string context_arg(const Function& f) { return takes_client_context(f) ? "client_context, " : ""; }

data page_data(const AppModel& m, const Page& p) {
  const Namespace& ns = namespace_of(m, p);
  data pd;
  pd.set("path", p.path);
  pd.set("pattern", p.is_not_found ? std::string("not found") : p.route.pattern);
  pd.set("kind", std::string(p.interactive ? "interactive" : "static") + (p.load.present ? ", load" : ""));
  pd.set("render_fn", p.is_not_found ? "render_" + page_fn(p) : std::string("render_page"));
  pd.set("route_param", p.is_not_found ? std::string() : "[[maybe_unused]] const " + route_type(p) + "& route, ");
  pd.set("route_type", route_type(p));
  pd.set("cpp_namespace", p.cpp_namespace);
  pd.set("name_space", p.name_space);
  pd.set("interactive", p.interactive);
  bool has_load = p.interactive && p.load.present;
  pd.set("has_load", has_load);
  // The ClientContext is built after load (which may change the ServerContext) and before init.
  pd.set("has_context", ns.has_context);
  pd.set("context_type", ns.name + "::ClientContext");
  pd.set("make_context", ns.name + "::make_client_context");
  pd.set("needs_server_context", has_load || ns.has_context);
  pd.set("layout_context", ns.has_context ? "client_context, " : "");
  if (p.interactive) {
    pd.set("view_args", context_arg(p.view) + "model");
  } else {
    std::string a = context_arg(p.view);
    pd.set("view_args", a.empty() ? a : std::string("client_context"));
  }
  pd.set("load_args", has_load ? call_args(p, p.load, true, "ctx") : std::string());
  pd.set("init_args", p.init.present ? call_args(p, p.init, false, "") : std::string());
  CallShape init = p.init.present ? call_shape(p.init, p.route, false) : CallShape{};
  pd.set("hydrate_params", !p.is_not_found && (init.params || init.query));
  std::string app_title = "std::string(app_name)";
  pd.set("title_interactive", p.title.present ? "page::title(" + context_arg(p.title) + "model)" : app_title);
  pd.set("title_static", p.title.present ? (takes_client_context(p.title) ? "page::title(client_context)" : "page::title()")
                                         : app_title);
  pd.set("status", p.is_not_found ? "404" : "200");
  pd.set("page_id_literal", literal(p.path));
  pd.set("client_script_literal", literal("/_rally/" + namespace_of(m, p).name + ".js"));
  return pd;
}

}  // namespace

std::string server_cpp(const AppModel& m, Diagnostics& diags) {
  data d = base_data(m);
  d.set("has_server_context", m.has_server_context);
  data pages{data::type::list}, loads{data::type::list};
  // Not-found pages last: namespaces' 404 responses refer to them, and they to nothing.
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& p : m.pages)
      if (p.is_not_found == (pass == 1)) pages.push_back(page_data(m, p));
  for (const auto& p : m.pages) {
    if (!p.interactive || !p.load.present) continue;
    data ld;
    ld.set("id_name", p.load_id_name);
    ld.set("function", p.cpp_namespace + "::load");
    ld.set("pattern", p.route.pattern);
    ld.set("route_type", route_type(p));
    ld.set("args", call_args(p, p.load, true, "conn.ctx"));
    ld.set("has_context", namespace_of(m, p).has_context);
    ld.set("context_ns", p.name_space);
    loads.push_back(ld);
  }
  d.set("pages", pages);
  d.set("loads", loads);

  std::vector<const Namespace*> order;
  for (const auto& ns : m.namespaces) order.push_back(&ns);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->root.size() > b->root.size(); });
  data namespaces{data::type::list};
  for (const Namespace* ns : order) {
    data nd;
    nd.set("name", ns->name);
    bool layout = !ns->layout_file.empty();
    std::string layout_arg = layout && takes_client_context(ns->layout_view) ? "client_context, " : "";
    nd.set("layout_call", layout ? ns->name + "::layout::view(" + layout_arg + "std::move(page))" : std::string("page"));
    nd.set("has_context", ns->has_context);
    nd.set("context_type", ns->name + "::ClientContext");
    nd.set("make_context", ns->name + "::make_client_context");
    nd.set("layout_context", ns->has_context ? "client_context, " : "");
    nd.set("head_call", layout && ns->layout_head.present ? ns->name + "::layout::head()" : std::string("{}"));
    const Page* not_found = nullptr;
    for (const auto& p : m.pages)
      if (p.name_space == ns->name && p.is_not_found) not_found = &p;
    nd.set("has_not_found_page", not_found != nullptr);
    nd.set("not_found_fn", not_found ? "render_" + page_fn(*not_found) : std::string());
    namespaces.push_back(nd);
  }
  d.set("namespaces", namespaces);
  data contexts{data::type::list};
  bool any_context = false;
  for (const auto& ns : m.namespaces)
    if (ns.has_context) {
      contexts.push_back(data("name", ns.name));
      any_context = true;
    }
  d.set("context_namespaces", contexts);
  d.set("has_any_context", any_context);
  d.set("first_namespace", m.namespaces.front().name);
  d.set("handlers", handlers_data(m));
  return render_template("server.cpp", d, diags);
}

}  // namespace rally::gen
