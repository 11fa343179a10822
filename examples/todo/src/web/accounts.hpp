#pragma once
// Server-only: accounts (the users table through the generated sql::users functions) and the
// sign-in checks. What the user did wrong comes back as an error message to show; a database
// error throws.
#include <cstdint>
#include <optional>
#include <string>

#include <rally/db/connection.hpp>
#include <rally/result.hpp>

namespace web::accounts {

inline constexpr std::size_t min_password_bytes = 8;

// A new account (the email trimmed; its case kept for display, ignored for uniqueness).
rally::Result<std::int64_t> sign_up(rally::db::Connection& db, const std::string& email, const std::string& password);

// The account these credentials open, within the sign-in limits for `address`. One message for
// an unknown email, a wrong password and a limited attempt: the answer never says which.
rally::Result<std::int64_t> authenticate(rally::db::Connection& db, const std::string& email, const std::string& password,
                                         const std::string& address);

std::optional<std::string> email_of(rally::db::Connection& db, std::int64_t user);

}  // namespace web::accounts
