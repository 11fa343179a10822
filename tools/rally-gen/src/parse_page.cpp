// One page: Model, Msg, init/update/view and its server_* handlers, read from its namespace.
#include <cctype>

#include "parse_internal.hpp"

namespace rally::gen {

namespace {

// server_save_item -> ServerSaveItem
std::string request_name(const std::string& handler) {
  std::string out = "Server";
  bool upper = true;
  for (char c : handler) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

bool is_type_decl(CXCursorKind k) {
  return k == CXCursor_StructDecl || k == CXCursor_ClassDecl || k == CXCursor_TypeAliasDecl ||
         k == CXCursor_TypedefDecl;
}

// The type a declaration names: the struct itself, or what an alias stands for.
CXType declared_type(CXCursor c) {
  auto k = clang_getCursorKind(c);
  if (k == CXCursor_TypeAliasDecl || k == CXCursor_TypedefDecl) return clang_getTypedefDeclUnderlyingType(c);
  return clang_getCursorType(c);
}

void parse_handler(CXCursor c, Page& page, TypeCollector& types, AppModel& model) {
  Handler h;
  h.function = take(clang_getCursorSpelling(c));
  h.name = h.function.substr(std::string("server_").size());
  h.expected_request = request_name(h.name);
  h.fn = parse_function(c);
  // Only well-shaped parts become wire roots; validation reports the rest from the signature.
  if (!h.fn.params.empty()) {
    const SigType& p0 = h.fn.params[0].type;
    CXType t0 = clang_getPointeeType(clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(c, 0))));
    CXType written = clang_getCursorType(clang_Cursor_getArgument(c, 0));
    if (written.kind == CXType_LValueReference) t0 = clang_getPointeeType(written);
    std::string short_name = p0.decl.substr(p0.decl.rfind(':') == std::string::npos ? 0 : p0.decl.rfind(':') + 1);
    if (p0.ref == SigType::Ref::const_lvalue && p0.is_record && p0.args.empty() && short_name == h.expected_request) {
      h.request_type = p0.decl;
      h.request = types.collect(t0);
      strip_scope(h.request, page.cpp_namespace);
      model.roots.push_back({h.expected_request, h.request, h.fn.loc});
    }
  }
  if (h.fn.result.decl == "rally::Result") {
    h.result = types.collect(clang_getCursorResultType(c));
    strip_scope(h.result, page.cpp_namespace);
    model.roots.push_back({h.function + "'s result", h.result, h.fn.loc});
  }
  page.handlers.push_back(std::move(h));
}

void parse_form(CXCursor c, Page& page, TypeCollector& types) {
  Form f;
  f.function = take(clang_getCursorSpelling(c));
  f.name = f.function.substr(std::string("server_form_").size());
  f.fn = parse_function(c);
  if (!f.fn.params.empty()) {
    const SigType& p0 = f.fn.params[0].type;
    CXType written = clang_getCursorType(clang_Cursor_getArgument(c, 0));
    if (p0.ref == SigType::Ref::const_lvalue && p0.is_record && p0.args.empty())
      f.type = types.collect(clang_getPointeeType(written));
  }
  page.forms.push_back(std::move(f));
}

// `from_server(T)`: one overload per server message type the page takes.
void parse_receiver(CXCursor c, Page& page, TypeCollector& types, AppModel& model) {
  Receiver r;
  r.fn = parse_function(c);
  if (r.fn.params.size() == 1) {
    const SigType& p0 = r.fn.params[0].type;
    CXType written = clang_getCursorType(clang_Cursor_getArgument(c, 0));
    bool by_value = p0.ref == SigType::Ref::value, by_const_ref = p0.ref == SigType::Ref::const_lvalue;
    if ((by_value || by_const_ref) && p0.is_record && p0.args.empty()) {
      r.type_name = p0.decl;
      for (const auto& other : page.receivers)
        if (other.type_name == r.type_name) return;  // declared again (e.g. then defined)
      r.type = types.collect(by_const_ref ? clang_getPointeeType(written) : written);
      model.roots.push_back({"from_server(" + r.type_name + ")", r.type, r.fn.loc});
    }
  }
  page.receivers.push_back(std::move(r));
}

// Msg's alternatives (Msg itself if it is not a std::variant) that the page's namespace declares.
void parse_msg_alternatives(CXType msg, Page& page) {
  std::vector<CXType> alternatives;
  if (qualified_name(clang_getTypeDeclaration(msg)) == "std::variant") {
    for (int i = 0; i < clang_Type_getNumTemplateArguments(msg); ++i)
      alternatives.push_back(clang_Type_getTemplateArgumentAsType(msg, static_cast<unsigned>(i)));
  } else {
    alternatives.push_back(msg);
  }
  page.msg_check = true;
  for (CXType t : alternatives) {
    CXCursor decl = clang_getTypeDeclaration(t);
    if (clang_Cursor_isNull(decl) || clang_getCursorKind(decl) == CXCursor_NoDeclFound) continue;
    if (qualified_name(clang_getCursorSemanticParent(decl)) != page.cpp_namespace) continue;
    auto kind = clang_getCursorKind(decl);
    bool plain_struct = (kind == CXCursor_StructDecl || kind == CXCursor_ClassDecl) && clang_Type_getNumTemplateArguments(t) < 0;
    if (!plain_struct) {
      page.msg_check = false;
      continue;
    }
    page.msg_structs.push_back(take(clang_getCursorSpelling(decl)));
  }
}

// Whether Msg can be encoded, looked at with a collector of its own so that a Msg that cannot
// leaves nothing behind: only then are its structs collected, and given codecs.
void parse_msg_codec(CXType msg, Page& page, TypeCollector& types) {
  TypeCollector trial;
  TypeRef t = trial.collect(msg);
  page.msg_unrecordable = strip_scope(trial.unencodable(t), page.cpp_namespace);
  page.msg_recordable = page.msg_unrecordable.empty();
  if (!page.msg_recordable) return;
  page.msg = types.collect_client_only(msg);
  strip_scope(page.msg, page.cpp_namespace);
}

}  // namespace

