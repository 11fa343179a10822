#include "model.hpp"

#include <algorithm>

namespace rally::gen {

std::string spell(const TypeRef& t) {
  auto list = [&] {
    std::string s;
    for (std::size_t i = 0; i < t.args.size(); ++i) s += (i ? ", " : "") + spell(t.args[i]);
    return s;
  };
  switch (t.kind) {
    case TypeKind::integer: return t.name;
    case TypeKind::floating: return "double";
    case TypeKind::boolean: return "bool";
    case TypeKind::string: return "std::string";
    case TypeKind::vector: return "std::vector<" + list() + ">";
    case TypeKind::optional: return "std::optional<" + list() + ">";
    case TypeKind::map: return "std::map<" + list() + ">";
    case TypeKind::variant: return "std::variant<" + list() + ">";
    case TypeKind::result: return "rally::Result<" + list() + ">";
    case TypeKind::enumeration:
    case TypeKind::structure:
    case TypeKind::unsupported: return t.name;
  }
  return t.name;
}

const WireStruct* find_struct(const AppModel& m, const std::string& name) {
  auto it = std::find_if(m.structs.begin(), m.structs.end(), [&](const WireStruct& s) { return s.name == name; });
  return it == m.structs.end() ? nullptr : &*it;
}

const WireEnum* find_enum(const AppModel& m, const std::string& name) {
  auto it = std::find_if(m.enums.begin(), m.enums.end(), [&](const WireEnum& e) { return e.name == name; });
  return it == m.enums.end() ? nullptr : &*it;
}

}  // namespace rally::gen
