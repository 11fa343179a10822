#include "sql/infer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>

namespace rally::gen::sql {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

namespace {

bool is_name(const Token& t) { return t.kind == Tok::word || t.kind == Tok::quoted; }
bool is_word(const Token& t, const char* w) { return t.kind == Tok::word && t.upper == w; }
bool one_of(const Token& t, std::initializer_list<const char*> words) {
  if (t.kind != Tok::word) return false;
  for (const char* w : words)
    if (t.upper == w) return true;
  return false;
}
bool is_op(const Token& t, std::initializer_list<const char*> ops) {
  if (t.kind != Tok::op) return false;
  for (const char* o : ops)
    if (t.text == o) return true;
  return false;
}

// Words that end a table reference or an expression: an alias is never one of them.
const std::initializer_list<const char*> clause_words = {
    "WHERE", "ON", "USING", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL", "JOIN", "OUTER", "GROUP",
    "ORDER", "LIMIT", "OFFSET", "SET", "VALUES", "DEFAULT", "SELECT", "RETURNING", "WINDOW", "HAVING", "UNION",
    "EXCEPT", "INTERSECT", "INDEXED", "NOT", "AS", "FROM", "DO", "UPDATE", "END", "THEN", "ELSE", "WHEN",
    "AND", "OR", "IS", "IN", "LIKE", "GLOB", "BETWEEN", "COLLATE", "ASC", "DESC", "NULL", "CASE", "EXISTS"};
// Where scanning back from a '=' stops: SET means an assignment, anything else a comparison.
const std::initializer_list<const char*> stop_words = {
    "SET", "WHERE", "ON", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "SELECT", "HAVING", "RETURNING",
    "FROM", "JOIN", "CASE", "VALUES", "BY", "LIMIT", "OFFSET", "DO"};
const std::initializer_list<const char*> compare_ops = {"=", "==", "!=", "<>", "<", "<=", ">", ">="};

Type make(Kind k, bool nullable) { return Type{k, nullable}; }

// The type named in CAST(x AS <words>) or a column declaration.
std::optional<Kind> kind_of_type_words(const std::vector<Token>& t, std::size_t b, std::size_t e) {
  std::string decl;
  for (std::size_t i = b; i < e; ++i) decl += (decl.empty() ? "" : " ") + std::string(t[i].text);
  Kind k;
  if (kind_from_decl(decl, k)) return k;
  return std::nullopt;
}

}  // namespace

const std::vector<TableColumn>& Schema::columns(const std::string& table) {
  std::string key = lower(table);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  std::vector<TableColumn> cols;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    int pk_count = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      TableColumn c;
      c.name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      c.decl = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      c.notnull = sqlite3_column_int(st, 2) != 0;
      c.rowid_alias = sqlite3_column_int(st, 3) == 1 && lower(c.decl) == "integer";
      pk_count += sqlite3_column_int(st, 3) > 0;
      cols.push_back(std::move(c));
    }
    // Only a single-column INTEGER PRIMARY KEY aliases the rowid.
    if (pk_count != 1)
      for (auto& c : cols) c.rowid_alias = false;
  }
  sqlite3_finalize(st);
  return cache_[key] = std::move(cols);
}

const TableColumn* Schema::column(const std::string& table, const std::string& name) {
  for (const auto& c : columns(table))
    if (lower(c.name) == lower(name)) return &c;
  return nullptr;
}

