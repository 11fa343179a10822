// rally::env: APP_ENV, the .env file and SECRET_KEY_BASE.
#include "rally/server/env.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "http_text.hpp"

namespace rally::env {

namespace {

using server::detail::lowercase;

struct Settled {
  Mode mode = Mode::dev;
  std::string secret;
};
// Written by load() before the server's threads exist, read-only afterwards.
std::optional<Settled> settled;

void init_sodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw Error("libsodium could not be initialised (no source of randomness?)");
}

std::string random_hex(std::size_t bytes) {
  init_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  sodium_memzero(raw.data(), raw.size());
  return hex;
}

std::string how_to_make_one() { return "make one with `<app> --new-secret` (64 random bytes, hex)"; }

void check_secret(std::string_view secret, std::string_view where) {
  if (secret.size() < min_secret_length)
    throw Error(std::string(where) + " is too short (" + std::to_string(secret.size()) + " characters, at least " +
                std::to_string(min_secret_length) + "): " + how_to_make_one());
}

// The dev secret, made once: created with O_EXCL so that two servers started together agree.
std::string dev_secret(const std::filesystem::path& dir) {
  const std::filesystem::path folder = dir / ".rally";
  const std::filesystem::path file = folder / "secret_key_base";
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw Error("cannot create " + folder.string() + " for the development secret: " + ec.message());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    const std::string secret = random_hex(64) + "\n";
    const bool written = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size());
    ::close(fd);
    if (!written) throw Error("cannot write the development secret to " + file.string());
  }
  std::ifstream in(file);
  std::string secret;
  if (!in || !std::getline(in, secret))
    throw Error("cannot read the development secret " + file.string() + " (delete it to make a new one)");
  if (secret.size() < min_secret_length)
    throw Error(file.string() + " does not hold a secret of at least " + std::to_string(min_secret_length) +
                " characters (delete it to make a new one)");
  return secret;
}

void load_dotenv(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return;
  constexpr std::uintmax_t max_size = 1024 * 1024;
  if (std::filesystem::file_size(file, ec) > max_size) throw Error(file.string() + ": error: larger than 1 MB");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::pair<std::string, std::string>> vars;
  try {
    vars = parse_dotenv(text.str(), file.string());
  } catch (const std::invalid_argument& e) {
    throw Error(e.what());
  }
  for (const auto& [name, value] : vars) {
    if (name == "APP_ENV")
      throw Error(file.string() + ": error: APP_ENV cannot be set in .env (it decides whether .env is read); set it in the environment");
    ::setenv(name.c_str(), value.c_str(), /*overwrite=*/0);
  }
}

}  // namespace

Mode parse_mode(std::string_view text) {
  const std::string value = lowercase(text);
  if (value.empty() || value == "dev" || value == "development") return Mode::dev;
  if (value == "test") return Mode::test;
  if (value == "prod" || value == "production") return Mode::prod;
  throw std::invalid_argument("APP_ENV=\"" + std::string(text) + "\" is not an environment (dev, test or prod)");
}

std::string_view to_string(Mode mode) {
  switch (mode) {
    case Mode::dev: return "dev";
    case Mode::test: return "test";
    case Mode::prod: return "prod";
  }
  return "dev";
}

Mode mode() {
  if (settled) return settled->mode;
  const char* value = std::getenv("APP_ENV");
  try {
    return parse_mode(value ? value : "");
  } catch (const std::invalid_argument&) {
    return Mode::dev;
  }
}

std::optional<std::string> get(const std::string& name) {
  if (const char* value = std::getenv(name.c_str())) return std::string(value);
  return std::nullopt;
}

const std::string& secret_key_base() {
  if (settled) return settled->secret;
  static const std::string process_secret = random_hex(64);
  return process_secret;
}

std::string new_secret() { return random_hex(64); }

