#pragma once
// A light SQL tokenizer: enough to find parameters, clauses, table references and select-list
// items. SQLite itself has already parsed the statement when this runs, so the tokenizer never
// has to reject input; it only has to skip strings, comments and quoted identifiers correctly.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rally::gen::sql {

enum class Tok { word, quoted, number, string, blob, param, op, lparen, rparen, comma, dot, semicolon };

struct Token {
  Tok kind;
  std::string_view text;  // as written
  std::size_t offset = 0; // in the file
  std::string upper;      // words: upper-cased, for keyword tests
  std::string ident;      // words and quoted identifiers: the identifier without quotes
  int depth = 0;          // parentheses around the token
  std::size_t match = 0;  // parentheses: index of the matching one (or the token itself if unmatched)
};

// Tokens of `sql`, comments and whitespace skipped; depth and matching parentheses filled in.
std::vector<Token> tokenize(std::string_view sql);

// 1-based line and column of a byte offset.
struct LineCol {
  unsigned line = 1, col = 1;
};
LineCol line_col(std::string_view text, std::size_t offset);

// Where the first non-space, non-comment byte at or after `from` is (text.size() if none).
std::size_t skip_space_and_comments(std::string_view text, std::size_t from);

}  // namespace rally::gen::sql
