// Wire types: clang types -> TypeRef, from the spelled type (never the canonical one, whose
// integer spellings differ between x86_64 and wasm32).
#include <algorithm>
#include <filesystem>

#include "parse_internal.hpp"

namespace rally::gen {

std::string qualified_name(CXCursor c) {
  std::vector<std::string> parts;
  for (CXCursor cur = c; !clang_Cursor_isNull(cur) && !clang_isInvalid(clang_getCursorKind(cur)) &&
                         clang_getCursorKind(cur) != CXCursor_TranslationUnit;
       cur = clang_getCursorSemanticParent(cur)) {
    auto kind = clang_getCursorKind(cur);
    if (kind == CXCursor_LinkageSpec) continue;
    if (kind == CXCursor_Namespace && clang_Cursor_isInlineNamespace(cur)) continue;
    std::string n = take(clang_getCursorSpelling(cur));
    if (n.empty() || clang_Cursor_isAnonymous(cur)) n = "(anonymous)";
    parts.push_back(n);
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += "::";
    out += *it;
  }
  return out;
}

Location location_of(CXCursor c) {
  CXFile file = nullptr;
  unsigned line = 0, col = 0;
  clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, nullptr);
  Location loc;
  if (file) loc.file = std::filesystem::absolute(take(clang_getFileName(file))).lexically_normal().string();
  loc.line = line;
  loc.col = col;
  return loc;
}

std::string type_spelling(CXType t) { return take(clang_getTypeSpelling(t)); }

std::string canonical_spelling(CXType t) {
  std::string s = type_spelling(clang_getCanonicalType(t));
  for (const char* q : {"const ", "volatile "})
    while (s.rfind(q, 0) == 0) s.erase(0, std::string(q).size());
  return s;
}

std::string strip_scope(std::string spelled, const std::string& scope) {
  if (scope.empty()) return spelled;
  const std::string prefix = scope + "::";
  for (auto pos = spelled.find(prefix); pos != std::string::npos; pos = spelled.find(prefix, pos))
    spelled.erase(pos, prefix.size());
  return spelled;
}

void strip_scope(TypeRef& t, const std::string& scope) {
  if (t.kind == TypeKind::unsupported) t.name = strip_scope(t.name, scope);
  for (auto& a : t.args) strip_scope(a, scope);
}

namespace {

const std::set<std::string>& fixed_width_ints() {
  static const std::set<std::string> names = {"int8_t",  "int16_t",  "int32_t",  "int64_t",
                                              "uint8_t", "uint16_t", "uint32_t", "uint64_t"};
  return names;
}

// Builtin integer spellings we accept; char types are left out (their signedness varies).
const char* builtin_int(CXTypeKind k) {
  switch (k) {
    case CXType_SChar: return "signed char";
    case CXType_UChar: return "unsigned char";
    case CXType_Short: return "short";
    case CXType_UShort: return "unsigned short";
    case CXType_Int: return "int";
    case CXType_UInt: return "unsigned int";
    case CXType_Long: return "long";
    case CXType_ULong: return "unsigned long";
    case CXType_LongLong: return "long long";
    case CXType_ULongLong: return "unsigned long long";
    default: return nullptr;
  }
}

TypeRef unsupported(CXType t, std::string why = {}) {
  TypeRef r;
  r.kind = TypeKind::unsupported;
  r.name = type_spelling(t);
  r.why = std::move(why);
  return r;
}

TypeRef simple(TypeKind k, std::string name = {}) {
  TypeRef r;
  r.kind = k;
  r.name = std::move(name);
  return r;
}

}  // namespace

