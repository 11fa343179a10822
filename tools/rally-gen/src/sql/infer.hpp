#pragma once
// What the tokens of one statement say about types: which tables it reads (and which of them an
// outer join can null out), the type of a simple expression, the type of a parameter from the
// place it is used in. Column types come from the migrated schema. Everything here answers
// "don't know" (nullopt) rather than guess; the caller turns that into a diagnostic.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sql/query.hpp"
#include "sql/tokenizer.hpp"

struct sqlite3;

namespace rally::gen::sql {

struct TableColumn {
  std::string name;
  std::string decl;  // declared type as written
  bool notnull = false;
  bool rowid_alias = false;  // INTEGER PRIMARY KEY: never NULL
};

// Columns of the schema's tables and views, read once per table (PRAGMA table_info).
class Schema {
 public:
  explicit Schema(sqlite3* db) : db_(db) {}
  // Empty when the table does not exist.
  const std::vector<TableColumn>& columns(const std::string& table);
  const TableColumn* column(const std::string& table, const std::string& name);

 private:
  sqlite3* db_;
  std::map<std::string, std::vector<TableColumn>> cache_;
};

using Range = std::pair<std::size_t, std::size_t>;  // [first, last) token indices

struct ResultItem {
  Range expr;      // without its alias
  bool star = false;  // "*" or "t.*"
};

class Statement {
 public:
  Statement(Schema& schema, const std::vector<Token>& tokens);

  // Real tables (lower-case names) whose columns may be NULL because an outer join can fail to
  // match them: the right side of LEFT JOIN, the left side of RIGHT JOIN, both sides of FULL JOIN
  // (for a subquery or a CTE there: every table it reads).
  bool outer_nullable(const std::string& table) const;
  // The select list of the main SELECT (its first arm, for UNION & co.), or the RETURNING list.
  std::vector<ResultItem> result_items() const;
  // The type of the expression tokens[r.first, r.second); nullopt when not inferable.
  std::optional<Type> infer(Range r) const;
  // The type of the parameter token at `index`, from where it is used; nullopt when unknown.
  std::optional<Type> infer_param(std::size_t index) const;
  // Parameter types already decided (by SQLite parameter index), used by infer().
  std::map<int, Type> param_types;
  std::map<std::size_t, int> param_index;  // token index -> SQLite parameter index

 private:
  struct TableRef {
    std::string table;  // lower-case; empty for a subquery
    std::string alias;  // lower-case; empty if none
    bool nullable = false;
    int depth = 0;
    std::size_t at = 0;
  };
  std::size_t parse_table_ref(std::size_t i, const std::string& join);
  void collect_tables(Range r, std::set<std::string>& out, int guard = 0) const;
  std::optional<Type> resolve(const std::string& qualifier, const std::string& column, int depth) const;
  std::optional<Type> infer_function(Range r) const;
  std::optional<Type> infer_case(Range r) const;
  std::optional<Type> column_type(const std::string& table, const std::string& column, bool nullable) const;
  Range operand_before(std::size_t op) const;
  Range operand_after(std::size_t op) const;
  bool in_set_clause(std::size_t op) const;
  std::optional<Type> insert_value_type(std::size_t index) const;

  Schema& schema_;
  const std::vector<Token>& t_;
  std::size_t main_ = 0;  // the main keyword (SELECT, INSERT, ...) after any WITH clause
  std::map<std::string, Range> ctes_;
  std::vector<TableRef> refs_;
  std::set<std::string> outer_nullable_;
  std::string target_;  // INSERT/UPDATE/DELETE table
  std::vector<std::string> insert_columns_;
};

std::string lower(std::string s);

}  // namespace rally::gen::sql