Statement::Statement(Schema& schema, const std::vector<Token>& tokens) : schema_(schema), t_(tokens) {
  const auto& t = t_;
  std::size_t i = 0;
  if (!t.empty() && is_word(t[0], "WITH")) {
    i = 1;
    if (i < t.size() && is_word(t[i], "RECURSIVE")) ++i;
    while (i < t.size() && is_name(t[i])) {
      std::string name = lower(t[i].ident);
      ++i;
      if (i < t.size() && t[i].kind == Tok::lparen) i = t[i].match + 1;
      while (i < t.size() && one_of(t[i], {"AS", "NOT", "MATERIALIZED"})) ++i;
      if (i >= t.size() || t[i].kind != Tok::lparen) break;
      ctes_[name] = {i + 1, t[i].match};
      i = t[i].match + 1;
      if (i < t.size() && t[i].kind == Tok::comma) ++i;
      else break;
    }
  }
  main_ = i;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (is_word(t[k], "FROM") && !(k > 0 && is_word(t[k - 1], "DISTINCT"))) {
      parse_table_ref(k + 1, "");
    } else if (is_word(t[k], "JOIN")) {
      std::size_t j = k;
      while (j > 0 && one_of(t[j - 1], {"OUTER", "INNER", "NATURAL"})) --j;
      std::string kind = j > 0 && one_of(t[j - 1], {"LEFT", "RIGHT", "FULL"}) ? t[j - 1].upper : "";
      std::size_t first_new = refs_.size();
      parse_table_ref(k + 1, kind);
      if (kind == "RIGHT" || kind == "FULL") {
        // Everything joined before, at this level, can be missing.
        for (std::size_t r = 0; r < first_new; ++r) {
          if (refs_[r].depth != t[k].depth || refs_[r].at > k) continue;
          refs_[r].nullable = true;
          if (!refs_[r].table.empty()) collect_tables({refs_[r].at, refs_[r].at + 1}, outer_nullable_);
        }
      }
    } else if (is_word(t[k], "INTO") && k > 0 && one_of(t[k - 1], {"INSERT", "REPLACE", "ABORT", "FAIL", "IGNORE", "ROLLBACK"})) {
      parse_table_ref(k + 1, "");
      if (!refs_.empty()) target_ = refs_.back().table;
      // INSERT INTO [schema.]t [AS alias] (a, b, c)
      std::size_t c = k + 2;
      if (c + 1 < t.size() && t[c].kind == Tok::dot) c += 2;
      if (c + 1 < t.size() && is_word(t[c], "AS")) c += 2;
      if (c < t.size() && t[c].kind == Tok::lparen)
        for (std::size_t j = c + 1; j < t[c].match; ++j)
          if (is_name(t[j])) insert_columns_.push_back(lower(t[j].ident));
    } else if (is_word(t[k], "UPDATE") && !(k > 0 && is_word(t[k - 1], "DO"))) {
      std::size_t j = k + 1;
      if (j + 1 < t.size() && is_word(t[j], "OR")) j += 2;
      parse_table_ref(j, "");
      if (!refs_.empty()) target_ = refs_.back().table;
    }
  }
  if (target_.empty() && main_ < t.size() && is_word(t[main_], "DELETE") && !refs_.empty()) target_ = refs_.front().table;
}

std::size_t Statement::parse_table_ref(std::size_t i, const std::string& join) {
  const auto& t = t_;
  while (i < t.size()) {
    if (i >= t.size()) return i;
    TableRef ref;
    ref.depth = t[i].depth;
    ref.at = i;
    bool outer = join == "LEFT" || join == "FULL";
    std::set<std::string> inner;
    if (t[i].kind == Tok::lparen) {
      collect_tables({i + 1, t[i].match}, inner);
      i = t[i].match + 1;
    } else if (is_name(t[i])) {
      ref.table = lower(t[i].ident);
      ++i;
      if (i + 1 < t.size() && t[i].kind == Tok::dot && is_name(t[i + 1])) {  // schema.table
        ref.table = lower(t[i + 1].ident);
        i += 2;
      }
      if (i < t.size() && t[i].kind == Tok::lparen) i = t[i].match + 1;  // table-valued function
      if (ctes_.count(ref.table)) collect_tables(ctes_.at(ref.table), inner);
      else inner.insert(ref.table);
    } else {
      return i;
    }
    if (i < t.size() && is_word(t[i], "AS")) ++i;
    if (i < t.size() && is_name(t[i]) && !one_of(t[i], clause_words)) {
      ref.alias = lower(t[i].ident);
      ++i;
    }
    if (outer) {
      ref.nullable = true;
      outer_nullable_.insert(inner.begin(), inner.end());
    }
    refs_.push_back(ref);
    // FROM a, b: more references in the same list.
    if (i < t.size() && t[i].kind == Tok::comma && t[i].depth == ref.depth && join.empty()) {
      ++i;
      continue;
    }
    return i;
  }
  return i;
}