TypeRef TypeCollector::collect(CXType t) {
  if (t.kind == CXType_Elaborated) return collect(clang_Type_getNamedType(t));
  if (t.kind == CXType_Typedef) {
    CXCursor d = clang_getTypeDeclaration(t);
    std::string name = take(clang_getCursorSpelling(d));
    std::string q = qualified_name(d);
    if (fixed_width_ints().count(name) && (q == name || q == "std::" + name))
      return simple(TypeKind::integer, "std::" + name);
    if (q == "std::string") return simple(TypeKind::string);
    return collect(clang_getTypedefDeclUnderlyingType(d));
  }
  CXType can = clang_getCanonicalType(t);
  // clang 14 shows a type named through a using-declaration (std::int64_t is `using ::int64_t;`
  // in libstdc++) as an unexposed type without a declaration: read its name from the spelling.
  if (t.kind == CXType_Unexposed && clang_getCursorKind(clang_getTypeDeclaration(t)) == CXCursor_NoDeclFound) {
    std::string name = type_spelling(t);
    for (const char* prefix : {"const ", "::", "std::"})
      if (name.rfind(prefix, 0) == 0) name.erase(0, std::string(prefix).size());
    if (fixed_width_ints().count(name) && builtin_int(can.kind)) return simple(TypeKind::integer, "std::" + name);
  }
  if (can.kind == CXType_Bool) return simple(TypeKind::boolean);
  if (can.kind == CXType_Double) return simple(TypeKind::floating, "double");
  if (const char* n = builtin_int(can.kind)) return simple(TypeKind::integer, n);
  if (can.kind == CXType_Enum) return from_enum(t, clang_getTypeDeclaration(can));
  if (can.kind != CXType_Record) return unsupported(t);

  CXCursor decl = clang_getTypeDeclaration(can);
  int nargs = clang_Type_getNumTemplateArguments(t);
  CXCursor templ = clang_getSpecializedCursorTemplate(decl);
  if (!clang_Cursor_isNull(templ)) return from_template(t, qualified_name(templ), nargs);
  return from_record(t, decl);
}

TypeRef TypeCollector::collect_client_only(CXType t) {
  client_only_ = true;
  TypeRef r = collect(t);
  client_only_ = false;
  return r;
}

void TypeCollector::to_wire(const TypeRef& t) {
  for (const auto& a : t.args) to_wire(a);
  if (t.kind == TypeKind::enumeration) {
    if (auto it = enums_.find(t.name); it != enums_.end()) it->second.client_only = false;
  } else if (t.kind == TypeKind::structure) {
    auto it = structs_.find(t.name);
    if (it == structs_.end() || !it->second.client_only) return;
    it->second.client_only = false;
    for (const auto& f : it->second.fields) to_wire(f.type);
  }
}

TypeRef TypeCollector::from_template(CXType t, const std::string& templ, int nargs) {
  auto arg = [&](int i) { return collect(clang_Type_getTemplateArgumentAsType(t, static_cast<unsigned>(i))); };
  TypeRef r;
  if (templ == "std::basic_string") {
    CXType a0 = clang_getCanonicalType(clang_Type_getTemplateArgumentAsType(t, 0));
    if (nargs >= 1 && (a0.kind == CXType_Char_S || a0.kind == CXType_Char_U)) return simple(TypeKind::string);
    return unsupported(t);
  }
  if ((templ == "std::vector" || templ == "std::optional") && nargs >= 1) {
    r.kind = templ == "std::vector" ? TypeKind::vector : TypeKind::optional;
    r.args.push_back(arg(0));
    return r;
  }
  if (templ == "std::map" && nargs >= 2) {
    r.kind = TypeKind::map;
    r.args = {arg(0), arg(1)};
    return r;
  }
  if (templ == "std::variant" && nargs >= 1) {
    r.kind = TypeKind::variant;
    for (int i = 0; i < nargs; ++i) {
      CXType a = clang_Type_getTemplateArgumentAsType(t, static_cast<unsigned>(i));
      if (a.kind == CXType_Invalid) return unsupported(t, "a variant seen only through its canonical type");
      r.args.push_back(collect(a));
    }
    return r;
  }
  if (templ == "rally::Result" && nargs >= 1) {
    r.kind = TypeKind::result;
    r.args.push_back(arg(0));
    if (nargs >= 2) {
      r.args.push_back(arg(1));
    } else {  // the default error type, as result.hpp spells it
      TypeRef e = simple(TypeKind::vector);
      e.args.push_back(simple(TypeKind::string));
      r.args.push_back(e);
    }
    return r;
  }
  return unsupported(t);
}

