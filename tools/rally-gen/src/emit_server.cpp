// The server: one unit per page (pages/<ns>/<page>.server.cpp, its rendering and server calls as a
// rally::server::Page) and server.cpp, the app's tables of namespaces, routes and pages.
#include <algorithm>

#include "emit_internal.hpp"
#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

std::string server_table(const AppModel& m, Diagnostics& diags) {
  data d;
  d.set("banner", banner("the page headers of the app " + m.app));
  d.set("abi_check", abi_check());
  d.set("app", m.app);
  d.set("app_literal", literal(m.app));
  d.set("contract_hex", m.contract_hex);
  d.set("has_server_context", m.has_server_context && !m.make_server_context.present);
  d.set("has_make_server_context", m.has_server_context && m.make_server_context.present);
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
    for (const auto& p : m.pages)
      if (p.name_space == ns.name && p.path == "sign_in") nd.set("sign_in_literal", literal(p.route.pattern));
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
  // The app's topics: which ids a socket may subscribe to, and who (a topic's authorize). The
  // codecs of a topic with authorize decode its key here.
  data topics{data::type::list};
  for (const auto& t : m.topics) {
    data td;
    td.set("id_hex", t.id_hex);
    td.set("canonical", t.canonical);
    td.set("has_authorize", t.authorize.present);
    td.set("name", t.name);
    topics.push_back(td);
    if (t.authorize.present) {
      add_include(includes, seen, include_spelling(t.loc.file, m.include_dirs));
      add_include(includes, seen, codec_header(m, t.loc.file));
    }
  }
  d.set("has_topics", !m.topics.empty());
  d.set("topics", topics);
  // The app's job types: run by the server's job runner, enqueued through job_ops<T>().
  data jobs{data::type::list};
  for (const auto& j : m.jobs) {
    jobs.push_back(data("name", j.name));
    add_include(includes, seen, include_spelling(j.loc.file, m.include_dirs));
    add_include(includes, seen, codec_header(m, j.loc.file));
  }
  d.set("has_jobs", !m.jobs.empty() && m.has_server_context);
  d.set("jobs", jobs);
  d.set("includes", includes);
  d.set("namespaces", namespaces);
  return render_template("server.cpp", d, diags);
}

}  // namespace

std::vector<OutputFile> emit_server(const AppModel& m, Diagnostics& diags) {
  std::vector<OutputFile> out;
  for (const auto& p : m.pages) {
    data d = page_unit_data(m, p, Side::server);
    d.set("fn", "page_" + page_fn(p));
    d.set("server_context", server_context_type(m));
    d.set("has_policy", p.has_policy);
    d.set("has_authorize", p.authorize.present);
    out.push_back({page_unit(p, "server"), render_template("server_page.cpp", d, diags)});
  }
  out.push_back({"server.cpp", server_table(m, diags)});
  return out;
}

}  // namespace rally::gen
