// codecs/<header>: the wire codecs of the types one header declares, so that a page's units include
// the codecs of the types they use and an edit recompiles only what uses the edited header's types.
#include <map>
#include <set>

#include "contract.hpp"
#include "emit_internal.hpp"
#include "routes.hpp"

namespace rally::gen {

namespace {

using kainjow::mustache::data;

// The files declaring the structs and enums `t` refers to directly (not through their fields).
void direct_files(const AppModel& m, const TypeRef& t, std::set<std::string>& out) {
  for (const auto& a : t.args) direct_files(m, a, out);
  if (t.kind == TypeKind::structure) {
    if (const WireStruct* s = find_struct(m, t.name)) out.insert(s->loc.file);
  } else if (t.kind == TypeKind::enumeration) {
    if (const WireEnum* e = find_enum(m, t.name)) out.insert(e->loc.file);
  }
}

struct Declared {
  std::vector<const WireStruct*> structs;
  std::vector<const WireEnum*> enums;
  std::vector<const Topic*> topics;
};

}  // namespace

std::vector<OutputFile> emit_codecs(const AppModel& m, Diagnostics& diags) {
  std::map<std::string, Declared> by_file;
  for (const auto& s : m.structs) by_file[s.loc.file].structs.push_back(&s);
  for (const auto& e : m.enums) by_file[e.loc.file].enums.push_back(&e);
  for (const auto& t : m.topics) by_file[t.loc.file].topics.push_back(&t);

  std::vector<OutputFile> out;
  for (const auto& [file, declared] : by_file) {
    std::string source = include_spelling(file, m.include_dirs);
    data d;
    d.set("banner", banner(source));
    d.set("source", source);
    d.set("abi_check", abi_check());
    // The header itself, then the codecs of the types its types' fields use from other headers.
    data includes{data::type::list};
    std::vector<std::string> seen;
    add_include(includes, seen, source);
    std::set<std::string> deps;
    for (const WireStruct* s : declared.structs)
      for (const auto& f : s->fields) direct_files(m, f.type, deps);
    deps.erase(file);
    for (const auto& dep : deps) add_include(includes, seen, codec_header(m, dep));
    d.set("includes", includes);

    data structs{data::type::list};
    for (const WireStruct* s : declared.structs) {
      data sd;
      sd.set("name", s->name);
      sd.set("short_name", s->short_name);
      sd.set("description", describe(*s));
      data fields{data::type::list};
      for (const auto& f : s->fields) fields.push_back(data("field", f.name));
      sd.set("fields", fields);
      sd.set("has_fields", !s->fields.empty());
      structs.push_back(sd);
    }
    d.set("structs", structs);
    data enums{data::type::list};
    for (const WireEnum* e : declared.enums) {
      data ed;
      ed.set("name", e->name);
      ed.set("description", describe(*e));
      // Described as the page's source names them: Color::red, not web::pages::home_::Color::red.
      const std::string short_name = e->name.substr(e->name.rfind(':') == std::string::npos ? 0 : e->name.rfind(':') + 1);
      std::string list, named;
      for (const auto& x : e->enumerators) {
        list += (list.empty() ? "" : ", ") + e->name + "::" + x.name;
        named += std::string(named.empty() ? "" : ", ") + "{" + e->name + "::" + x.name + ", \"" + short_name + "::" + x.name + "\"}";
      }
      ed.set("enumerators", list);
      ed.set("named_enumerators", named);
      enums.push_back(ed);
    }
    d.set("enums", enums);
    data topics{data::type::list};
    for (const Topic* t : declared.topics) {
      data td;
      td.set("name", t->name);
      td.set("id_hex", t->id_hex);
      td.set("canonical", t->canonical);
      topics.push_back(td);
    }
    d.set("has_topics", !declared.topics.empty());
    d.set("topics", topics);
    out.push_back({codec_header(m, file), render_template("codecs.hpp", d, diags)});
  }
  return out;
}

}  // namespace rally::gen
