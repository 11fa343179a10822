#pragma once
// Shared by the parse_*.cpp visitors; never seen by validation or emission.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "clang_raii.hpp"
#include "model.hpp"

namespace rally::gen {

// a::b::C, skipping inline namespaces (std::__cxx11) and extern "C" blocks.
std::string qualified_name(CXCursor c);
Location location_of(CXCursor c);
std::string type_spelling(CXType t);
// Canonical spelling without top-level const: the identity of a type within one parse.
std::string canonical_spelling(CXType t);
// Drops "scope::" from spellings, so messages read like the page's own source.
std::string strip_scope(std::string spelled, const std::string& scope);
void strip_scope(TypeRef& t, const std::string& scope);

// Turns clang types into wire TypeRefs, recording every struct and enum it reaches.
class TypeCollector {
 public:
  TypeRef collect(CXType t);
  // The same for a page's Msg: what it alone reaches is marked client_only.
  TypeRef collect_client_only(CXType t);
  // What in `t` (as this collector collected it) cannot be encoded, e.g. "Tick::at has type
  // 'std::chrono::seconds'", or "" when all of it can.
  std::string unencodable(const TypeRef& t) const;
  // Moves the collected structs and enums (sorted by name) into the model.
  void finish(AppModel& model);

 private:
  TypeRef from_template(CXType t, const std::string& templ, int nargs);
  TypeRef from_record(CXType t, CXCursor decl);
  TypeRef from_enum(CXType t, CXCursor decl);
  std::string unencodable(const TypeRef& t, const std::string& where, std::set<std::string>& seen) const;
  // A type collected client-only and then reached from the wire: it and what it reaches are not.
  void to_wire(const TypeRef& t);
  bool client_only_ = false;
  std::map<std::string, WireStruct> structs_;
  std::map<std::string, WireEnum> enums_;
};

SigType sig_type(CXType t);
Function parse_function(CXCursor fn);

// Reads one page's declarations (from every reopening of its namespace) into `page`.
void parse_page(const std::vector<CXCursor>& scopes, Page& page, TypeCollector& types, AppModel& model);

}  // namespace rally::gen
