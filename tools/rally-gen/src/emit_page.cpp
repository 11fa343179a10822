// What the server and the client units of a page share: their includes, the compile-time event
// check's declarations, and the one-line lambdas that adapt the page's functions to one shape.
#include "emit_internal.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

// A lambda's parameters and the arguments it passes on to the page's function.
struct Call {
  std::string params, args;
};

// init/load: (route, query, context or ctx), passing on what the function takes.
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

// view/title of an interactive page: (context, model); of a static page: (context).
Call context_call(const Function& f, bool model) {
  bool context = takes_client_context(f);
  std::vector<LambdaParam> params = {{"const Context&", "context", context}};
  if (model) params.push_back({"const page::Model&", "model", true});
  std::string args = context ? "context" : "";
  if (model) args += context ? ", model" : "model";
  return {lambda_params(params), args};
}

void set_call(data& d, const std::string& name, const Call& c) {
  d.set(name + "_params", c.params);
  d.set(name + "_args", c.args);
}

}  // namespace

std::string server_context_type(const AppModel& m) { return m.has_server_context ? "::ServerContext" : "rally::NoContext"; }

data page_unit_data(const AppModel& m, const Page& p, Side side) {
  const Namespace& ns = namespace_of(m, p);
  data d;
  d.set("banner", banner(p.include));
  d.set("abi_check", abi_check());
  d.set("what", page_title(p));
  d.set("name_space", p.name_space);
  d.set("cpp_namespace", p.cpp_namespace);
  d.set("id_literal", literal(p.path));
  d.set("not_found", p.is_not_found);
  d.set("interactive", p.interactive);
  d.set("route_type", route_type(p));
  d.set("context_type", context_type(ns));

  // The page's messages, declared ahead of everything that includes its header.
  bool check = p.interactive && p.msg_check && !p.msg_structs.empty();
  d.set("msg_check", check);
  data names{data::type::list};
  for (const auto& n : p.msg_structs) names.push_back(data("name", n));
  d.set("msg_structs", names);

  data includes{data::type::list};
  std::vector<std::string> seen;
  // A static page has no client code: its client unit includes nothing of it.
  if (side == Side::server || p.interactive) {
    if (side == Side::server && m.has_server_context) add_include(includes, seen, m.server_context_include);
    if (ns.has_context) add_include(includes, seen, ns.context_include);
    std::vector<const TypeRef*> roots;
    if (p.interactive) roots.push_back(&p.model);
    for (const auto& h : p.handlers) {
      roots.push_back(&h.request);
      roots.push_back(&h.result);
    }
    // A page with subscriptions() may name any topic: their codecs and ids.
    if (p.interactive && p.subscriptions.present)
      for (const auto& t : m.topics) {
        roots.push_back(&t.key);
        roots.push_back(&t.message);
      }
    // The server messages it takes (client side: decoded into from_server's parameter).
    if (side == Side::client)
      for (const auto& r : p.receivers) roots.push_back(&r.type);
    // The dev inspector's: its messages, described and recorded.
    if (side == Side::client && p.interactive && p.msg_recordable) roots.push_back(&p.msg);
    for (const auto& c : codec_headers(m, roots)) add_include(includes, seen, c);
    if (!p.is_not_found) add_include(includes, seen, p.name_space + "/routes.hpp");
    add_include(includes, seen, p.include);
  }
  d.set("includes", includes);

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

  // Form handlers (server unit only): each with its struct's fields, named like the members.
  data forms{data::type::list};
  for (const auto& f : p.forms) {
    const WireStruct* s = find_struct(m, f.type.name);
    data fd;
    fd.set("function", f.function);
    fd.set("name", literal(f.name));
    data fields{data::type::list};
    for (const auto& field : s ? s->fields : std::vector<Field>{}) {
      data x;
      x.set("member", "&::" + f.type.name + "::" + field.name);
      x.set("name", literal(field.name));
      fields.push_back(x);
    }
    fd.set("fields", fields);
    forms.push_back(fd);
  }
  d.set("has_forms", !p.forms.empty());
  d.set("forms", forms);

  d.set("has_title", p.title.present);
  d.set("render_once", renders_once(p, ns));
  if (!p.interactive) {
    set_call(d, "view", context_call(p.view, false));
    if (p.title.present) set_call(d, "title", context_call(p.title, false));
    return d;
  }
  set_call(d, "view", context_call(p.view, true));
  if (p.title.present) set_call(d, "title", context_call(p.title, true));
  data receivers{data::type::list};
  for (const auto& r : p.receivers) {
    for (const auto& msg : m.server_messages) {
      if (msg.name != r.type_name) continue;
      data rd;
      rd.set("type", "::" + msg.name);
      rd.set("id_hex", msg.id_hex);
      rd.set("canonical", msg.canonical);
      receivers.push_back(rd);
    }
  }
  d.set("has_receivers", !p.receivers.empty());
  d.set("receivers", receivers);
  d.set("msg_recordable", p.has_msg && p.msg_recordable);
  d.set("msg_unrecordable", literal("its Msg cannot be encoded: " + p.msg_unrecordable));
  d.set("has_subscriptions", p.subscriptions.present);
  if (p.subscriptions.present) set_call(d, "subscriptions", context_call(p.subscriptions, true));
  d.set("uses_topics", p.subscriptions.present || !p.receivers.empty());
  d.set("navigates", client_navigates(m, p.name_space));
  bool update_context = takes_client_context(p.update);
  d.set("update_params", lambda_params({{"const Context&", "context", update_context},
                                        {"page::Model", "model", true},
                                        {"page::Msg", "msg", true}}));
  d.set("update_args", std::string(update_context ? "context, " : "") + "std::move(model), std::move(msg)");
  // A page with load() starts from it (and hydrates from its model, never running init()).
  bool has_load = p.load.present;
  d.set("has_load", has_load);
  d.set("has_init", !has_load && p.init.present);
  if (has_load) {
    set_call(d, "load", start_call(m, p, p.load, true));
    d.set("load_id_hex", p.load_id_hex);
    d.set("load_canonical", p.load_canonical);
  } else if (p.init.present) {
    set_call(d, "init", start_call(m, p, p.init, false));
    CallShape shape = call_shape(p.init, p.route, false);
    d.set("hydrate_params", !p.is_not_found && (shape.params || shape.query));
  }
  return d;
}

}  // namespace rally::gen