void Statement::collect_tables(Range r, std::set<std::string>& out, int guard) const {
  if (guard > 8) return;  // a CTE that names itself
  for (std::size_t k = r.first; k < r.second && k < t_.size(); ++k) {
    bool table_position = k == r.first || one_of(t_[k - 1], {"FROM", "JOIN"}) ||
                          (t_[k - 1].kind == Tok::comma && k >= 2 && one_of(t_[k - 2], {"FROM", "JOIN"}));
    if (!table_position || !is_name(t_[k]) || one_of(t_[k], clause_words)) continue;
    std::string name = lower(t_[k].ident);
    if (ctes_.count(name)) collect_tables(ctes_.at(name), out, guard + 1);
    else out.insert(name);
  }
}

bool Statement::outer_nullable(const std::string& table) const { return outer_nullable_.count(lower(table)) > 0; }

std::vector<ResultItem> Statement::result_items() const {
  const auto& t = t_;
  std::vector<ResultItem> items;
  if (main_ >= t.size()) return items;
  std::size_t start = 0, end = t.size();
  if (is_word(t[main_], "SELECT")) {
    start = main_ + 1;
    if (start < t.size() && one_of(t[start], {"DISTINCT", "ALL"})) ++start;
    for (std::size_t k = start; k < t.size(); ++k) {
      if (t[k].depth == 0 && (t[k].kind == Tok::semicolon ||
                              one_of(t[k], {"FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "UNION",
                                            "EXCEPT", "INTERSECT"}))) {
        end = k;
        break;
      }
    }
  } else {
    for (std::size_t k = main_; k < t.size(); ++k)
      if (t[k].depth == 0 && is_word(t[k], "RETURNING")) start = k + 1;
    if (start == 0) return items;
    for (std::size_t k = start; k < t.size(); ++k)
      if (t[k].kind == Tok::semicolon) end = k;
  }
  std::size_t b = start;
  for (std::size_t k = start; k <= end; ++k) {
    if (k < end && !(t[k].kind == Tok::comma && t[k].depth == 0)) continue;
    ResultItem item{{b, k}, false};
    auto& [ib, ie] = item.expr;
    if (ie - ib >= 2 && is_name(t[ie - 1])) {
      const Token& prev = t[ie - 2];
      if (is_word(prev, "AS")) ie -= 2;
      else if ((prev.kind == Tok::rparen || prev.kind == Tok::number || prev.kind == Tok::string ||
                (is_name(prev) && !one_of(prev, clause_words))) && !one_of(t[ie - 1], clause_words))
        ie -= 1;  // an alias without AS
    }
    item.star = ie > ib && t[ie - 1].kind == Tok::op && t[ie - 1].text == "*" && (ie - ib == 1 || t[ie - 2].kind == Tok::dot);
    items.push_back(item);
    b = k + 1;
  }
  return items;
}

std::optional<Type> Statement::column_type(const std::string& table, const std::string& column, bool nullable) const {
  std::string c = lower(column);
  if (c == "rowid" || c == "oid" || c == "_rowid_")
    if (!schema_.column(table, c)) return make(Kind::integer, nullable);
  const TableColumn* col = schema_.column(table, column);
  if (!col) return std::nullopt;
  Kind k;
  if (!kind_from_decl(col->decl, k)) return std::nullopt;
  return make(k, nullable || !(col->notnull || col->rowid_alias) || outer_nullable(table));
}

std::optional<Type> Statement::resolve(const std::string& qualifier, const std::string& column, int depth) const {
  std::string q = lower(qualifier);
  if (q == "excluded" && !target_.empty()) return column_type(target_, column, false);
  // The innermost reference that fits (a correlated subquery sees the outer tables too).
  const TableRef* best = nullptr;
  for (const auto& r : refs_) {
    if (r.table.empty() || ctes_.count(r.table)) continue;
    bool fits = q.empty() ? schema_.column(r.table, column) != nullptr ||
                                (lower(column) == "rowid" && !schema_.columns(r.table).empty())
                          : (r.alias == q || (r.alias.empty() && r.table == q));
    if (!fits) continue;
    if (!best || (r.depth <= depth && (best->depth > depth || r.depth > best->depth))) best = &r;
  }
  if (!best) return std::nullopt;
  return column_type(best->table, column, best->nullable);
}

