// File-based routing: home_/index -> "/", about -> "/about", products/id_ -> "/products/:id".
#include "routes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace rally::gen {

bool is_cpp_keyword(const std::string& s) {
  static const std::set<std::string> words = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
      "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
      "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
      "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
      "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
      "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
      "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};
  return words.count(s) > 0;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

namespace {

std::string camel(const std::string& s) {
  std::string out;
  bool upper = true;
  for (char c : s) {
    if (c == '_' || c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

bool is_below(const fs::path& file, const fs::path& dir) {
  auto rel = file.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::string include_spelling(const std::string& file, const std::vector<std::string>& include_dirs) {
  for (const auto& dir : include_dirs)
    if (is_below(file, fs::absolute(dir).lexically_normal()))
      return fs::path(file).lexically_relative(fs::absolute(dir).lexically_normal()).generic_string();
  return file;
}

Page make_page(const Namespace& ns, const std::string& file, const std::vector<std::string>& include_dirs) {
  Page page;
  page.file = file;
  page.name_space = ns.name;
  page.loc = {file, 1, 1};
  fs::path rel = fs::path(file).lexically_relative(ns.pages_dir);
  rel.replace_extension();
  page.path = rel.generic_string();

  page.include = include_spelling(file, include_dirs);

  std::vector<std::string> parts;
  for (const auto& p : rel) parts.push_back(p.string());
  page.cpp_namespace = ns.name + "::pages";
  for (const auto& p : parts) page.cpp_namespace += "::" + (is_cpp_keyword(p) ? p + "_" : p);

  if (parts.size() == 1 && parts[0] == "not_found_") {
    page.is_not_found = true;
    page.route.variant = "NotFound";
    return page;
  }
  std::string variant;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    bool last = i + 1 == parts.size();
    if (last && (p == "home_" || p == "index")) break;  // the folder's own page
    Segment s;
    if (p.size() > 1 && p.back() == '_') {
      s.dynamic = true;
      s.text = p.substr(0, p.size() - 1);
      s.is_int = s.text == "id" || (s.text.size() > 3 && s.text.compare(s.text.size() - 3, 3, "_id") == 0);
    } else {
      s.text = p;
    }
    variant += camel(s.text);
    page.route.segments.push_back(s);
  }
  page.route.variant = variant.empty() ? "Home" : variant;
  std::string pattern = ns.root == "/" ? "" : ns.root;
  for (const auto& s : page.route.segments) pattern += "/" + (s.dynamic ? ":" + s.text : s.text);
  page.route.pattern = pattern.empty() ? "/" : pattern;
  return page;
}

namespace {

// Two routes that match the same paths: equal static segments, dynamic ones in the same places.
std::string shape(const Route& r) {
  std::string out;
  for (const auto& s : r.segments) out += s.dynamic ? "/:" : "/" + s.text;
  return out.empty() ? "/" : out;
}

std::string file_name(const Page& p) { return fs::path(p.file).filename().string(); }

}  // namespace

void check_routes(const AppModel& m, Diagnostics& d) {
  for (const auto& ns : m.namespaces) {
    std::map<std::string, const Page*> shapes, names;
    bool any = false;
    for (const auto& p : m.pages) {
      if (p.name_space != ns.name) continue;
      Location at{p.file, 1, 1};
      std::string bad;
      for (const auto& part : fs::path(p.path))
        if (bad.empty() && !is_identifier(part.string())) bad = part.string();
      if (!bad.empty()) {
        d.error(at, "page file name segment '" + bad + "' is not a C++ identifier");
        continue;
      }
      if (p.is_not_found) continue;
      any = true;
      std::set<std::string> params;
      bool params_ok = true;
      for (const auto& s : p.route.segments) {
        if (!s.dynamic) continue;
        if (is_cpp_keyword(s.text)) {
          d.error(at, "route param '" + s.text + "' of page '" + p.path + "' is a C++ keyword; rename '" + s.text + "_'");
          params_ok = false;
        } else if (!params.insert(s.text).second) {
          d.error(at, "route param '" + s.text + "' appears twice in " + p.route.pattern + "; rename one of them");
          params_ok = false;
        }
      }
      if (!params_ok) continue;
      auto [same, fresh] = shapes.emplace(shape(p.route), &p);
      if (!fresh) {
        d.error(at, "page '" + p.path + "' has the same route as page '" + same->second->path + "' (" +
                        same->second->route.pattern + " and " + p.route.pattern + "); remove or rename one of them");
        continue;
      }
      if (p.route.variant == "Route") {
        d.error(at, "page '" + p.path + "' would have the route name 'Route', which " + ns.name +
                        "::routes reserves for the variant of all routes; rename the file");
        continue;
      }
      auto [named, unique] = names.emplace(p.route.variant, &p);
      if (!unique)
        d.error(at, "page '" + p.path + "' has the route name '" + p.route.variant + "', like page '" +
                        named->second->path + "'; rename one of them");
      // The namespace at "/" never sees paths below another namespace's root.
      if (ns.root == "/" && !p.route.segments.empty() && !p.route.segments[0].dynamic)
        for (const auto& other : m.namespaces)
          if (other.root == "/" + p.route.segments[0].text)
            d.error(at, "page '" + p.path + "' (" + p.route.pattern + ") is unreachable: namespace " + other.name +
                            " is served at " + other.root);
    }
    if (!any)
      d.error({ns.pages_dir, 1, 1}, "namespace " + ns.name + " has no page with a route (only not_found_)");
  }
}

std::vector<const Page*> routed_pages(const AppModel& m, const std::string& name_space) {
  std::vector<const Page*> out;
  for (const auto& p : m.pages)
    if (p.name_space == name_space && !p.is_not_found) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return route_before(a->route, b->route); });
  return out;
}

bool route_before(const Route& a, const Route& b) {
  std::size_t n = std::min(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto& x = a.segments[i];
    const auto& y = b.segments[i];
    if (x.dynamic != y.dynamic) return !x.dynamic;
    if (x.dynamic && x.is_int != y.is_int) return x.is_int;  // an int param is the stricter match
    if (x.text != y.text) return x.text < y.text;
  }
  return a.segments.size() < b.segments.size();
}

}  // namespace rally::gen
