#pragma once
// Server-only: accounts (the users table through the generated sql::users functions) and the
// sign-in checks. A mistake of the user's comes back as a message to show; a database error throws.
#include <cstdint>
#include <optional>
#include <string>

#include <rally/db/connection.hpp>
#include <rally/result.hpp>

namespace web::accounts {

inline constexpr std::size_t max_name_bytes = 40;  // lines.author's limit too
inline constexpr std::size_t min_password_bytes = 8;

// A new account. The name (trimmed) is what the rooms show; its case is kept for display and
// ignored for uniqueness. "digest" is the digest job's: nobody may take it.
rally::Result<std::int64_t> sign_up(rally::db::Connection& db, const std::string& name, const std::string& password);

// The account these credentials open, within the sign-in limits for `address`. One message for an
// unknown name, a wrong password and a limited attempt: the answer never says which.
rally::Result<std::int64_t> authenticate(rally::db::Connection& db, const std::string& name, const std::string& password,
                                         const std::string& address);

std::optional<std::string> name_of(rally::db::Connection& db, std::int64_t user);

}  // namespace web::accounts