TypeRef TypeCollector::from_record(CXType t, CXCursor decl) {
  CXCursor def = clang_getCursorDefinition(decl);
  auto kind = clang_getCursorKind(decl);
  if (kind != CXCursor_StructDecl && kind != CXCursor_ClassDecl) return unsupported(t);
  if (clang_Cursor_isNull(def)) return unsupported(t, "it is an incomplete type");
  std::string q = qualified_name(def);
  if (q.find("(anonymous)") != std::string::npos) return unsupported(t, "it has no name");
  TypeRef r = simple(TypeKind::structure, q);
  if (structs_.count(q)) {  // already collected, or being collected (a recursive type)
    if (!client_only_) to_wire(r);
    return r;
  }

  structs_[q] = WireStruct{q, take(clang_getCursorSpelling(def)), {}, {}, location_of(def), client_only_};
  std::vector<Field> fields;
  std::string flaw;
  for_each_child(def, [&](CXCursor c) {
    switch (clang_getCursorKind(c)) {
      case CXCursor_CXXBaseSpecifier:
        if (flaw.empty()) flaw = "it has a base class";
        break;
      case CXCursor_CXXMethod:
        if (clang_CXXMethod_isVirtual(c) && flaw.empty()) flaw = "it has virtual functions";
        break;
      case CXCursor_FieldDecl:
        if (clang_getCXXAccessSpecifier(c) != CX_CXXPublic) {
          if (flaw.empty()) flaw = "its field '" + take(clang_getCursorSpelling(c)) + "' is not public";
        } else {
          // Messages name types as the author reads them next to the field, without its namespace.
          TypeRef t = collect(clang_getCursorType(c));
          strip_scope(t, qualified_name(clang_getCursorSemanticParent(def)));
          const bool assignable = !clang_isConstQualifiedType(clang_getCursorType(c)) && !clang_Cursor_isBitField(c);
          fields.push_back({take(clang_getCursorSpelling(c)), std::move(t), location_of(c), assignable});
        }
        break;
      default:
        break;
    }
    return true;
  });
  auto& s = structs_[q];
  s.fields = std::move(fields);
  s.flaw = std::move(flaw);
  return r;
}

TypeRef TypeCollector::from_enum(CXType t, CXCursor decl) {
  CXCursor def = clang_getCursorDefinition(decl);
  if (clang_Cursor_isNull(def)) return unsupported(t, "it is an incomplete type");
  std::string q = qualified_name(def);
  if (q.find("(anonymous)") != std::string::npos) return unsupported(t, "it has no name");
  TypeRef r = simple(TypeKind::enumeration, q);
  if (enums_.count(q)) {
    if (!client_only_) to_wire(r);
    return r;
  }
  WireEnum e;
  e.name = q;
  e.client_only = client_only_;
  e.loc = location_of(def);
  CXType under = clang_getCanonicalType(clang_getEnumDeclIntegerType(def));
  const char* u = builtin_int(under.kind);
  e.underlying = u ? u : type_spelling(under);
  bool is_unsigned = under.kind == CXType_UChar || under.kind == CXType_UShort || under.kind == CXType_UInt ||
                     under.kind == CXType_ULong || under.kind == CXType_ULongLong;
  for_each_child(def, [&](CXCursor c) {
    if (clang_getCursorKind(c) == CXCursor_EnumConstantDecl) {
      std::string v = is_unsigned ? std::to_string(clang_getEnumConstantDeclUnsignedValue(c))
                                  : std::to_string(clang_getEnumConstantDeclValue(c));
      e.enumerators.push_back({take(clang_getCursorSpelling(c)), v});
    }
    return true;
  });
  enums_[q] = std::move(e);
  return r;
}

