// rally-gen: page headers -> routing, codecs, RPC dispatch, SSR glue and client entries.
// Exit codes: 0 ok, 1 diagnostics (nothing emitted), 2 usage error.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "contract.hpp"
#include "emit.hpp"
#include "output.hpp"
#include "parse.hpp"
#include "routes.hpp"
#include "sql/sql.hpp"
#include "validate.hpp"

namespace fs = std::filesystem;
using namespace rally::gen;

namespace {

constexpr const char* usage_text =
    "usage: rally-gen --app <name> --out <dir> --stamp <file> --depfile <file>\n"
    "                 --namespace <ns>=<pages dir> [--namespace ...]\n"
    "                 [--flags-file <file>] [-I<dir>] [-D<def>] [-isystem <dir>] [--dump-model]\n"
    "                 [--migrations <dir>] [--queries <dir>] [--header <file> ...]\n"
    "                 <page headers...>\n";

struct UsageError {
  std::string message;
};

struct Options {
  std::string app, out, stamp, depfile;
  std::string migrations, queries;  // typed SQL (sql/sql.hpp)
  std::vector<Namespace> namespaces;
  std::vector<std::string> flags;
  std::vector<std::string> include_dirs;
  std::vector<std::string> files;
  std::vector<std::string> headers;  // read besides the pages: where jobs and topics may live
  bool dump_model = false;
};

std::string absolute(const std::string& p) { return fs::absolute(p).lexically_normal().string(); }

void add_flag(Options& o, const std::string& flag, const std::string& value = {}) {
  o.flags.push_back(flag);
  if (!value.empty()) o.flags.push_back(value);
  if (flag == "-isystem") o.include_dirs.push_back(value);
  else if (flag.rfind("-I", 0) == 0 && flag.size() > 2) o.include_dirs.push_back(flag.substr(2));
}

void read_flags_file(Options& o, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError{"cannot read --flags-file " + path};
  std::string line;
  while (std::getline(in, line)) {
    auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    line = line.substr(b, line.find_last_not_of(" \t\r") - b + 1);
    for (const char* two : {"-isystem ", "-I ", "-D "}) {
      std::string prefix = two;
      if (line.rfind(prefix, 0) == 0) {
        std::string flag = prefix.substr(0, prefix.size() - 1), value = line.substr(prefix.size());
        if (flag == "-isystem") add_flag(o, flag, value);
        else add_flag(o, flag + value);
        line.clear();
        break;
      }
    }
    if (!line.empty()) add_flag(o, line);
  }
}

Options parse_args(int argc, char** argv) {
  Options o;
  auto value = [&](int& i, const std::string& name) -> std::string {
    if (i + 1 >= argc) throw UsageError{name + " needs a value"};
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--app") o.app = value(i, a);
    else if (a == "--out") o.out = value(i, a);
    else if (a == "--stamp") o.stamp = value(i, a);
    else if (a == "--depfile") o.depfile = value(i, a);
    else if (a == "--dump-model") o.dump_model = true;
    else if (a == "--migrations") o.migrations = value(i, a);
    else if (a == "--queries") o.queries = value(i, a);
    else if (a == "--flags-file") read_flags_file(o, value(i, a));
    else if (a == "--header") {
      std::string file = value(i, a);
      if (!fs::is_regular_file(file)) throw UsageError{"--header " + file + " does not exist"};
      o.headers.push_back(absolute(file));
    }
    else if (a == "--namespace") {
      std::string v = value(i, a);
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
        throw UsageError{"--namespace takes <name>=<pages dir>, not '" + v + "'"};
      std::string name = v.substr(0, eq), dir = v.substr(eq + 1);
      if (!is_identifier(name) || is_cpp_keyword(name)) throw UsageError{"namespace name '" + name + "' is not a C++ identifier"};
      if (!fs::is_directory(dir)) throw UsageError{"pages dir " + dir + " of namespace " + name + " does not exist"};
      for (const auto& ns : o.namespaces)
        if (ns.name == name) throw UsageError{"namespace " + name + " is given twice"};
      std::string root = o.namespaces.empty() ? "/" : "/" + name;
      o.namespaces.push_back({name, root, absolute(dir)});
    } else if (a == "-I" || a == "-D" || a == "-isystem") {
      std::string v = value(i, a);
      if (a == "-isystem") add_flag(o, a, v);
      else add_flag(o, a + v);
    } else if (a.rfind("-I", 0) == 0 || a.rfind("-D", 0) == 0) {
      add_flag(o, a);
    } else if (a == "--help" || a == "-h") {
      std::cout << usage_text;
      std::exit(0);
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError{"unknown option " + a};
    } else {
      o.files.push_back(a);
    }
  }
  if (o.app.empty()) throw UsageError{"--app is required"};
  if (o.namespaces.empty()) throw UsageError{"at least one --namespace <name>=<pages dir> is required"};
  if (o.files.empty()) throw UsageError{"no page headers given"};
  if (!o.dump_model) {
    if (o.out.empty()) throw UsageError{"--out is required"};
    if (o.stamp.empty()) throw UsageError{"--stamp is required"};
    if (o.depfile.empty()) throw UsageError{"--depfile is required"};
  }
  return o;
}

// Pages, each under the namespace whose pages dir holds it (the deepest, if dirs nest).
std::vector<Page> make_pages(const Options& o) {
  std::vector<Page> pages;
  std::set<std::string> seen;
  for (const auto& f : o.files) {
    std::string file = absolute(f);
    if (!fs::is_regular_file(file)) throw UsageError{"page header " + f + " does not exist"};
    if (fs::path(file).extension() != ".hpp") throw UsageError{"page header " + f + " is not a .hpp file"};
    if (!seen.insert(file).second) continue;
    const Namespace* owner = nullptr;
    for (const auto& ns : o.namespaces) {
      auto rel = fs::path(file).lexically_relative(ns.pages_dir);
      if (rel.empty() || *rel.begin() == "..") continue;
      if (!owner || ns.pages_dir.size() > owner->pages_dir.size()) owner = &ns;
    }
    if (!owner) throw UsageError{"page header " + f + " is not below any --namespace pages dir"};
    pages.push_back(make_page(*owner, file, o.include_dirs));
  }
  auto ns_index = [&](const Page& p) {
    for (std::size_t i = 0; i < o.namespaces.size(); ++i)
      if (o.namespaces[i].name == p.name_space) return i;
    return o.namespaces.size();
  };
  std::sort(pages.begin(), pages.end(), [&](const Page& a, const Page& b) {
    return std::make_pair(ns_index(a), a.path) < std::make_pair(ns_index(b), b.path);
  });
  return pages;
}

int run(int argc, char** argv) {
  Options o;
  AppModel model;
  try {
    o = parse_args(argc, argv);
    model.pages = make_pages(o);
  } catch (const UsageError& e) {
    std::cerr << "rally-gen: " << e.message << "\n" << usage_text;
    return 2;
  }
  model.include_dirs = o.include_dirs;
  // An optional layout beside each namespace's pages folder: src/<ns>/layout.hpp.
  for (auto& ns : o.namespaces) {
    fs::path layout = fs::path(ns.pages_dir).parent_path() / "layout.hpp";
    if (!fs::is_regular_file(layout)) continue;
    ns.layout_file = layout.lexically_normal().string();
    ns.layout_include = include_spelling(ns.layout_file, o.include_dirs);
  }
  model.namespaces = o.namespaces;

  // Routes come from the file names alone; they must be sound before anything can be parsed,
  // because pages may include the routes.hpp made from them.
  Diagnostics diags;
  check_routes(model, diags);
  auto route_files = diags.empty() ? emit_routes(model, diags) : std::vector<OutputFile>{};
  if (!diags.empty()) {
    diags.print(std::cerr);
    return 1;
  }
  // The parser sees <out>/<ns>/routes.hpp in memory; the files are written with the rest, only
  // after a run without errors. --dump-model has no --out: any folder name serves.
  const std::string routes_root = absolute(o.out.empty() ? "rally-gen-routes" : o.out);
  ParseInput in{o.app, o.namespaces, {}, o.headers, o.flags, {}};
  in.flags.push_back("-I" + routes_root);
  for (const auto& f : route_files) in.virtual_files.emplace_back((fs::path(routes_root) / f.name).string(), f.content);
  for (const auto& p : model.pages) in.files.push_back(p.file);
  if (!parse_app(in, model, diags)) {
    diags.print(std::cerr);
    return 1;
  }
  compute_contract(model);
  validate(model, diags);
  sql::Output sql_out;
  if (!o.dump_model && (!o.migrations.empty() || !o.queries.empty())) sql_out = sql::generate(o.migrations, o.queries, diags);
  if (!diags.empty()) {
    diags.print(std::cerr);
    return 1;
  }
  if (o.dump_model) {
    std::cout << model_json(model);
    return 0;
  }

  auto files = emit_files(model, diags);
  files.insert(files.end(), sql_out.files.begin(), sql_out.files.end());
  if (!diags.empty()) {
    diags.print(std::cerr);
    return 1;
  }
  std::string error;
  for (const auto& f : files) {
    if (!write_if_changed((fs::path(o.out) / f.name).string(), f.content, error)) {
      std::cerr << "rally-gen: " << error << "\n";
      return 1;
    }
  }
  // Our own outputs (routes.hpp, read by the parser) are not inputs of the run.
  std::vector<std::string> inputs;
  std::string out_dir = fs::weakly_canonical(fs::absolute(o.out)).string() + "/";
  for (const auto& f : model.inputs)
    if (f.rfind(out_dir, 0) != 0) inputs.push_back(f);
  inputs.insert(inputs.end(), sql_out.inputs.begin(), sql_out.inputs.end());
  if (!write_if_changed(o.depfile, make_depfile(o.stamp, inputs), error)) {
    std::cerr << "rally-gen: " << error << "\n";
    return 1;
  }
  // The stamp is always touched, last: it tells the build this run finished.
  std::error_code ec;
  if (fs::path(o.stamp).has_parent_path()) fs::create_directories(fs::path(o.stamp).parent_path(), ec);
  std::ofstream stamp(o.stamp, std::ios::trunc);
  if (!stamp) {
    std::cerr << "rally-gen: cannot write " << o.stamp << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "rally-gen: internal error: " << e.what() << "\n";
    return 1;
  } catch (...) {
    std::cerr << "rally-gen: internal error\n";
    return 1;
  }
}