std::optional<Type> Statement::infer(Range r) const {
  const auto& t = t_;
  auto [b, e] = r;
  if (b >= e || e > t.size()) return std::nullopt;
  if (e - b >= 3 && is_word(t[e - 2], "COLLATE")) e -= 2;
  if (t[b].kind == Tok::lparen && t[b].match == e - 1) {
    if (b + 1 < e && is_word(t[b + 1], "SELECT")) {
      // A scalar subquery: its first column, and NULL when it finds no row.
      std::size_t k = b + 2, end = e - 1;
      if (k < end && one_of(t[k], {"DISTINCT", "ALL"})) ++k;
      std::size_t ie = k;
      while (ie < end && !(t[ie].depth == t[b + 1].depth &&
                           (t[ie].kind == Tok::comma || one_of(t[ie], {"FROM", "WHERE", "GROUP", "ORDER", "LIMIT"}))))
        ++ie;
      if (ie - k >= 2 && is_word(t[ie - 2], "AS")) ie -= 2;
      auto inner = infer({k, ie});
      if (inner) inner->nullable = true;
      return inner;
    }
    return infer({b + 1, e - 1});
  }
  if (is_word(t[b], "EXISTS") || (e - b > 1 && is_word(t[b], "NOT") && is_word(t[b + 1], "EXISTS")))
    return make(Kind::boolean, false);

  // Operators at this level decide the kind; operands decide nullability.
  const int depth = t[b].depth;
  bool logic = false, null_test = false, concat = false, arith = false;
  std::vector<Range> operands;
  std::size_t ob = b;
  for (std::size_t k = b; k < e; ++k) {
    if (t[k].depth != depth) continue;
    if (is_word(t[k], "CASE")) {  // skip to its END
      int nest = 0;
      for (; k < e; ++k) {
        if (is_word(t[k], "CASE")) ++nest;
        if (is_word(t[k], "END") && --nest == 0) break;
      }
      continue;
    }
    bool op = true;
    if (is_op(t[k], compare_ops) || one_of(t[k], {"AND", "OR", "NOT", "IN", "LIKE", "GLOB", "REGEXP", "MATCH", "BETWEEN", "ESCAPE"}))
      logic = true;
    else if (one_of(t[k], {"IS", "ISNULL", "NOTNULL"}))
      logic = null_test = true;
    else if (is_op(t[k], {"||"}))
      concat = true;
    else if (is_op(t[k], {"+", "-", "*", "/", "%", "&", "|", "<<", ">>", "~"}))
      arith = true;
    else if (is_op(t[k], {"->", "->>"}))
      return std::nullopt;
    else
      op = false;
    if (op) {
      if (k > ob) operands.push_back({ob, k});
      ob = k + 1;
    }
  }
  if (logic || concat || arith) {
    if (e > ob) operands.push_back({ob, e});
    bool nullable = false, real = false;
    for (const auto& o : operands) {
      auto ot = infer(o);
      if (!ot) {
        if (arith) return std::nullopt;
        if (!logic) nullable = true;
        continue;
      }
      nullable = nullable || ot->nullable;
      if (ot->kind == Kind::real) real = true;
      if (arith && (ot->kind == Kind::text || ot->kind == Kind::blob)) return std::nullopt;
    }
    if (logic) return make(Kind::boolean, nullable && !null_test);
    if (concat) return make(Kind::text, nullable);
    return make(real ? Kind::real : Kind::integer, nullable);
  }

  const Token& f = t[b];
  const std::size_t n = e - b;
  if (n == 1) {
    if (f.kind == Tok::number) {
      bool hex = f.text.size() > 1 && (f.text[1] == 'x' || f.text[1] == 'X');
      bool real = !hex && f.text.find_first_of(".eE") != std::string_view::npos;
      return make(real ? Kind::real : Kind::integer, false);
    }
    if (f.kind == Tok::string) return make(Kind::text, false);
    if (f.kind == Tok::blob) return make(Kind::blob, false);
    if (one_of(f, {"TRUE", "FALSE"})) return make(Kind::boolean, false);
    if (one_of(f, {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"})) return make(Kind::text, false);
    if (is_word(f, "NULL")) return std::nullopt;
    if (f.kind == Tok::param) {
      auto idx = param_index.find(b);
      if (idx == param_index.end()) return std::nullopt;
      auto pt = param_types.find(idx->second);
      if (pt == param_types.end()) return std::nullopt;
      return pt->second;
    }
    if (is_name(f)) return resolve("", f.ident, f.depth);
    return std::nullopt;
  }
  if (n == 3 && is_name(f) && t[b + 1].kind == Tok::dot && is_name(t[b + 2])) return resolve(f.ident, t[b + 2].ident, f.depth);
  if (is_word(f, "CASE")) return infer_case({b, e});
  if (f.kind == Tok::word && t[b + 1].kind == Tok::lparen) return infer_function({b, e});
  return std::nullopt;
}

std::optional<Type> Statement::infer_case(Range r) const {
  const auto& t = t_;
  const int depth = t[r.first].depth;
  std::vector<Range> results;
  bool has_else = false, nullable = false;
  std::size_t start = 0;
  int nest = 0;
  for (std::size_t k = r.first; k < r.second; ++k) {
    if (t[k].depth != depth) continue;
    if (is_word(t[k], "CASE")) ++nest;
    if (nest == 1 && one_of(t[k], {"WHEN", "ELSE", "END"}) && start) results.push_back({start, k}), start = 0;
    if (nest == 1 && one_of(t[k], {"THEN", "ELSE"})) start = k + 1, has_else = has_else || is_word(t[k], "ELSE");
    if (is_word(t[k], "END")) --nest;
  }
  std::optional<Type> type;
  for (const auto& res : results) {
    if (res.second - res.first == 1 && is_word(t[res.first], "NULL")) {
      nullable = true;
      continue;
    }
    auto rt = infer(res);
    if (!rt) return std::nullopt;
    if (type && type->kind != rt->kind) return std::nullopt;
    nullable = nullable || rt->nullable;
    type = rt;
  }
  if (type) type->nullable = nullable || !has_else;
  return type;
}

std::optional<Type> Statement::infer_function(Range r) const {
  const auto& t = t_;
  const std::size_t open = r.first + 1, close = t[open].match;
  // Anything after the call other than FILTER (...) / OVER ... makes it an expression we don't know.
  for (std::size_t k = close + 1; k < r.second; ++k) {
    if (t[k].depth != t[r.first].depth) continue;
    if (!one_of(t[k], {"FILTER", "OVER"}) && t[k].kind != Tok::lparen && t[k].kind != Tok::rparen && !is_name(t[k]))
      return std::nullopt;
  }
  std::vector<Range> args;
  std::size_t ab = open + 1;
  if (ab < close && one_of(t[ab], {"DISTINCT", "ALL"})) ++ab;
  for (std::size_t k = ab; k <= close; ++k)
    if (k == close || (t[k].kind == Tok::comma && t[k].depth == t[open].depth + 1)) {
      if (k > ab) args.push_back({ab, k});
      ab = k + 1;
    }
  const std::string& name = t[r.first].upper;
  auto arg = [&](std::size_t i) { return i < args.size() ? infer(args[i]) : std::nullopt; };
  auto any_nullable = [&] {
    for (const auto& a : args) {
      auto at = infer(a);
      if (!at || at->nullable) return true;
    }
    return false;
  };
  auto named = [&](std::initializer_list<const char*> names) { return one_of(t[r.first], names); };

  if (name == "CAST" && args.size() == 1) {
    std::size_t as = args[0].first;
    while (as < close && !(is_word(t[as], "AS") && t[as].depth == t[open].depth + 1)) ++as;
    auto k = kind_of_type_words(t, as + 1, close);
    if (!k) return std::nullopt;
    auto inner = infer({args[0].first, as});
    return make(*k, !inner || inner->nullable);
  }
  if (named({"COUNT", "ROW_NUMBER", "RANK", "DENSE_RANK", "NTILE", "CHANGES", "TOTAL_CHANGES", "LAST_INSERT_ROWID", "RANDOM"}))
    return make(Kind::integer, false);
  if (named({"PERCENT_RANK", "CUME_DIST", "TOTAL"})) return make(Kind::real, false);
  if (name == "AVG") return make(Kind::real, true);
  if (name == "SUM") {
    auto a = arg(0);
    return make(a && a->kind == Kind::integer ? Kind::integer : Kind::real, true);
  }
  if (named({"MIN", "MAX"}) && args.size() == 1) {
    auto a = arg(0);
    if (a) a->nullable = true;  // no rows: NULL
    return a;
  }
  if (named({"MIN", "MAX", "ABS", "LIKELY", "UNLIKELY", "NULLIF"})) {
    auto a = arg(0);
    if (a) a->nullable = name == "NULLIF" || any_nullable();
    return a;
  }
  if (named({"LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE"})) {
    auto a = arg(0);
    if (a) a->nullable = true;
    return a;
  }
  if (named({"COALESCE", "IFNULL"})) {
    std::optional<Type> type;
    bool nullable = true;
    for (const auto& a : args) {
      auto at = infer(a);
      if (!at) continue;
      if (!type) type = at;
      nullable = nullable && at->nullable;
    }
    if (type) type->nullable = nullable;
    return type;
  }
  if (name == "IIF" && args.size() == 3) {
    auto a = arg(1), c = arg(2);
    if (!a || !c || a->kind != c->kind) return std::nullopt;
    a->nullable = a->nullable || c->nullable;
    return a;
  }
  if (named({"LENGTH", "OCTET_LENGTH", "INSTR", "UNICODE", "SIGN"})) return make(Kind::integer, any_nullable());
  if (named({"ROUND", "JULIANDAY"})) return make(Kind::real, any_nullable() || name == "JULIANDAY");
  if (named({"LOWER", "UPPER", "TRIM", "LTRIM", "RTRIM", "SUBSTR", "SUBSTRING", "REPLACE", "CHAR", "HEX", "QUOTE"}))
    return make(Kind::text, any_nullable());
  if (named({"PRINTF", "FORMAT", "TYPEOF"})) return make(Kind::text, false);
  if (named({"GROUP_CONCAT", "STRING_AGG", "DATE", "TIME", "DATETIME", "STRFTIME"})) return make(Kind::text, true);
  if (named({"RANDOMBLOB", "ZEROBLOB"})) return make(Kind::blob, false);
  return std::nullopt;
}

Range Statement::operand_before(std::size_t op) const {
  const auto& t = t_;
  if (op == 0) return {0, 0};
  std::size_t j = op - 1;
  if (t[j].kind == Tok::rparen) {
    std::size_t b = t[j].match;
    if (b > 0 && t[b - 1].kind == Tok::word && !one_of(t[b - 1], clause_words) && !one_of(t[b - 1], stop_words)) --b;
    return {b, op};
  }
  if (is_name(t[j]) && j >= 2 && t[j - 1].kind == Tok::dot && is_name(t[j - 2])) return {j - 2, op};
  return {j, op};
}

Range Statement::operand_after(std::size_t op) const {
  const auto& t = t_;
  std::size_t j = op + 1;
  if (j >= t.size()) return {j, j};
  if (t[j].kind == Tok::word && j + 1 < t.size() && t[j + 1].kind == Tok::lparen) return {j, t[j + 1].match + 1};
  if (is_name(t[j]) && j + 2 < t.size() && t[j + 1].kind == Tok::dot && is_name(t[j + 2])) return {j, j + 3};
  if (t[j].kind == Tok::lparen) return {j, t[j].match + 1};
  return {j, j + 1};
}

bool Statement::in_set_clause(std::size_t op) const {
  const int depth = t_[op].depth;
  for (std::size_t k = op; k-- > 0;) {
    if (t_[k].depth < depth) return false;
    if (t_[k].depth == depth && one_of(t_[k], stop_words)) return is_word(t_[k], "SET");
  }
  return false;
}

std::optional<Type> Statement::insert_value_type(std::size_t index) const {
  const auto& t = t_;
  // The tuple's '(' and the parameter's position in it.
  std::size_t open = index, position = 0;
  while (open-- > 0) {
    if (t[open].depth < t[index].depth) break;
    if (t[open].depth == t[index].depth && t[open].kind == Tok::comma) ++position;
  }
  if (open >= t.size() || t[open].kind != Tok::lparen) return std::nullopt;
  std::size_t j = open;
  while (j >= 2 && t[j - 1].kind == Tok::comma && t[j - 2].kind == Tok::rparen) j = t[j - 2].match;
  if (j == 0 || !is_word(t[j - 1], "VALUES") || target_.empty()) return std::nullopt;
  std::string column;
  if (!insert_columns_.empty()) {
    if (position >= insert_columns_.size()) return std::nullopt;
    column = insert_columns_[position];
  } else {
    const auto& cols = schema_.columns(target_);
    if (position >= cols.size()) return std::nullopt;
    column = cols[position].name;
  }
  return column_type(target_, column, false);
}

std::optional<Type> Statement::infer_param(std::size_t k) const {
  const auto& t = t_;
  const bool has_prev = k > 0, has_next = k + 1 < t.size();
  const Token* prev = has_prev ? &t[k - 1] : nullptr;
  const Token* next = has_next ? &t[k + 1] : nullptr;
  auto non_null = [](std::optional<Type> ty, bool nullable = false) {
    if (ty) ty->nullable = nullable;
    return ty;
  };
  // CAST(:x AS T)
  if (k >= 2 && prev->kind == Tok::lparen && is_word(t[k - 2], "CAST") && next && is_word(*next, "AS")) {
    auto kind = kind_of_type_words(t, k + 2, prev->match);
    if (kind) return make(*kind, false);
    return std::nullopt;
  }
  // LIMIT :n, OFFSET :n, LIMIT :a, :b
  if (prev && one_of(*prev, {"LIMIT", "OFFSET"})) return make(Kind::integer, false);
  if (prev && prev->kind == Tok::comma && k >= 3 && is_word(t[k - 3], "LIMIT")) return make(Kind::integer, false);
  // column <op> :x  (and SET column = :x, which takes the column's nullability)
  if (prev && (is_op(*prev, compare_ops) || one_of(*prev, {"LIKE", "GLOB", "IS"}) ||
               (is_word(*prev, "NOT") && k >= 2 && is_word(t[k - 2], "IS")))) {
    std::size_t op = k - 1;
    bool is_test = one_of(*prev, {"IS"}) || is_word(*prev, "NOT");
    if (is_word(*prev, "NOT")) --op;
    auto other = infer(operand_before(op));
    if (!other) return std::nullopt;
    if (prev->text == "=" && in_set_clause(op)) return other;
    return non_null(other, is_test);
  }
  // :x <op> column
  if (next && (is_op(*next, compare_ops) || one_of(*next, {"LIKE", "GLOB", "IS"}))) {
    std::size_t op = k + 1;
    bool is_test = is_word(*next, "IS");
    if (is_test && op + 1 < t.size() && is_word(t[op + 1], "NOT")) ++op;
    return non_null(infer(operand_after(op)), is_test);
  }
  // qty + :n: the other operand's type (an INTEGER column gives an INTEGER argument; CAST for REAL)
  const std::initializer_list<const char*> arith = {"+", "-", "*", "/", "%"};
  if (prev && is_op(*prev, arith) && k >= 2)
    if (auto other = infer(operand_before(k - 1))) return non_null(other);
  if (next && is_op(*next, arith))
    if (auto other = infer(operand_after(k + 1))) return non_null(other);
  // column BETWEEN :a AND :b
  if (prev && is_word(*prev, "BETWEEN")) {
    std::size_t op = k - 1;
    if (op > 0 && is_word(t[op - 1], "NOT")) --op;
    return non_null(infer(operand_before(op)));
  }
  if (prev && is_word(*prev, "AND")) {
    for (std::size_t j = k - 1; j-- > 0;) {
      if (t[j].depth < t[k].depth) break;
      if (t[j].depth != t[k].depth) continue;
      if (is_word(t[j], "BETWEEN")) {
        std::size_t op = j;
        if (op > 0 && is_word(t[op - 1], "NOT")) --op;
        return non_null(infer(operand_before(op)));
      }
      if (one_of(t[j], stop_words)) break;
    }
  }
  // column IN (:a, :b), and INSERT ... VALUES (:a, :b)
  if (prev && next && (prev->kind == Tok::lparen || prev->kind == Tok::comma) &&
      (next->kind == Tok::comma || next->kind == Tok::rparen)) {
    std::size_t open = k;
    while (open-- > 0 && !(t[open].kind == Tok::lparen && t[open].depth == t[k].depth - 1)) {
    }
    if (open < t.size() && open > 0 && is_word(t[open - 1], "IN")) {
      std::size_t op = open - 1;
      if (op > 0 && is_word(t[op - 1], "NOT")) --op;
      return non_null(infer(operand_before(op)));
    }
    return insert_value_type(k);
  }
  return std::nullopt;
}

}  // namespace rally::gen::sql