std::string TypeCollector::unencodable(const TypeRef& t) const {
  std::set<std::string> seen;
  return unencodable(t, "", seen);
}

std::string TypeCollector::unencodable(const TypeRef& t, const std::string& where, std::set<std::string>& seen) const {
  const std::string prefix = where.empty() ? "it" : where;
  if (t.kind == TypeKind::unsupported)
    return prefix + " has type '" + t.name + "'" + (t.why.empty() ? "" : " (" + t.why + ")");
  for (const auto& a : t.args)
    if (std::string why = unencodable(a, where, seen); !why.empty()) return why;
  if (t.kind != TypeKind::structure && t.kind != TypeKind::enumeration) return "";
  // The standard library's and Rally's own types (std::monostate, std::byte) get no generated
  // codecs, and a route's codec is the one in its namespace's routes.hpp, without a describe.
  if (t.name.rfind("std::", 0) == 0 || t.name.rfind("rally::", 0) == 0 || t.name.find("::routes::") != std::string::npos)
    return prefix + " has type '" + t.name + "'";
  if (t.kind != TypeKind::structure || !seen.insert(t.name).second) return "";
  auto it = structs_.find(t.name);
  if (it == structs_.end()) return "";
  const WireStruct& s = it->second;
  if (!s.flaw.empty()) return s.short_name + " cannot cross the wire (" + s.flaw + ")";
  for (const auto& f : s.fields) {
    if (!f.assignable) return s.short_name + "::" + f.name + " is const or a bit-field";
    if (std::string why = unencodable(f.type, s.short_name + "::" + f.name, seen); !why.empty()) return why;
  }
  return "";
}

void TypeCollector::finish(AppModel& model) {
  for (auto& [name, s] : structs_) model.structs.push_back(std::move(s));
  for (auto& [name, e] : enums_) model.enums.push_back(std::move(e));
  structs_.clear();
  enums_.clear();
}

SigType sig_type(CXType t) {
  SigType s;
  s.spelled = type_spelling(t);
  CXType inner = t;
  CXType can = clang_getCanonicalType(t);
  if (can.kind == CXType_LValueReference || can.kind == CXType_RValueReference) {
    inner = clang_getPointeeType(can);
    if (can.kind == CXType_RValueReference) s.ref = SigType::Ref::other;
    else s.ref = clang_isConstQualifiedType(inner) ? SigType::Ref::const_lvalue : SigType::Ref::lvalue;
  } else if (can.kind == CXType_Pointer) {
    s.ref = SigType::Ref::other;
  }
  CXType base = clang_getCanonicalType(inner);
  s.canonical = canonical_spelling(base);
  if (base.kind == CXType_Record) {
    s.is_record = true;
    CXCursor decl = clang_getTypeDeclaration(base);
    CXCursor templ = clang_getSpecializedCursorTemplate(decl);
    s.decl = qualified_name(clang_Cursor_isNull(templ) ? decl : templ);
    int n = clang_Type_getNumTemplateArguments(base);
    for (int i = 0; i < n; ++i)
      s.args.push_back(canonical_spelling(clang_Type_getTemplateArgumentAsType(base, static_cast<unsigned>(i))));
  }
  return s;
}

Function parse_function(CXCursor fn) {
  const std::string scope = qualified_name(clang_getCursorSemanticParent(fn));
  Function f;
  f.present = true;
  f.name = take(clang_getCursorSpelling(fn));
  f.loc = location_of(fn);
  f.result = sig_type(clang_getCursorResultType(fn));
  f.result.spelled = strip_scope(f.result.spelled, scope);
  int n = clang_Cursor_getNumArguments(fn);
  for (int i = 0; i < n; ++i) {
    CXCursor a = clang_Cursor_getArgument(fn, static_cast<unsigned>(i));
    f.params.push_back({take(clang_getCursorSpelling(a)), sig_type(clang_getCursorType(a)), location_of(a)});
    f.params.back().type.spelled = strip_scope(f.params.back().type.spelled, scope);
  }
  return f;
}

}  // namespace rally::gen
