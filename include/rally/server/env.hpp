#pragma once
// rally::env: which environment the server runs in (APP_ENV), the `.env` file of development and
// tests, and the secret that keys Rally's tokens. rally::server::main calls load() before it serves;
// after that the values are fixed. Boost-free. See docs/sessions-and-auth.md.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rally::env {

enum class Mode { dev, test, prod };

// APP_ENV: "dev" (also "development"), "test" or "prod" (also "production"), in any case; unset or
// empty is dev. Throws std::invalid_argument naming the value otherwise.
Mode parse_mode(std::string_view text);
std::string_view to_string(Mode mode);

// The mode load() settled, or (before load(), e.g. a test embedding the server) APP_ENV read now,
// dev when it is not a valid value.
Mode mode();
inline bool is_dev() { return mode() == Mode::dev; }
inline bool is_test() { return mode() == Mode::test; }
inline bool is_prod() { return mode() == Mode::prod; }

// A variable of the environment, including those load() took from `.env`; nullopt when unset.
std::optional<std::string> get(const std::string& name);

// The secret behind Rally's tokens (CSRF tokens, stored session ids): SECRET_KEY_BASE, or what
// load() settled for dev and test. Before load(), a random one for this process.
const std::string& secret_key_base();

// A new random secret for SECRET_KEY_BASE: 64 random bytes from the OS, hex encoded.
std::string new_secret();

// The shortest SECRET_KEY_BASE accepted (characters).
inline constexpr std::size_t min_secret_length = 64;

// What load() could not settle, in one line that says what to do.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Settles the environment, in this order:
// 1. APP_ENV from the real environment (it decides whether `.env` is read, so `.env` cannot set it);
// 2. in dev and test, `<dir>/.env` if it exists: each NAME=value is set unless the real environment
//    already has NAME;
// 3. SECRET_KEY_BASE: when set, at least min_secret_length characters. When unset: prod refuses;
//    dev makes one once and keeps it in `<dir>/.rally/secret_key_base` (git-ignore `.rally/`); test
//    uses a random one per process.
// With `serving` false (a command such as --migrate), a missing secret is no error: it stays empty.
// Throws Error. Call it before any other thread reads the environment (it calls setenv).
void load(const std::filesystem::path& dir = ".", bool serving = true);

// The variables of a `.env` text, in order. Lines are `NAME=value` (optionally `export NAME=value`),
// blank or `# comments`; values are bare (trimmed; ` #` starts a comment), 'single-quoted'
// (literal) or "double-quoted" (\n \t \r \" \\ escapes). NAME is letters, digits and _, not
// starting with a digit. Throws std::invalid_argument("<file>:<line>:<column>: error: ...").
std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view text, std::string_view file = ".env");

}  // namespace rally::env
