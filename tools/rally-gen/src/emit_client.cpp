// The client: one unit per page (pages/<ns>/<page>.client.cpp, its PageEntry and RpcBindings) and
// client_<ns>.cpp per namespace, its ClientApp table and main().
#include "emit_internal.hpp"
#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

std::string add_fn(const Page& p) { return "add_" + page_fn(p); }

// update/view/title take the ClientContext first when the page's function does.
std::string context_arg(const Function& f) { return takes_client_context(f) ? "context, " : ""; }

data page_data(const AppModel& m, const Page& p) {
  const Namespace& ns = namespace_of(m, p);
  data d;
  d.set("banner", banner(p.include));
  d.set("abi_check", abi_check());
  d.set("what", page_title(p));
  d.set("name_space", p.name_space);
  d.set("fn", add_fn(p));
  d.set("id_literal", literal(p.path));
  d.set("interactive", p.interactive);
  d.set("cpp_namespace", p.cpp_namespace);
  set_msg_check(d, p);
  data includes{data::type::list};
  if (!p.interactive) {  // a static page has no client code: nothing of it is compiled here
    d.set("includes", includes);
    return d;
  }
  std::vector<std::string> seen;
  if (ns.has_context) add_include(includes, seen, ns.context_include);
  std::vector<const TypeRef*> roots = {&p.model};
  for (const auto& h : p.handlers) {
    roots.push_back(&h.request);
    roots.push_back(&h.result);
  }
  for (const auto& c : codec_headers(m, roots)) add_include(includes, seen, c);
  if (!p.is_not_found) add_include(includes, seen, p.name_space + "/routes.hpp");
  add_include(includes, seen, p.include);
  d.set("includes", includes);

  d.set("route_type", route_type(p));
  d.set("context_type", context_type(ns));
  d.set("not_found", p.is_not_found);
  bool has_load = p.load.present;
  d.set("has_load", has_load);
  d.set("load_id_hex", p.load_id_hex);
  d.set("load_canonical", p.load_canonical);
  bool has_init = !has_load && p.init.present;
  d.set("has_init", has_init);
  if (has_init) {
    CallShape shape = call_shape(p.init, p.route, false);
    std::string args;
    auto add = [&](const std::string& a) { args += (args.empty() ? "" : ", ") + a; };
    if (shape.client_context) add("context");
    if (shape.params)
      for (const Segment* s : route_params(p.route)) add("route." + s->text);
    if (shape.query) add("query");
    d.set("init_params", lambda_params({{"const Route&", "route", shape.params},
                                        {"const rally::Query&", "query", shape.query},
                                        {"const Context&", "context", shape.client_context}}));
    d.set("init_args", args);
    d.set("hydrate_params", !p.is_not_found && (shape.params || shape.query));
  }
  d.set("update_params", lambda_params({{"const Context&", "context", takes_client_context(p.update)},
                                        {"page::Model", "model", true},
                                        {"page::Msg", "msg", true}}));
  d.set("update_args", context_arg(p.update) + "std::move(model), std::move(msg)");
  d.set("view_params", lambda_params({{"const Context&", "context", takes_client_context(p.view)},
                                      {"const page::Model&", "model", true}}));
  d.set("view_args", context_arg(p.view) + "model");
  d.set("has_title", p.title.present);
  d.set("title_params", lambda_params({{"const Context&", "context", takes_client_context(p.title)},
                                       {"const page::Model&", "model", true}}));
  d.set("title_args", context_arg(p.title) + "model");
  data handlers{data::type::list};
  for (const auto& h : p.handlers) {
    data hd;
    hd.set("function", h.function);
    hd.set("id_hex", h.id_hex);
    hd.set("canonical", h.canonical);
    handlers.push_back(hd);
  }
  d.set("handlers", handlers);
  return d;
}

std::string client_table(const AppModel& m, const Namespace& ns, Diagnostics& diags) {
  data d;
  d.set("banner", banner("the page headers of the app " + m.app));
  d.set("abi_check", abi_check());
  d.set("app", m.app);
  d.set("app_literal", literal(m.app));
  d.set("name_space", ns.name);
  d.set("name_space_literal", literal(ns.name));
  d.set("contract_hex", m.contract_hex);
  data includes{data::type::list};
  std::vector<std::string> seen;
  add_include(includes, seen, ns.name + "/routes.hpp");
  if (ns.has_context) add_include(includes, seen, codec_header(m, ns.context_file));
  bool layout = !ns.layout_file.empty() && ns.layout_view.present;
  if (layout) add_include(includes, seen, ns.layout_include);
  d.set("includes", includes);
  data pages{data::type::list};
  for (const auto& p : m.pages) {
    if (p.name_space != ns.name) continue;
    data pd;
    pd.set("fn", add_fn(p));
    pd.set("include", p.include);
    pages.push_back(pd);
  }
  d.set("pages", pages);
  data routed{data::type::list};
  for (const Page* p : routed_pages(m, ns.name)) routed.push_back(data("id", literal(p->path)));
  d.set("routed", routed);
  d.set("has_context", ns.has_context);
  d.set("has_layout", layout);
  if (layout) {
    bool context = takes_client_context(ns.layout_view);
    d.set("layout_params", lambda_params({{"const void*", "context", context}, {"rally::Node", "page", true}}));
    // Before the first context arrives (a test's host) the layout gets a default-constructed one.
    d.set("layout_args", context ? "rally::client::context_of<" + ns.name + "::ClientContext>(context), std::move(page)"
                                 : std::string("std::move(page)"));
  }
  return render_template("client.cpp", d, diags);
}

}  // namespace

std::vector<OutputFile> emit_client(const AppModel& m, Diagnostics& diags) {
  std::vector<OutputFile> out;
  for (const auto& p : m.pages) out.push_back({page_unit(p, "client"), render_template("client_page.cpp", page_data(m, p), diags)});
  for (const auto& ns : m.namespaces) out.push_back({"client_" + ns.name + ".cpp", client_table(m, ns, diags)});
  return out;
}

}  // namespace rally::gen
