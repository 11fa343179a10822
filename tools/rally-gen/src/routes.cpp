// File-based routing: home_/index -> "/", about -> "/about", products/id_ -> "/products/:id".
#include "routes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
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

Page make_page(const Namespace& ns, const std::string& file, const std::vector<std::string>& include_dirs) {
  Page page;
  page.file = file;
  page.name_space = ns.name;
  page.loc = {file, 1, 1};
  fs::path rel = fs::path(file).lexically_relative(ns.pages_dir);
  rel.replace_extension();
  page.path = rel.generic_string();

  page.include = file;
  for (const auto& dir : include_dirs) {
    if (is_below(file, fs::absolute(dir).lexically_normal())) {
      page.include = fs::path(file).lexically_relative(fs::absolute(dir).lexically_normal()).generic_string();
      break;
    }
  }

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
