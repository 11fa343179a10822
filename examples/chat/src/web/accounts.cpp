#include "web/accounts.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <rally/server/auth.hpp>
#include <sqlite3.h>

#include "sql.hpp"

namespace web::accounts {

namespace {

template <class T>
T checked(rally::db::Result<T> result) {
  if (!result) throw std::runtime_error(result.error().to_string());
  return std::move(*result);
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Names are unique whatever their (ASCII) case, like the column's COLLATE NOCASE: so is the key
// the sign-in limits count under, or "Ada" and "ada" would be two budgets for one account.
std::string folded(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  return name;
}

const char* const wrong_credentials = "Wrong name or password.";
const char* const name_taken = "That name is taken.";

}  // namespace

rally::Result<std::int64_t> sign_up(rally::db::Connection& db, const std::string& name_in, const std::string& password) {
  const std::string name = trim(name_in);
  if (name.empty() || name.size() > max_name_bytes)
    return rally::err("Choose a name of 1 to " + std::to_string(max_name_bytes) + " bytes.");
  if (name.find_first_of("\r\n\t") != std::string::npos) return rally::err("A name is one line.");
  if (folded(name) == "digest") return rally::err(name_taken);  // the digest job's lines
  if (password.size() < min_password_bytes)
    return rally::err("Choose a password of at least " + std::to_string(min_password_bytes) + " characters.");
  if (password.size() > rally::auth::max_password_bytes) return rally::err("That password is too long.");
  if (!checked(sql::users::by_name(db, name)).empty()) return rally::err(name_taken);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  auto added = sql::users::add(db, name, rally::auth::hash_password(password),
                               std::chrono::duration_cast<std::chrono::seconds>(now).count());
  // Two sign-ups with one name at once: the UNIQUE constraint decides, the loser is told so.
  if (!added && (added.error().code & 0xff) == SQLITE_CONSTRAINT) return rally::err(name_taken);
  checked(std::move(added));
  return db.last_insert_rowid();
}

rally::Result<std::int64_t> authenticate(rally::db::Connection& db, const std::string& name_in, const std::string& password,
                                         const std::string& address) {
  const std::string name = trim(name_in);
  const std::string account = folded(name);
  auto& limiter = rally::auth::sign_in_limiter();
  if (!limiter.allow(account, address)) return rally::err(wrong_credentials);
  auto rows = checked(sql::users::by_name(db, name));
  std::optional<std::string> stored;
  if (!rows.empty()) stored = rows.front().password_hash;
  // Runs argon2id even for an unknown name: both answers take as long.
  if (!rally::auth::check_password(stored, password)) {
    limiter.failed(account, address);
    return rally::err(wrong_credentials);
  }
  limiter.succeeded(account);
  const std::int64_t user = rows.front().id;
  if (rally::auth::needs_rehash(*stored)) checked(sql::users::set_password_hash(db, rally::auth::hash_password(password), user));
  return user;
}

std::optional<std::string> name_of(rally::db::Connection& db, std::int64_t user) {
  auto rows = checked(sql::users::name_of(db, user));
  if (rows.empty()) return std::nullopt;
  return rows.front().name;
}

}  // namespace web::accounts
