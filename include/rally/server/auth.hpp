#pragma once
// rally::auth: password hashing and sign-in rate limits. (sign_in/sign_out are in session.hpp.)
// Server-only: declare these in the app's server sources, not in page headers the client compiles.
// See docs/sessions-and-auth.md.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rally::auth {

// argon2id through libsodium's crypto_pwhash_str: 2 passes over 64 MiB, one lane, a random 16-byte
// salt, as a PHC string ("$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>", 97 characters) to store
// as it is. Throws std::invalid_argument for an empty password or one over max_password_bytes, and
// std::runtime_error when the memory cannot be had.
std::string hash_password(std::string_view password);
inline constexpr std::size_t max_password_bytes = 4096;

// Whether `password` matches a stored hash_password() string, in constant time for a given hash.
// A malformed stored string is a mismatch, never an error.
bool verify_password(std::string_view stored_hash, std::string_view password);

// For a sign-in form: the stored hash of the account if it exists, else nullopt. Without one it
// verifies against a fixed hash anyway, so that an unknown account takes as long as a wrong
// password and the answer cannot tell them apart. False in that case.
bool check_password(const std::optional<std::string>& stored_hash, std::string_view password);

// True when a stored hash was made with weaker parameters than hash_password() uses now: hash the
// password again after a successful sign-in and store the new string.
bool needs_rehash(std::string_view stored_hash);

// Where to go after signing in: `next` (the sign-in page's ?next=, already percent-decoded by the
// query parser) when it is a path of this site, else `fallback`. Refused: anything that is not a
// single leading '/' ("//evil.example", "/\\evil", "https://evil.example", "javascript:..."),
// control characters or whitespace (browsers drop tabs and newlines: "/\t/evil"), and values that
// still decode to one of those ("%2F%2Fevil.example"). The open-redirect guard of a sign-in page.
std::string safe_next(std::string_view next, std::string_view fallback = "/");

// Sign-in attempts, limited per account and per client address (fixed windows, in this process).
// Ask allow() before checking a password; report a failed check with failed() and a successful one
// with succeeded() (which clears the account's count). When allow() says no, answer exactly as for
// a wrong password, whether or not the account exists.
class SignInLimiter {
 public:
  struct Budget {
    int per_account = 5;    // failed attempts per account per window
    int per_address = 20;   // failed attempts per client address per window
    std::chrono::seconds window{15 * 60};
    std::size_t max_tracked = 100'000;  // keys kept at most (the oldest windows go first)
  };

  SignInLimiter();
  explicit SignInLimiter(Budget budget);
  ~SignInLimiter();
  SignInLimiter(const SignInLimiter&) = delete;
  SignInLimiter& operator=(const SignInLimiter&) = delete;

  using Clock = std::chrono::steady_clock;
  bool allow(std::string_view account, std::string_view address, Clock::time_point now = Clock::now());
  void failed(std::string_view account, std::string_view address, Clock::time_point now = Clock::now());
  void succeeded(std::string_view account);

  const Budget& budget() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The process's limiter with the default budget.
SignInLimiter& sign_in_limiter();

}  // namespace rally::auth
