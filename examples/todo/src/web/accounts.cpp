#include "web/accounts.hpp"

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
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const char* const wrong_credentials = "Wrong email or password.";

}  // namespace

rally::Result<std::int64_t> sign_up(rally::db::Connection& db, const std::string& email_in, const std::string& password) {
  const std::string email = trim(email_in);
  if (email.size() < 3 || email.size() > 254 || email.find('@') == std::string::npos)
    return rally::err("Enter an email address such as ada@example.com.");
  if (password.size() < min_password_bytes)
    return rally::err("Choose a password of at least " + std::to_string(min_password_bytes) + " characters.");
  if (password.size() > rally::auth::max_password_bytes) return rally::err("That password is too long.");
  if (!checked(sql::users::by_email(db, email)).empty()) return rally::err("There is already an account with this email.");
  auto added = sql::users::add(db, email, rally::auth::hash_password(password), unix_now());
  // Two sign-ups with one email at once: the UNIQUE constraint decides, the loser is told so.
  if (!added && (added.error().code & 0xff) == SQLITE_CONSTRAINT) return rally::err("There is already an account with this email.");
  checked(std::move(added));
  return db.last_insert_rowid();
}

rally::Result<std::int64_t> authenticate(rally::db::Connection& db, const std::string& email_in, const std::string& password,
                                         const std::string& address) {
  const std::string email = trim(email_in);
  auto& limiter = rally::auth::sign_in_limiter();
  if (!limiter.allow(email, address)) return rally::err(wrong_credentials);
  auto rows = checked(sql::users::by_email(db, email));
  std::optional<std::string> stored;
  if (!rows.empty()) stored = rows.front().password_hash;
  // Runs argon2id even for an unknown email: both answers take as long.
  if (!rally::auth::check_password(stored, password)) {
    limiter.failed(email, address);
    return rally::err(wrong_credentials);
  }
  limiter.succeeded(email);
  const std::int64_t user = rows.front().id;
  if (rally::auth::needs_rehash(*stored)) checked(sql::users::set_password_hash(db, rally::auth::hash_password(password), user));
  return user;
}

std::optional<std::string> email_of(rally::db::Connection& db, std::int64_t user) {
  auto rows = checked(sql::users::email_of(db, user));
  if (rows.empty()) return std::nullopt;
  return rows.front().email;
}

}  // namespace web::accounts
