// The page contract: required declarations, signatures, server handlers, wire types, ids.
#include "validate.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "routes.hpp"
#include "signatures.hpp"

namespace rally::gen {

namespace {

using Ref = SigType::Ref;

bool by_value_or_const_ref(const SigType& t, const std::string& canonical) {
  return (t.ref == Ref::value || t.ref == Ref::const_lvalue) && t.canonical == canonical;
}

std::string signature(const Function& f) {
  std::string s = f.result.spelled + " " + f.name + "(";
  for (std::size_t i = 0; i < f.params.size(); ++i) s += (i ? ", " : "") + f.params[i].type.spelled;
  return s + ")";
}

std::string short_name(const std::string& q) {
  auto pos = q.rfind("::");
  return pos == std::string::npos ? q : q.substr(pos + 2);
}

const Namespace* namespace_of(const AppModel& m, const Page& p) {
  for (const auto& ns : m.namespaces)
    if (ns.name == p.name_space) return &ns;
  return nullptr;
}

// "[const ClientContext&, ]" in the expected form of a signature, when the namespace has one.
std::string context_hint(const Namespace* ns) { return ns && ns->has_context ? "[const ClientContext&, ]" : ""; }

// A function that takes a ClientContext first must take its own namespace's, by value or const&.
// `what` names the function in the message ("update", "the layout's view").
void check_context_param(const Function& f, const std::string& what, const Namespace* ns, Diagnostics& d) {
  if (!takes_client_context(f)) return;
  const SigType& t = f.params.front().type;
  std::string name = ns ? ns->name : std::string("?");
  if (!ns || !ns->has_context) {
    std::string where = ns ? display_path((std::filesystem::path(ns->pages_dir).parent_path() / "client_context.hpp").string())
                           : std::string("client_context.hpp");
    d.error(f.loc, what + " takes '" + t.spelled + "', but namespace " + name + " has no ClientContext (declare it in " +
                       where + ")");
  } else if (t.decl != ns->name + "::ClientContext") {
    d.error(f.loc, what + " takes '" + t.spelled + "', which is not namespace " + name + "'s ClientContext");
  } else if (t.ref != Ref::value && t.ref != Ref::const_lvalue) {
    d.error(f.loc, what + " must take the context as 'const ClientContext&', not '" + t.spelled +
                       "' (pages change it with rally::effect::set_context)");
  }
}

// The parameters after an optional leading ClientContext.
std::vector<Param> without_context(const Function& f) {
  std::vector<Param> rest = f.params;
  if (takes_client_context(f)) rest.erase(rest.begin());
  return rest;
}

void check_interactive(const Page& p, const Namespace* ns, Diagnostics& d) {
  const std::string& model = p.model_canonical;
  const std::string& msg = p.msg_canonical;
  if (!p.has_msg) d.error(p.model_loc, "page '" + p.path + "' has a Model but no Msg type");
  if (!p.init.present && !p.load.present)
    d.error(p.model_loc, "page '" + p.path + "' has a Model but neither init() returning rally::Init<Model, Msg> nor load()");
  if (!p.update.present)
    d.error(p.model_loc, "page '" + p.path + "' has a Model but no update(Model, Msg) returning rally::Update<Model, Msg>");
  if (!p.view.present)
    d.error(p.model_loc, "page '" + p.path + "' has a Model but no view(const Model&) returning rally::Element<Msg>");
  if (!p.has_msg) return;

  auto returns_update = [&](const Function& f) {
    return f.result.ref == Ref::value && f.result.decl == "rally::Update" &&
           f.result.args == std::vector<std::string>{model, msg};
  };
  const std::string ctx = context_hint(ns);
  if (p.update.present) {
    const auto& f = p.update;
    auto rest = without_context(f);
    bool ok = returns_update(f) && rest.size() == 2 && by_value_or_const_ref(rest[0].type, model) &&
              by_value_or_const_ref(rest[1].type, msg);
    if (!ok)
      d.error(f.loc, "update must be declared as 'rally::Update<Model, Msg> update(" + ctx + "Model, Msg)', not '" +
                         signature(f) + "'");
    check_context_param(f, "update", ns, d);
  }
  if (p.view.present) {
    const auto& f = p.view;
    auto rest = without_context(f);
    bool ok = f.result.ref == Ref::value && f.result.decl == "rally::Element" &&
              f.result.args == std::vector<std::string>{msg} && rest.size() == 1 &&
              rest[0].type.ref == Ref::const_lvalue && rest[0].type.canonical == model;
    if (!ok)
      d.error(f.loc, "view must be declared as 'rally::Element<Msg> view(" + ctx + "const Model&)', not '" +
                         signature(f) + "'");
    check_context_param(f, "view", ns, d);
  }
  if (p.init.present) {
    const auto& f = p.init;
    std::string params = route_params_text(p.route);
    if (!returns_update(f))
      d.error(f.loc, "init must return rally::Init<Model, Msg>, not '" + f.result.spelled + "'");
    if (p.is_not_found && !without_context(f).empty())
      d.error(f.loc, "the init of the not_found_ page takes no parameters" +
                         std::string(ctx.empty() ? "" : " (but the ClientContext)") + ", not '" + signature(f) + "'");
    else if (!call_shape(f, p.route, false).ok)
      d.error(f.loc, "init must take " + std::string(ctx.empty() ? "" : "an optional 'const ClientContext&', then ") +
                         "no parameters" + (params.empty() ? std::string() : " or the route's (" + params + ")") +
                         ", optionally followed by 'const rally::Query&', not '" + signature(f) + "'");
    check_context_param(f, "init", ns, d);
  }
  if (p.load.present) {
    const auto& f = p.load;
    std::string params = route_params_text(p.route);
    bool returns_load = f.result.ref == Ref::value && f.result.decl == "rally::Load" &&
                        f.result.args == std::vector<std::string>{model};
    if (!returns_load) d.error(f.loc, "load must return rally::Load<Model>, not '" + f.result.spelled + "'");
    bool takes_client = false;
    for (const auto& param : f.params) takes_client = takes_client || is_client_context(param.type);
    if (p.is_not_found)
      d.error(f.loc, "the not_found_ page cannot have load(): it is what a load's rally::not_found() shows");
    else if (takes_client)
      d.error(f.loc, "load does not take the ClientContext: it runs on the server with 'ServerContext&' (call "
                     "make_client_context(ctx) there if it needs one), not '" + signature(f) + "'");
    else if (!call_shape(f, p.route, true).ok)
      d.error(f.loc, "load must be declared as 'rally::Load<Model> load(" + (params.empty() ? "" : params + ", ") +
                         "[const rally::Query&, ]ServerContext&)', not '" + signature(f) + "'");
  }
  if (p.subscriptions.present) {
    const auto& f = p.subscriptions;
    auto rest = without_context(f);
    bool ok = f.result.ref == Ref::value && f.result.decl == "std::vector" &&
              !f.result.args.empty() && f.result.args[0] == "rally::Subscription" && rest.size() == 1 &&
              rest[0].type.ref == Ref::const_lvalue && rest[0].type.canonical == model;
    if (!ok)
      d.error(f.loc, "subscriptions must be declared as 'std::vector<rally::Subscription> subscriptions(" + ctx +
                         "const Model&)', not '" + signature(f) + "'");
    check_context_param(f, "subscriptions", ns, d);
  }
  if (p.title.present) {
    const auto& f = p.title;
    auto rest = without_context(f);
    bool ok = f.result.ref == Ref::value && is_std_string(f.result) && rest.size() == 1 &&
              by_value_or_const_ref(rest[0].type, model);
    if (!ok)
      d.error(f.loc, "title must be declared as 'std::string title(" + ctx + "const Model&)', not '" + signature(f) + "'");
    check_context_param(f, "title", ns, d);
  }
}

void check_static(const Page& p, const Namespace* ns, Diagnostics& d) {
  const std::string ctx = ns && ns->has_context ? "[const ClientContext&]" : "";
  if (!p.view.present) {
    d.error(p.loc, "static page '" + p.path + "' has no view() (a page without Model needs 'rally::Node view()')");
    return;
  }
  const auto& f = p.view;
  bool ok = without_context(f).empty() && f.result.ref == Ref::value &&
            (f.result.decl == "rally::Node" || f.result.decl == "rally::Element");
  if (!ok)
    d.error(f.loc, "the view of static page '" + p.path + "' must be declared as 'rally::Node view(" + ctx + ")', not '" +
                       signature(f) + "'");
  check_context_param(f, "view", ns, d);
  if (p.title.present) {
    const auto& t = p.title;
    if (!(t.result.ref == Ref::value && is_std_string(t.result) && without_context(t).empty()))
      d.error(t.loc, "the title of static page '" + p.path + "' must be declared as 'std::string title(" + ctx +
                         ")', not '" + signature(t) + "'");
    check_context_param(t, "title", ns, d);
  }
  for (const Function* f : {&p.init, &p.load})
    if (f->present)
      d.error(f->loc, "static page '" + p.path + "' declares " + f->name + "() but no Model; " + f->name +
                          " belongs to interactive pages");
}

// `Msg from_server(T)`: T a struct taken by value or const& (what it returns, the compiler checks).
void check_receivers(const Page& p, Diagnostics& d) {
  for (const auto& r : p.receivers) {
    if (!p.interactive) {
      d.error(r.fn.loc, "static page '" + p.path + "' declares from_server() but no Model and Msg; server messages "
                        "belong to interactive pages");
    } else if (r.type_name.empty()) {
      d.error(r.fn.loc, "from_server must take one server message struct, by value or const&, e.g. 'Msg from_server(Typing "
                        "message)', not '" + signature(r.fn) + "'");
    }
  }
}

void check_layout(const Namespace& ns, Diagnostics& d) {
  if (ns.layout_file.empty()) return;
  if (!ns.layout_namespace_found) {
    d.error(ns.layout_loc, "layout.hpp must declare its contents in namespace " + ns.name + "::layout");
    return;
  }
  if (!ns.layout_view.present) {
    d.error(ns.layout_loc, "layout of namespace " + ns.name + " has no 'rally::Node view(rally::Node page)'");
  } else {
    const auto& f = ns.layout_view;
    auto rest = without_context(f);
    bool ok = f.result.ref == Ref::value && f.result.decl == "rally::Node" && rest.size() == 1 &&
              (rest[0].type.ref == Ref::value || rest[0].type.ref == Ref::const_lvalue) && rest[0].type.decl == "rally::Node";
    if (!ok)
      d.error(f.loc, "the layout's view must be declared as 'rally::Node view(" + context_hint(&ns) +
                         "rally::Node page)', not '" + signature(f) + "'");
    check_context_param(f, "the layout's view", &ns, d);
  }
  if (ns.layout_head.present) {
    const auto& f = ns.layout_head;
    if (!(f.result.ref == Ref::value && is_std_string(f.result) && f.params.empty()))
      d.error(f.loc, "the layout's head must be declared as 'std::string head()', not '" + signature(f) + "'");
  }
}

// src/<ns>/client_context.hpp: the struct and the server's way to build it.
// Without make_server_context the runtime default-constructs the ServerContext.
bool needs_default_constructor(const AppModel& m) {
  return m.has_server_context && !m.server_context_default_constructible && !m.make_server_context.present;
}

void check_make_server_context(const AppModel& m, Diagnostics& d) {
  const Function& f = m.make_server_context;
  if (!f.present) return;
  if (!m.has_server_context) {
    d.error(f.loc, "make_server_context makes a ServerContext, but there is no 'struct ServerContext' at the top level of a header");
    return;
  }
  const bool ok = f.result.ref == SigType::Ref::value && f.result.decl == "ServerContext" && f.params.size() == 1 &&
                  f.params[0].type.ref == SigType::Ref::const_lvalue && f.params[0].type.decl == "rally::Request";
  if (!ok)
    d.error(f.loc, "make_server_context must be declared as 'ServerContext make_server_context(const rally::Request&)', not '" +
                       signature(f) + "'");
}

bool protected_page(const Page& p) { return (p.has_policy && p.policy_signed_in) || p.authorize.present; }

// The page's access rules, and the sign-in page its namespace needs to send signed-out users to.
void check_policy(const AppModel& m, const Page& p, Diagnostics& d) {
  if (p.has_policy && p.policy_type != "rally::Policy") {
    d.error(p.policy_loc, "policy must be declared as 'inline constexpr rally::Policy policy = rally::Policy::signed_in;', not of type '" +
                              p.policy_type + "'");
    return;
  }
  const Function& f = p.authorize;
  if (f.present) {
    const bool ok = f.result.spelled == "bool" && f.params.size() == 1 && is_server_context(f.params[0].type);
    if (!m.has_server_context)
      d.error(f.loc, "authorize(ServerContext&) needs a 'struct ServerContext' at the top level of a header");
    else if (!ok)
      d.error(f.loc, "authorize must be declared as 'bool authorize(ServerContext& ctx)', not '" + signature(f) + "'");
  }
  if (!protected_page(p)) return;
  const Location at = f.present ? f.loc : p.policy_loc;
  if (p.path == "sign_in") {
    d.error(at, "the sign-in page cannot require sign-in: signed-out users are sent to it");
    return;
  }
  const bool has_sign_in = std::any_of(m.pages.begin(), m.pages.end(), [&](const Page& q) {
    return q.name_space == p.name_space && q.path == "sign_in";
  });
  if (!has_sign_in)
    d.error(at, "page '" + p.path + "' requires sign-in, but namespace " + p.name_space +
                    " has no sign-in page to send signed-out users to: add pages/sign_in.hpp");
}

void check_context(const AppModel& m, const Namespace& ns, Diagnostics& d) {
  if (ns.context_file.empty()) return;
  if (!ns.has_context) {
    d.error(ns.context_loc, "client_context.hpp must define 'struct ClientContext' in namespace " + ns.name);
    return;
  }
  const auto& f = ns.make_context;
  if (!f.present) {
    d.error(ns.context_loc, "namespace " + ns.name + " has a ClientContext but no 'ClientContext make_client_context(ServerContext&)' "
                            "(the server builds the context for every request)");
    return;
  }
  bool ok = f.result.ref == Ref::value && f.result.canonical == ns.context_canonical && f.params.size() == 1 &&
            is_server_context(f.params[0].type);
  if (!ok)
    d.error(f.loc, "make_client_context must be declared as 'ClientContext make_client_context(ServerContext&)', not '" +
                       signature(f) + "'");
  else if (needs_default_constructor(m))
    d.error(m.server_context_loc, "ServerContext must be default-constructible (or made by 'ServerContext "
                                  "make_server_context(const rally::Request&)'): every request and WebSocket gets a new one");
}

void check_handler(const AppModel& m, const Handler& h, Diagnostics& d) {
  const auto& f = h.fn;
  std::string expected = "'const " + h.expected_request + "&'";
  const SigType* p0 = f.params.size() > 0 ? &f.params[0].type : nullptr;
  const SigType* p1 = f.params.size() > 1 ? &f.params[1].type : nullptr;
  if (!p0 || p0->ref != Ref::const_lvalue || !p0->is_record || !p0->args.empty() || short_name(p0->decl) != h.expected_request)
    d.error(f.loc, h.function + "'s first parameter must be " + expected + ", a struct named after the handler, not '" +
                       (p0 ? p0->spelled : std::string("nothing")) + "'");
  if (!p1 || p1->ref != Ref::lvalue || p1->decl != "ServerContext")
    d.error(f.loc, h.function + "'s second parameter must be 'ServerContext&', not '" + (p1 ? p1->spelled : std::string("nothing")) + "'");
  if (f.params.size() > 2)
    d.error(f.loc, h.function + " takes " + std::to_string(f.params.size()) + " parameters; expected (const " +
                       h.expected_request + "&, ServerContext&)");
  if (f.result.decl != "rally::Result" || f.result.ref != Ref::value)
    d.error(f.loc, h.function + " must return rally::Result<T, E>, not '" + f.result.spelled + "'");
  if (p1 && p1->decl == "ServerContext" && needs_default_constructor(m))
    d.error(m.server_context_loc, "ServerContext must be default-constructible (or made by 'ServerContext "
                                  "make_server_context(const rally::Request&)'): every WebSocket connection gets a new one");
}

// A value a form field can hold: text, a checkbox, a number.
bool form_scalar(const TypeRef& t) {
  return t.kind == TypeKind::string || t.kind == TypeKind::boolean || t.kind == TypeKind::integer || t.kind == TypeKind::floating;
}

void check_form(const AppModel& m, const Page& p, const Form& form, Diagnostics& d) {
  const Function& f = form.fn;
  const std::string model = p.interactive ? "Model" : "";
  const std::string shape = "'rally::FormResult<" + model + "> " + form.function + "(const <Form>& form, ServerContext& ctx)'";
  const SigType* p0 = f.params.size() > 0 ? &f.params[0].type : nullptr;
  const SigType* p1 = f.params.size() > 1 ? &f.params[1].type : nullptr;
  const bool result_ok = f.result.ref == Ref::value && f.result.decl == "rally::FormResult" && f.result.args.size() == 1 &&
                         f.result.args[0] == (p.interactive ? p.model_canonical : std::string("void"));
  if (!m.has_server_context) {
    d.error(f.loc, form.function + " takes ServerContext&, but there is no 'struct ServerContext' at the top level of a header");
    return;
  }
  if (f.params.size() != 2 || !p0 || form.type.kind != TypeKind::structure || !p1 || !is_server_context(*p1) || !result_ok) {
    d.error(f.loc, form.function + " must be declared as " + shape + ", with <Form> a struct of the form's fields, not '" +
                       signature(f) + "'" +
                       (!result_ok && !p.interactive ? " (a page without a Model can only redirect: rally::FormResult<>)" : ""));
    return;
  }
  if (needs_default_constructor(m))
    d.error(m.server_context_loc, "ServerContext must be default-constructible (or made by 'ServerContext "
                                  "make_server_context(const rally::Request&)'): every request gets a new one");
  const WireStruct* s = find_struct(m, form.type.name);
  if (!s) return;
  if (!s->flaw.empty()) {
    d.error(s->loc, "form struct " + s->short_name + " of " + form.function + " cannot hold a form (" + s->flaw + ")");
    return;
  }
  for (const Field& field : s->fields) {
    const TypeRef& t = field.type;
    const bool ok = form_scalar(t) || ((t.kind == TypeKind::optional || t.kind == TypeKind::vector) &&
                                       form_scalar(t.args[0]) && t.args[0].kind != TypeKind::boolean);
    if (!ok)
      d.error(field.loc, "form field " + s->short_name + "::" + field.name + " has type '" + spell(t) +
                             "'; a form field is std::string, bool, an integer, a floating-point number, or a std::optional or "
                             "std::vector of one of those (not bool)");
    if (!field.name.empty() && field.name.front() == '_')
      d.error(field.loc, "form field " + s->short_name + "::" + field.name +
                             " starts with '_', which Rally keeps for its own fields (_form, _csrf)");
  }
}

void check_topic(const AppModel& m, const Topic& t, Diagnostics& d) {
  const Function& f = t.authorize;
  if (!f.present) return;
  const bool ok = t.authorize_static && f.result.spelled == "bool" && f.params.size() == 2 &&
                  f.params[0].type.ref == Ref::const_lvalue && f.params[0].type.decl == t.name &&
                  is_server_context(f.params[1].type);
  if (!m.has_server_context)
    d.error(f.loc, "authorize of topic " + t.name + " takes ServerContext&, but there is no 'struct ServerContext' at the top level of a header");
  else if (!ok)
    d.error(f.loc, "a topic's authorize must be declared as 'static bool authorize(const " + short_name(t.name) +
                       "& topic, ServerContext& ctx)', not '" + signature(f) + "'" + (t.authorize_static ? "" : " (not static)"));
}

void check_job(const AppModel& m, const JobType& j, Diagnostics& d) {
  const Function& f = j.perform;
  const bool ok = j.perform_static && f.result.spelled == "void" && f.params.size() == 2 &&
                  f.params[0].type.ref == Ref::const_lvalue && f.params[0].type.decl == j.name &&
                  is_server_context(f.params[1].type);
  if (!m.has_server_context)
    d.error(f.loc, "job " + j.name + " takes ServerContext&, but there is no 'struct ServerContext' at the top level of a header");
  else if (!ok)
    d.error(f.loc, "a job's perform must be declared as 'static void perform(const " + short_name(j.name) +
                       "& job, ServerContext& ctx)', not '" + signature(f) + "'" + (j.perform_static ? "" : " (not static)"));
}

void check_type(const AppModel& m, const TypeRef& t, const std::string& path, const Location& loc,
                std::set<std::string>& done, Diagnostics& d) {
  switch (t.kind) {
    case TypeKind::unsupported:
      d.error(loc, path + " has type '" + t.name + "', which cannot cross the wire" + (t.why.empty() ? "" : " (" + t.why + ")"));
      return;
    case TypeKind::vector:
    case TypeKind::optional:
      check_type(m, t.args[0], path + (t.kind == TypeKind::vector ? "[]" : ""), loc, done, d);
      return;
    case TypeKind::map: {
      TypeKind k = t.args[0].kind;
      if (k != TypeKind::string && k != TypeKind::integer)
        d.error(loc, path + " has map key type '" + spell(t.args[0]) + "', which cannot cross the wire (keys must be strings or integers)");
      check_type(m, t.args[1], path + "[]", loc, done, d);
      return;
    }
    case TypeKind::variant:
    case TypeKind::result:
      for (const auto& a : t.args) check_type(m, a, path, loc, done, d);
      return;
    case TypeKind::structure: {
      if (!done.insert(t.name).second) return;
      const WireStruct* s = find_struct(m, t.name);
      if (!s) return;
      if (!s->flaw.empty()) {
        d.error(loc, path + " has type '" + s->short_name + "', which cannot cross the wire (" + s->flaw + ")");
        return;
      }
      for (const auto& f : s->fields) check_type(m, f.type, path + "." + f.name, f.loc, done, d);
      return;
    }
    default:
      return;
  }
}

}  // namespace

void validate(const AppModel& m, Diagnostics& d) {
  for (const auto& p : m.pages) {
    if (!p.namespace_found) {
      d.error(p.loc, "page '" + p.path + "' must declare its contents in namespace " + p.cpp_namespace);
      continue;
    }
    if (p.interactive) check_interactive(p, namespace_of(m, p), d);
    else check_static(p, namespace_of(m, p), d);
    for (const auto& h : p.handlers) check_handler(m, h, d);
    for (const auto& f : p.forms) check_form(m, p, f, d);
    check_receivers(p, d);
    check_policy(m, p, d);
    if (p.has_rendering && p.rendering_type != "rally::Rendering")
      d.error(p.rendering_loc, "rendering must be declared as 'inline constexpr rally::Rendering rendering = "
                               "rally::Rendering::every_request;', not of type '" + p.rendering_type + "'");
  }

  check_make_server_context(m, d);
  for (const auto& t : m.topics) check_topic(m, t, d);
  for (const auto& j : m.jobs) check_job(m, j, d);
  for (const auto& ns : m.namespaces) {
    check_context(m, ns, d);
    check_layout(ns, d);
  }

  std::set<std::string> done;
  for (const auto& r : m.roots) check_type(m, r.type, r.path, r.loc, done, d);

  // Server handlers and load handlers share one id space.
  std::map<std::uint64_t, std::string> ids;
  for (const auto& p : m.pages) {
    if (p.interactive && p.load.present && !ids.emplace(p.load_id, p.path + "'s load").second)
      d.error(p.load.loc, "load of page '" + p.path + "' has handler id " + p.load_id_hex + ", the same as " +
                              ids[p.load_id] + "; rename the page");
    for (const auto& h : p.handlers) {
      auto [it, fresh] = ids.emplace(h.id, h.function);
      if (!fresh)
        d.error(h.fn.loc, h.function + " has handler id " + h.id_hex + ", the same as " + it->second +
                              "; rename its request type");
    }
  }
}

}  // namespace rally::gen
