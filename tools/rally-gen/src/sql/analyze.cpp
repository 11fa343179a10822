// One query file against the migrated schema: SQLite prepares it (syntax, names, one statement),
// then its parameters and result columns get C++ types (sql/infer.cpp for what SQLite does not
// tell). Every problem becomes a diagnostic at its place in the file.
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "routes.hpp"
#include "sql/infer.hpp"
#include "sql/query.hpp"
#include "sql/tokenizer.hpp"

namespace rally::gen::sql {

std::string cpp_type(const Type& t) {
  std::string base;
  switch (t.kind) {
    case Kind::integer: base = "std::int64_t"; break;
    case Kind::real: base = "double"; break;
    case Kind::text: base = "std::string"; break;
    case Kind::blob: base = "rally::db::Blob"; break;
    case Kind::boolean: base = "bool"; break;
  }
  return t.nullable ? "std::optional<" + base + ">" : base;
}

bool kind_from_decl(const std::string& decl, Kind& kind) {
  std::string d;
  for (char c : decl) d += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto has = [&](const char* s) { return d.find(s) != std::string::npos; };
  // BOOLEAN first (SQLite gives it NUMERIC affinity), then SQLite's own affinity rules in order.
  if (d == "BOOL" || d == "BOOLEAN") kind = Kind::boolean;
  else if (has("INT")) kind = Kind::integer;
  else if (has("CHAR") || has("CLOB") || has("TEXT")) kind = Kind::text;
  else if (has("BLOB")) kind = Kind::blob;
  else if (has("REAL") || has("FLOA") || has("DOUB")) kind = Kind::real;
  else return false;  // NUMERIC, DECIMAL, DATETIME, no type: values of any storage class
  return true;
}

namespace {

const char* const type_hint = "(or REAL, TEXT, BLOB, BOOLEAN)";

// Names the generated code itself uses inside the function and the namespace.
bool reserved_name(const std::string& s) { return s == "db" || s == "std" || s == "rally" || s.rfind("rally_", 0) == 0; }

struct Binding {
  std::vector<std::size_t> tokens;  // every occurrence
};

}  // namespace

void analyze(sqlite3* db, const std::string& text, Query& q, Diagnostics& diags) {
  auto loc = [&](std::size_t offset) {
    LineCol lc = line_col(text, offset);
    return Location{q.file, lc.line, lc.col};
  };
  const std::size_t start = skip_space_and_comments(text, 0);
  if (start == text.size()) {
    diags.error(Location{q.file, 1, 1}, "empty query file: expected one SQL statement");
    return;
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &raw, &tail);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
  if (rc != SQLITE_OK) {
    int offset = sqlite3_error_offset(db);
    std::size_t at = offset >= 0 ? static_cast<std::size_t>(offset) : text.find_last_not_of(" \t\r\n") + 1;
    diags.error(loc(std::min(at, text.size())), sqlite3_errmsg(db));
    return;
  }
  if (!raw) {
    diags.error(Location{q.file, 1, 1}, "empty query file: expected one SQL statement");
    return;
  }
  const std::size_t end = static_cast<std::size_t>(tail - text.data());
  std::size_t rest = skip_space_and_comments(text, end);
  while (rest < text.size() && text[rest] == ';') rest = skip_space_and_comments(text, rest + 1);
  if (rest < text.size()) {
    diags.error(loc(rest), "only one statement per file");
    return;
  }
  q.sql = text.substr(start, end - start);
  while (!q.sql.empty() && (q.sql.back() == ';' || std::isspace(static_cast<unsigned char>(q.sql.back())))) q.sql.pop_back();

  const std::vector<Token> tokens = tokenize(std::string_view(text).substr(0, end));
  Schema schema(db);
  Statement stmt(schema, tokens);

  // Parameter indices exactly as SQLite assigns them: '?' is the next index, '?NNN' is NNN,
  // a name gets the next index the first time it is seen.
  std::map<int, Binding> bindings;
  std::map<std::string, int> named;
  int max_index = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (t.kind != Tok::param) continue;
    int index = 0;
    if (t.text == "?") {
      index = ++max_index;
    } else if (t.text[0] == '?') {
      index = std::stoi(std::string(t.text.substr(1)));
      max_index = std::max(max_index, index);
    } else {
      auto [it, fresh] = named.emplace(std::string(t.text), max_index + 1);
      if (fresh) ++max_index;
      index = it->second;
    }
    stmt.param_index[k] = index;
    bindings[index].tokens.push_back(k);
  }
  if (max_index != sqlite3_bind_parameter_count(raw)) {
    diags.error(loc(start), "internal error: rally-gen counted " + std::to_string(max_index) +
                                " parameters but SQLite counts " + std::to_string(sqlite3_bind_parameter_count(raw)));
    return;
  }
  std::map<std::string, std::string> arg_names;  // argument -> first spelling
  bool params_ok = true;
  for (int index = 1; index <= max_index; ++index) {
    auto it = bindings.find(index);
    if (it == bindings.end()) {
      // A ?NNN skipped this index: the function would need an argument nobody uses.
      std::size_t first = 0;
      for (const auto& [i, b] : bindings)
        if (i > index) {
          first = b.tokens.front();
          break;
        }
      diags.error(loc(tokens[first].offset), "parameter ?" + std::to_string(index) +
                                                 " is never used: number ?NNN parameters from ?1 without gaps");
      params_ok = false;
      continue;
    }
    const Token& first = tokens[it->second.tokens.front()];
    std::string spelling(first.text);
    for (std::size_t k : it->second.tokens) {
      bool numbered = tokens[k].text[0] == '?', first_numbered = first.text[0] == '?';
      if (numbered != first_numbered) {
        diags.error(loc(tokens[k].offset), std::string(tokens[k].text) + " and " + spelling +
                                               " are the same SQLite parameter (index " + std::to_string(index) +
                                               "): do not mix ?NNN with named parameters");
        params_ok = false;
      }
    }
    Param p;
    p.spelling = spelling;
    p.name = first.text[0] == '?' ? "p" + std::to_string(index) : spelling.substr(1);
    if (!is_identifier(p.name) || is_cpp_keyword(p.name) || reserved_name(p.name)) {
      diags.error(loc(first.offset), "parameter " + spelling + " cannot become a C++ argument named '" + p.name +
                                         "': use another name");
      params_ok = false;
    } else if (auto [other, fresh] = arg_names.emplace(p.name, spelling); !fresh) {
      diags.error(loc(first.offset), "parameters " + other->second + " and " + spelling +
                                         " both become the argument '" + p.name + "': spell them the same way");
      params_ok = false;
    }
    std::optional<Type> type;
    for (std::size_t k : it->second.tokens) {
      auto t = stmt.infer_param(k);
      if (!t) continue;
      if (type && type->kind != t->kind) {
        diags.error(loc(tokens[k].offset), "parameter " + spelling + " is used as " + cpp_type({type->kind, false}) +
                                               " and as " + cpp_type({t->kind, false}) + ": CAST one of them");
        params_ok = false;
        break;
      }
      if (!type) type = t;
    }
    if (!type) {
      diags.error(loc(first.offset), "cannot infer the type of parameter " + spelling + ": write CAST(" + spelling +
                                         " AS INTEGER) " + type_hint);
      params_ok = false;
      type = Type{};
    }
    p.type = *type;
    stmt.param_types[index] = p.type;
    q.params.push_back(p);
  }
  if (!params_ok) return;

