// The client: one unit per page (pages/<ns>/<page>.client.cpp, its PageEntry and RpcBindings) and
// client_<ns>.cpp per namespace, its ClientApp table and main().
#include "emit_internal.hpp"
#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

std::string add_fn(const Page& p) { return "add_" + page_fn(p); }

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
  d.set("navigates", client_navigates(m, ns.name));
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
  for (const auto& p : m.pages) {
    data d = page_unit_data(m, p, Side::client);
    d.set("fn", add_fn(p));
    out.push_back({page_unit(p, "client"), render_template("client_page.cpp", d, diags)});
  }
  for (const auto& ns : m.namespaces) out.push_back({"client_" + ns.name + ".cpp", client_table(m, ns, diags)});
  return out;
}

}  // namespace rally::gen