void parse_page(const std::vector<CXCursor>& scopes, Page& page, TypeCollector& types, AppModel& model) {
  page.namespace_found = !scopes.empty();
  if (page.namespace_found) page.loc = location_of(scopes.front());
  std::set<std::string> seen_functions;
  for (CXCursor scope : scopes) {
    for_each_child(scope, [&](CXCursor c) {
      auto kind = clang_getCursorKind(c);
      std::string name = take(clang_getCursorSpelling(c));
      if (is_type_decl(kind) && name == "Model" && !page.interactive) {
        if (kind != CXCursor_StructDecl && kind != CXCursor_ClassDecl || clang_isCursorDefinition(c)) {
          page.interactive = true;
          page.model_loc = location_of(c);
          CXType t = declared_type(c);
          page.model_canonical = canonical_spelling(t);
          TypeRef mt = types.collect(t);
          strip_scope(mt, page.cpp_namespace);
          page.model = mt;
          model.roots.push_back({"Model", mt, page.model_loc});
        }
      } else if (is_type_decl(kind) && name == "Msg" && !page.has_msg) {
        page.has_msg = true;
        page.msg_canonical = canonical_spelling(declared_type(c));
        parse_msg_alternatives(clang_getCanonicalType(declared_type(c)), page);
        parse_msg_codec(declared_type(c), page, types);
      } else if (kind == CXCursor_VarDecl && name == "policy" && !page.has_policy) {
        page.has_policy = true;
        page.policy_loc = location_of(c);
        page.policy_type = canonical_spelling(clang_getCursorType(c));
        if (page.policy_type.rfind("const ", 0) == 0) page.policy_type.erase(0, 6);
        // rally::Policy::everyone is 0: a page may spell out the default.
        if (CXEvalResult value = clang_Cursor_Evaluate(c)) {
          if (clang_EvalResult_getKind(value) == CXEval_Int) page.policy_signed_in = clang_EvalResult_getAsInt(value) != 0;
          clang_EvalResult_dispose(value);
        }
      } else if (kind == CXCursor_VarDecl && name == "rendering" && !page.has_rendering) {
        page.has_rendering = true;
        page.rendering_loc = location_of(c);
        page.rendering_type = canonical_spelling(clang_getCursorType(c));
        if (page.rendering_type.rfind("const ", 0) == 0) page.rendering_type.erase(0, 6);
        // rally::Rendering::automatic is 0; a value clang cannot evaluate renders every request.
        page.rendering_every_request = true;
        if (CXEvalResult value = clang_Cursor_Evaluate(c)) {
          if (clang_EvalResult_getKind(value) == CXEval_Int) page.rendering_every_request = clang_EvalResult_getAsInt(value) != 0;
          clang_EvalResult_dispose(value);
        }
      } else if (kind == CXCursor_FunctionDecl && name == "from_server") {
        parse_receiver(c, page, types, model);
      } else if (kind == CXCursor_FunctionDecl && seen_functions.insert(name).second) {
        if (name == "init") page.init = parse_function(c);
        else if (name == "update") page.update = parse_function(c);
        else if (name == "view") page.view = parse_function(c);
        else if (name == "load") page.load = parse_function(c);
        else if (name == "title") page.title = parse_function(c);
        else if (name == "authorize") page.authorize = parse_function(c);
        else if (name == "subscriptions") page.subscriptions = parse_function(c);
        else if (name.rfind("server_form_", 0) == 0 && name.size() > 12) parse_form(c, page, types);
        else if (name.rfind("server_", 0) == 0 && name.size() > 7) parse_handler(c, page, types, model);
      }
      return true;
    });
  }
}

}  // namespace rally::gen