  // Result columns: SQLite knows the declared type and origin of plain column references (also
  // through views, subqueries and CTEs); other expressions are typed from their tokens.
  const int n = sqlite3_column_count(raw);
  q.returns_rows = n > 0;
  std::vector<ResultItem> items = stmt.result_items();
  std::vector<const ResultItem*> item_of(static_cast<std::size_t>(n), nullptr);
  auto stars = std::count_if(items.begin(), items.end(), [](const ResultItem& i) { return i.star; });
  if (stars <= 1 && (stars == 1 ? items.size() <= static_cast<std::size_t>(n) + 1 : items.size() == static_cast<std::size_t>(n))) {
    std::size_t col = 0;
    for (const auto& item : items) {
      if (item.star) col += static_cast<std::size_t>(n) - (items.size() - 1);
      else if (col < item_of.size()) item_of[col++] = &item;
    }
  }
  std::set<std::string> fields;
  for (int i = 0; i < n; ++i) {
    const ResultItem* item = item_of[static_cast<std::size_t>(i)];
    Location at = loc(item ? tokens[item->expr.first].offset : start);
    std::string name = sqlite3_column_name(raw, i);
    std::string shown = name;
    int forced = 0;  // 1: non-null ('!'), 2: nullable ('?')
    if (!name.empty() && (name.back() == '!' || name.back() == '?')) {
      forced = name.back() == '!' ? 1 : 2;
      name.pop_back();
    }
    if (!is_identifier(name) || is_cpp_keyword(name) || reserved_name(name)) {
      diags.error(at, "result column '" + shown + "' cannot be a C++ member name: give it an alias (AS name)");
      continue;
    }
    if (!fields.insert(name).second) {
      diags.error(at, "two result columns are named '" + name + "': give one of them an alias");
      continue;
    }
    const char* decl = sqlite3_column_decltype(raw, i);
    const char* table = sqlite3_column_table_name(raw, i);
    const char* origin = sqlite3_column_origin_name(raw, i);
    std::optional<Type> type;
    if (decl && table && origin) {
      Kind kind;
      if (!kind_from_decl(decl, kind)) {
        diags.error(at, "result column '" + name + "' comes from " + table + "." + origin + " declared '" + decl +
                            "', which has no C++ type: declare it INTEGER, REAL, TEXT, BLOB or BOOLEAN, or write CAST(... AS INTEGER) " +
                            type_hint);
        continue;
      }
      const TableColumn* tc = schema.column(table, origin);
      bool not_null = tc ? (tc->notnull || tc->rowid_alias) : std::string(origin) == "rowid";
      // A scalar subquery reports its column's origin, but it is NULL when it finds no row.
      bool subquery = item && tokens[item->expr.first].kind == Tok::lparen;
      type = Type{kind, !not_null || stmt.outer_nullable(table) || subquery};
    } else if (item && !item->star) {
      type = stmt.infer(item->expr);
    }
    if (!type) {
      diags.error(at, "cannot infer the type of result column '" + name + "': write CAST(... AS INTEGER) " + type_hint);
      continue;
    }
    if (forced) type->nullable = forced == 2;
    q.columns.push_back({name, *type});
  }
}

}  // namespace rally::gen::sql
