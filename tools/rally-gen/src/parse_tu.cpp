// The umbrella translation unit: every page header in one parse, clang's errors, the files read.
#include <algorithm>
#include <filesystem>
#include <set>
#include <map>
#include <regex>

#include "parse.hpp"
#include "parse_internal.hpp"
#include "routes.hpp"

#ifndef RALLY_GEN_CLANG_LIBDIR
#define RALLY_GEN_CLANG_LIBDIR ""
#endif

namespace fs = std::filesystem;

namespace rally::gen {

namespace {

// libclang needs its resource dir (stddef.h, ...) to parse <string>; find it next to the library
// rather than hard-coding a patch version.
std::string find_resource_dir() {
  std::vector<fs::path> roots;
  if (*RALLY_GEN_CLANG_LIBDIR) roots.emplace_back(fs::path(RALLY_GEN_CLANG_LIBDIR) / "clang");
  std::smatch m;
  std::string version = take(clang_getClangVersion());
  if (std::regex_search(version, m, std::regex("version ([0-9]+)"))) {
    roots.emplace_back("/usr/lib/llvm-" + m[1].str() + "/lib/clang");
    roots.emplace_back("/usr/lib/clang");
  }
  std::error_code ec;
  for (const auto& root : roots) {
    std::vector<fs::path> candidates;
    for (const auto& e : fs::directory_iterator(root, ec)) candidates.push_back(e.path());
    std::sort(candidates.rbegin(), candidates.rend());  // newest version first
    for (const auto& c : candidates)
      if (fs::exists(c / "include" / "stddef.h", ec)) return c.string();
  }
  return {};
}

void add_clang_errors(CXTranslationUnit tu, Diagnostics& diags) {
  unsigned n = clang_getNumDiagnostics(tu);
  for (unsigned i = 0; i < n; ++i) {
    ClangDiagnostic d(clang_getDiagnostic(tu, i));
    if (clang_getDiagnosticSeverity(d.get()) < CXDiagnostic_Error) continue;
    CXFile file = nullptr;
    unsigned line = 0, col = 0;
    clang_getExpansionLocation(clang_getDiagnosticLocation(d.get()), &file, &line, &col, nullptr);
    Location loc;
    if (file) loc.file = fs::absolute(take(clang_getFileName(file))).lexically_normal().string();
    loc.line = line;
    loc.col = col;
    diags.error(loc, take(clang_getDiagnosticSpelling(d.get())));
  }
}

std::vector<std::string> inclusions(CXTranslationUnit tu) {
  std::set<std::string> files;
  clang_getInclusions(
      tu,
      [](CXFile f, CXSourceLocation*, unsigned depth, CXClientData data) {
        if (depth == 0) return;  // the umbrella itself exists only in memory
        auto& out = *static_cast<std::set<std::string>*>(data);
        // weakly_canonical, not lexically_normal: clang names libstdc++ through "/../lib/gcc/..", which
        // only resolves correctly through the /lib symlink.
        std::error_code ec;
        out.insert(fs::weakly_canonical(fs::absolute(take(clang_getFileName(f))), ec).string());
      },
      &files);
  return {files.begin(), files.end()};
}

// Every namespace declaration, by qualified name (a namespace may be reopened).
void index_namespaces(CXCursor parent, const std::string& prefix, std::map<std::string, std::vector<CXCursor>>& out) {
  for_each_child(parent, [&](CXCursor c) {
    if (clang_getCursorKind(c) == CXCursor_Namespace) {
      std::string name = take(clang_getCursorSpelling(c));
      std::string q = clang_Cursor_isInlineNamespace(c) ? prefix : (prefix.empty() ? name : prefix + "::" + name);
      out[q].push_back(c);
      index_namespaces(c, q, out);
    }
    return true;
  });
}

// ::ServerContext and ::make_server_context, at the top level of any header.
void find_server_context(CXCursor tu_cursor, AppModel& model) {
  for_each_child(tu_cursor, [&](CXCursor c) {
    auto k = clang_getCursorKind(c);
    if (k == CXCursor_FunctionDecl && !model.make_server_context.present &&
        take(clang_getCursorSpelling(c)) == "make_server_context") {
      model.make_server_context = parse_function(c);
      return true;
    }
    if ((k == CXCursor_StructDecl || k == CXCursor_ClassDecl) && clang_isCursorDefinition(c) &&
        !model.has_server_context && take(clang_getCursorSpelling(c)) == "ServerContext") {
      model.has_server_context = true;
      model.server_context_loc = location_of(c);
      model.server_context_include = include_spelling(model.server_context_loc.file, model.include_dirs);
      bool any_ctor = false, default_ctor = false;
      for_each_child(c, [&](CXCursor m) {
        if (clang_getCursorKind(m) == CXCursor_Constructor) {
          any_ctor = true;
          if (clang_CXXConstructor_isDefaultConstructor(m)) default_ctor = true;
        }
        return true;
      });
      model.server_context_default_constructible = !any_ctor || default_ctor;
    }
    return true;
  });
}

// Optional src/<ns>/client_context.hpp beside the pages folder, like layout.hpp.
void find_context_files(AppModel& model) {
  for (auto& ns : model.namespaces) {
    fs::path file = fs::path(ns.pages_dir).parent_path() / "client_context.hpp";
    if (!fs::is_regular_file(file)) continue;
    ns.context_file = file.lexically_normal().string();
    ns.context_include = include_spelling(ns.context_file, model.include_dirs);
    ns.context_loc = {ns.context_file, 1, 1};
  }
}

// struct <ns>::ClientContext (a wire root) and <ns>::make_client_context, from every reopening of
// namespace <ns>.
void parse_context(const std::vector<CXCursor>& scopes, Namespace& ns, TypeCollector& types, AppModel& model) {
  for (CXCursor scope : scopes) {
    for_each_child(scope, [&](CXCursor c) {
      auto k = clang_getCursorKind(c);
      std::string name = take(clang_getCursorSpelling(c));
      if ((k == CXCursor_StructDecl || k == CXCursor_ClassDecl) && name == "ClientContext" && !ns.has_context &&
          clang_isCursorDefinition(c)) {
        ns.has_context = true;
        ns.context_loc = location_of(c);
        CXType t = clang_getCursorType(c);
        ns.context_canonical = canonical_spelling(t);
        TypeRef ct = types.collect(t);
        strip_scope(ct, ns.name);
        model.roots.push_back({"ClientContext", ct, ns.context_loc});
      } else if (k == CXCursor_FunctionDecl && name == "make_client_context" && !ns.make_context.present) {
        ns.make_context = parse_function(c);
      }
      return true;
    });
  }
}

// Topics (structs with a nested `using Message = ...;`) and job types (structs with a member
// function `perform`) in the app's own headers (not the standard library's or Rally's), in any
// namespace.
void find_topics_and_jobs(CXCursor root, const std::map<std::string, std::vector<CXCursor>>& scopes, TypeCollector& types,
                 AppModel& model) {
  std::set<std::string> seen;
  auto visit = [&](CXCursor scope) {
    for_each_child(scope, [&](CXCursor c) {
      auto k = clang_getCursorKind(c);
      if ((k != CXCursor_StructDecl && k != CXCursor_ClassDecl) || !clang_isCursorDefinition(c)) return true;
      if (clang_Location_isInSystemHeader(clang_getCursorLocation(c))) return true;
      const std::string name = qualified_name(c);
      if (name.rfind("rally::", 0) == 0 || name.rfind("std::", 0) == 0 || !seen.insert(name).second) return true;
      Topic t;
      bool is_topic = false;
      JobType job;
      for_each_child(c, [&](CXCursor m) {
        auto mk = clang_getCursorKind(m);
        const std::string member = take(clang_getCursorSpelling(m));
        if ((mk == CXCursor_TypeAliasDecl || mk == CXCursor_TypedefDecl) && member == "Message" && !is_topic) {
          is_topic = true;
          t.message = types.collect(clang_getTypedefDeclUnderlyingType(m));
          model.roots.push_back({"topic " + name + "'s Message", t.message, location_of(m)});
        } else if (mk == CXCursor_CXXMethod && member == "authorize" && !t.authorize.present) {
          t.authorize = parse_function(m);
          t.authorize_static = clang_CXXMethod_isStatic(m) != 0;
        } else if (mk == CXCursor_CXXMethod && member == "perform" && !job.perform.present) {
          job.perform = parse_function(m);
          job.perform_static = clang_CXXMethod_isStatic(m) != 0;
        }
        return true;
      });
      if (job.perform.present) {
        job.name = name;
        job.loc = location_of(c);
        job.type = types.collect(clang_getCursorType(c));
        model.roots.push_back({"job " + name, job.type, job.loc});
        model.jobs.push_back(std::move(job));
      }
      if (!is_topic) return true;
      t.name = name;
      t.loc = location_of(c);
      t.key = types.collect(clang_getCursorType(c));
      model.roots.push_back({"topic " + name, t.key, t.loc});
      model.topics.push_back(std::move(t));
      return true;
    });
  };
  visit(root);
  for (const auto& [name, cursors] : scopes)
    for (CXCursor c : cursors) visit(c);
  std::sort(model.topics.begin(), model.topics.end(), [](const Topic& a, const Topic& b) { return a.name < b.name; });
  std::sort(model.jobs.begin(), model.jobs.end(), [](const JobType& a, const JobType& b) { return a.name < b.name; });
}

}  // namespace

bool parse_app(const ParseInput& in, AppModel& model, Diagnostics& diags) {
  model.app = in.app;
  model.namespaces = in.namespaces;
  find_context_files(model);

  std::string umbrella;
  for (const auto& ns : model.namespaces) {
    if (!ns.context_file.empty()) umbrella += "#include \"" + ns.context_file + "\"\n";
    if (!ns.layout_file.empty()) umbrella += "#include \"" + ns.layout_file + "\"\n";
  }
  for (const auto& f : in.files) umbrella += "#include \"" + f + "\"\n";
  for (const auto& f : in.headers) umbrella += "#include \"" + f + "\"\n";
  const std::string umbrella_name = (fs::current_path() / "rally-gen-umbrella.cpp").string();
  std::vector<CXUnsavedFile> unsaved;
  unsaved.push_back({umbrella_name.c_str(), umbrella.c_str(), static_cast<unsigned long>(umbrella.size())});
  for (const auto& [path, text] : in.virtual_files)
    unsaved.push_back({path.c_str(), text.c_str(), static_cast<unsigned long>(text.size())});

  std::vector<std::string> args = {"-x", "c++", "-std=c++20"};
  std::string resource_dir = find_resource_dir();
  if (!resource_dir.empty()) {
    args.push_back("-resource-dir");
    args.push_back(resource_dir);
  }
  for (const auto& f : in.flags) args.push_back(f);
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());