void load(const std::filesystem::path& dir, bool serving) {
  Settled s;
  const char* app_env = std::getenv("APP_ENV");
  try {
    s.mode = parse_mode(app_env ? app_env : "");
  } catch (const std::invalid_argument& e) {
    throw Error(e.what());
  }
  if (s.mode != Mode::prod) load_dotenv(dir / ".env");
  if (const char* secret = std::getenv("SECRET_KEY_BASE"); secret && *secret) {
    check_secret(secret, "SECRET_KEY_BASE");
    s.secret = secret;
  } else if (s.mode == Mode::prod) {
    if (!serving) {
      settled = std::move(s);
      return;
    }
    throw Error("SECRET_KEY_BASE is not set, and APP_ENV=prod requires it: " + how_to_make_one() +
                " and set it in the server's environment");
  } else if (s.mode == Mode::dev) {
    s.secret = dev_secret(dir);
  } else {
    s.secret = random_hex(64);
  }
  settled = std::move(s);
}

// ---- .env ----

namespace {

class DotenvParser {
 public:
  DotenvParser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  std::vector<std::pair<std::string, std::string>> parse() {
    std::vector<std::pair<std::string, std::string>> out;
    while (pos_ < text_.size()) {
      skip_blanks();
      if (at_line_end() || peek() == '#') {
        skip_line();
        continue;
      }
      std::string name = read_name();
      if (name == "export" && (peek() == ' ' || peek() == '\t')) {
        skip_blanks();
        name = read_name();
      }
      if (name.empty()) fail("expected NAME=value (NAME is letters, digits and _, not starting with a digit)");
      skip_blanks();
      if (peek() != '=') fail("expected '=' after " + name);
      ++pos_;
      skip_blanks();
      std::string value = read_value();
      skip_blanks();
      if (!at_line_end() && peek() != '#') fail("unexpected text after the value of " + name);
      skip_line();
      out.emplace_back(std::move(name), std::move(value));
    }
    return out;
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\n'; }
  bool at_line_end() const { return peek() == '\n' || (peek() == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n')); }
  void skip_blanks() {
    while (peek() == ' ' || peek() == '\t') ++pos_;
  }
  void skip_line() {
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (text_[pos_] == '\0') fail("NUL byte");
      ++pos_;
    }
    if (pos_ < text_.size()) {
      ++pos_;
      ++line_;
      line_start_ = pos_;
    }
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(std::string(file_) + ":" + std::to_string(line_) + ":" + std::to_string(pos_ - line_start_ + 1) +
                                ": error: " + what);
  }

  std::string read_name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      const bool ok = std::isalpha(c) || c == '_' || (pos_ > start && std::isdigit(c));
      if (!ok) break;
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string read_value() {
    std::string value;
    const char quote = peek();
    if (quote == '\'' || quote == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size() || text_[pos_] == '\n') fail(std::string("missing closing ") + quote);
        const char c = text_[pos_++];
        if (c == '\0') fail("NUL byte");
        if (c == quote) break;
        if (c == '\\' && quote == '"') {
          if (pos_ >= text_.size()) fail("missing closing \"");
          const char e = text_[pos_++];
          switch (e) {
            case 'n': value += '\n'; break;
            case 't': value += '\t'; break;
            case 'r': value += '\r'; break;
            case '"': value += '"'; break;
            case '\\': value += '\\'; break;
            default: --pos_; fail(std::string("unknown escape \\") + e);
          }
          continue;
        }
        value += c;
      }
      return value;
    }
    while (!at_line_end()) {
      const char c = text_[pos_];
      if (c == '\0') fail("NUL byte");
      if (c == '#' && (text_[pos_ - 1] == ' ' || text_[pos_ - 1] == '\t')) break;  // after '=' pos_ > 0
      value += c;
      ++pos_;
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    return value;
  }

  std::string_view text_;
  std::string_view file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view text, std::string_view file) {
  return DotenvParser(text, file).parse();
}

}  // namespace rally::env
