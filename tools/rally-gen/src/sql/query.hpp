#pragma once
// The typed-SQL model: one Query per .sql file, as analyze() fills it and emit_sql() reads it.
#include <string>
#include <vector>

#include "diagnostics.hpp"

struct sqlite3;

namespace rally::gen::sql {

enum class Kind { integer, real, text, blob, boolean };

struct Type {
  Kind kind = Kind::integer;
  bool nullable = false;
};

// "std::int64_t", "std::optional<std::string>", ...
std::string cpp_type(const Type& t);
// Declared type -> kind by SQLite's affinity rules, plus BOOL/BOOLEAN; false when the type has
// no clear C++ counterpart (NUMERIC, DATETIME, no type at all).
bool kind_from_decl(const std::string& decl, Kind& kind);

struct Column {
  std::string field;  // C++ member name
  Type type;
};

struct Param {
  std::string name;   // C++ argument name
  std::string spelling;  // first occurrence as written (":title", "?2", "?")
  Type type;
};

struct Query {
  std::string file;        // absolute
  std::string rel;         // relative to the queries folder, for comments
  std::vector<std::string> ns;  // {"sql", "items"}
  std::string function;    // get_item
  std::string row;         // GetItemRow
  std::string sql;         // the statement as embedded
  bool returns_rows = false;
  std::vector<Column> columns;
  std::vector<Param> params;  // by SQLite parameter index
};

// Prepares q.sql against `db` (the migrated schema) and fills returns_rows, columns and params.
// Problems are reported in `diags` at their place in q.file; `text` is the whole file.
void analyze(sqlite3* db, const std::string& text, Query& q, Diagnostics& diags);

}  // namespace rally::gen::sql