  Index index(clang_createIndex(0, 0));
  CXTranslationUnit raw = nullptr;
  // The contract is in the declarations: skipping function bodies (views, updates and the
  // templates they instantiate) makes the parse about 6x faster and smaller, with the same model
  // (measured on 100 pages: 9.8 s / 740 MB -> 1.6 s / 220 MB). The compiler sees the bodies.
  CXErrorCode rc = clang_parseTranslationUnit2(index.get(), umbrella_name.c_str(), argv.data(),
                                               static_cast<int>(argv.size()), unsaved.data(),
                                               static_cast<unsigned>(unsaved.size()),
                                               CXTranslationUnit_SkipFunctionBodies, &raw);
  TranslationUnit tu(raw);
  if (rc != CXError_Success || !tu) {
    diags.error("libclang could not parse the pages (error code " + std::to_string(rc) + ")");
    return false;
  }
  add_clang_errors(tu.get(), diags);
  if (!diags.empty()) return false;

  model.inputs = inclusions(tu.get());
  CXCursor root = clang_getTranslationUnitCursor(tu.get());
  std::map<std::string, std::vector<CXCursor>> scopes;
  index_namespaces(root, "", scopes);
  find_server_context(root, model);

  for (auto& ns : model.namespaces) {
    if (ns.layout_file.empty()) continue;
    auto it = scopes.find(ns.name + "::layout");
    ns.layout_loc = {ns.layout_file, 1, 1};
    if (it == scopes.end()) continue;
    ns.layout_namespace_found = true;
    ns.layout_loc = location_of(it->second.front());
    for (CXCursor scope : it->second) {
      for_each_child(scope, [&](CXCursor c) {
        if (clang_getCursorKind(c) != CXCursor_FunctionDecl) return true;
        std::string name = take(clang_getCursorSpelling(c));
        if (name == "view" && !ns.layout_view.present) ns.layout_view = parse_function(c);
        else if (name == "head" && !ns.layout_head.present) ns.layout_head = parse_function(c);
        return true;
      });
    }
  }

  TypeCollector types;
  for (auto& ns : model.namespaces) {
    if (ns.context_file.empty()) continue;
    auto it = scopes.find(ns.name);
    if (it != scopes.end()) parse_context(it->second, ns, types, model);
  }
  for (auto& page : model.pages) {
    auto it = scopes.find(page.cpp_namespace);
    parse_page(it == scopes.end() ? std::vector<CXCursor>{} : it->second, page, types, model);
  }
  find_topics_and_jobs(root, scopes, types, model);
  types.finish(model);
  // The server message types: every well-formed from_server's, once.
  std::map<std::string, ServerMessage> messages;
  for (const auto& page : model.pages)
    for (const auto& r : page.receivers) {
      if (r.type_name.empty() || messages.count(r.type_name)) continue;
      const WireStruct* s = find_struct(model, r.type_name);
      messages[r.type_name] = ServerMessage{r.type_name, r.type, s ? s->loc : r.fn.loc, {}, 0, {}};
    }
  for (auto& [name, message] : messages) model.server_messages.push_back(std::move(message));
  return true;
}

}  // namespace rally::gen
