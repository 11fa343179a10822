#include "sql/tokenizer.hpp"

#include <cctype>

namespace rally::gen::sql {

namespace {
bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The end of a quoted run starting at `i` (on the opening quote); a doubled closing quote is an
// escaped one. Unterminated: the end of the text.
std::size_t quoted_end(std::string_view s, std::size_t i, char close) {
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] != close) continue;
    if (close != ']' && j + 1 < s.size() && s[j + 1] == close) {
      ++j;
      continue;
    }
    return j + 1;
  }
  return s.size();
}

std::string unquote(std::string_view t) {
  if (t.size() < 2) return std::string(t);
  char close = t[0] == '[' ? ']' : t[0];
  std::string out;
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    out += t[i];
    if (close != ']' && t[i] == close && t[i + 1] == close) ++i;
  }
  return out;
}
}  // namespace

std::size_t skip_space_and_comments(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      auto end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = skip_space_and_comments(s, 0);
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    Token t{Tok::op, {}, i, {}, {}, 0, 0};
    std::size_t end = i + 1;
    if ((c == 'x' || c == 'X') && i + 1 < s.size() && s[i + 1] == '\'') {
      t.kind = Tok::blob;
      end = quoted_end(s, i + 1, '\'');
    } else if (ident_start(c)) {
      while (end < s.size() && ident_char(static_cast<unsigned char>(s[end]))) ++end;
      t.kind = Tok::word;
    } else if (std::isdigit(c) || (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      t.kind = Tok::number;
      while (end < s.size()) {
        unsigned char d = static_cast<unsigned char>(s[end]);
        bool exponent_sign = (d == '+' || d == '-') && (s[end - 1] == 'e' || s[end - 1] == 'E') &&
                             !(s.size() > i + 1 && (s[i + 1] == 'x' || s[i + 1] == 'X'));
        if (std::isalnum(d) || d == '.' || d == '_' || exponent_sign) ++end;
        else break;
      }
    } else if (c == '\'') {
      t.kind = Tok::string;
      end = quoted_end(s, i, '\'');
    } else if (c == '"' || c == '`' || c == '[') {
      t.kind = Tok::quoted;
      end = quoted_end(s, i, c == '[' ? ']' : static_cast<char>(c));
    } else if (c == '?') {
      t.kind = Tok::param;
      while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    } else if ((c == ':' || c == '@' || c == '$') && i + 1 < s.size() && ident_char(static_cast<unsigned char>(s[i + 1]))) {
      t.kind = Tok::param;
      while (end < s.size() && ident_char(static_cast<unsigned char>(s[end]))) ++end;
    } else if (c == '(') {
      t.kind = Tok::lparen;
    } else if (c == ')') {
      t.kind = Tok::rparen;
    } else if (c == ',') {
      t.kind = Tok::comma;
    } else if (c == '.') {
      t.kind = Tok::dot;
    } else if (c == ';') {
      t.kind = Tok::semicolon;
    } else {
      for (std::string_view op : {"->>", "->", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>"}) {
        if (s.compare(i, op.size(), op) == 0) {
          end = i + op.size();
          break;
        }
      }
    }
    t.text = s.substr(i, end - i);
    if (t.kind == Tok::word) {
      t.upper = upper(t.text);
      t.ident = std::string(t.text);
    } else if (t.kind == Tok::quoted) {
      t.ident = unquote(t.text);
    }
    out.push_back(std::move(t));
    i = skip_space_and_comments(s, end);
  }
  // Depth and matching parentheses, for jumping over sub-expressions.
  std::vector<std::size_t> open;
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k].match = k;
    if (out[k].kind == Tok::rparen && !open.empty()) {
      out[k].match = open.back();
      out[open.back()].match = k;
      open.pop_back();
    }
    out[k].depth = static_cast<int>(open.size());
    if (out[k].kind == Tok::lparen) open.push_back(k);
  }
  return out;
}

LineCol line_col(std::string_view text, std::size_t offset) {
  LineCol lc;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++lc.col;  // count UTF-8 characters, not bytes
    }
  }
  return lc;
}

}  // namespace rally::gen::sql
