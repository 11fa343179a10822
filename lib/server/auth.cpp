// rally::auth: argon2id password hashes (libsodium) and the sign-in limiter.
#include "rally/server/auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "rally/routing.hpp"

namespace rally::auth {

namespace {

// libsodium's "interactive" argon2id limits: 2 passes, 64 MiB.
constexpr unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void init_sodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw std::runtime_error("rally::auth: libsodium could not be initialised");
}

// The stored string must be NUL-terminated for libsodium, and fit its buffer.
std::optional<std::string> stored_string(std::string_view stored) {
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES || stored.find('\0') != std::string_view::npos) return std::nullopt;
  return std::string(stored);
}

}  // namespace

std::string hash_password(std::string_view password) {
  init_sodium();
  if (password.empty()) throw std::invalid_argument("rally::auth::hash_password: the password is empty");
  if (password.size() > max_password_bytes)
    throw std::invalid_argument("rally::auth::hash_password: the password is longer than " + std::to_string(max_password_bytes) + " bytes");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_limit, mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("rally::auth::hash_password: out of memory (argon2id needs 64 MiB)");
  return out;
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  init_sodium();
  auto stored = stored_string(stored_hash);
  if (!stored || password.size() > max_password_bytes) return false;
  return crypto_pwhash_str_verify(stored->c_str(), password.data(), password.size()) == 0;
}

bool check_password(const std::optional<std::string>& stored_hash, std::string_view password) {
  if (stored_hash) return verify_password(*stored_hash, password);
  // Same work as a real check: a hash made once with the same parameters.
  static const std::string dummy = hash_password("rally: no such account");
  (void)verify_password(dummy, password);
  return false;
}

bool needs_rehash(std::string_view stored_hash) {
  init_sodium();
  auto stored = stored_string(stored_hash);
  if (!stored) return true;
  return crypto_pwhash_str_needs_rehash(stored->c_str(), ops_limit, mem_limit) != 0;
}

// ---- after sign-in ----

namespace {

bool local_path(std::string_view p) {
  if (p.empty() || p.front() != '/') return false;
  if (p.size() > 1 && (p[1] == '/' || p[1] == '\\')) return false;
  return std::none_of(p.begin(), p.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '\\';
  });
}

}  // namespace

std::string safe_next(std::string_view next, std::string_view fallback) {
  if (next.size() > 2048 || !local_path(next)) return std::string(fallback);
  // Whatever decoding a later step applies, the value must stay a local path.
  std::string decoded(next);
  for (int round = 0; round < 3 && decoded.find('%') != std::string::npos; ++round) {
    auto once = rally::routing::percent_decode(decoded, rally::routing::Decoding::form);
    if (!once || *once == decoded) break;
    decoded = std::move(*once);
    if (!local_path(decoded)) return std::string(fallback);
  }
  return std::string(next);
}

// ---- SignInLimiter ----

struct SignInLimiter::State {
  struct Window {
    Clock::time_point start;
    int failures = 0;
  };
  Budget budget;
  std::mutex mutex;
  std::unordered_map<std::string, Window> windows;  // "a:<account>" and "i:<address>"

  Window* find(const std::string& key, Clock::time_point now) {
    auto it = windows.find(key);
    if (it == windows.end()) return nullptr;
    if (now - it->second.start >= budget.window) {
      windows.erase(it);
      return nullptr;
    }
    return &it->second;
  }

  void count(const std::string& key, Clock::time_point now) {
    if (Window* w = find(key, now)) {
      ++w->failures;
      return;
    }
    if (windows.size() >= budget.max_tracked) make_room(now);
    windows[key] = Window{now, 1};
  }

  // Expired windows first; if none, the oldest one.
  void make_room(Clock::time_point now) {
    std::erase_if(windows, [&](const auto& kv) { return now - kv.second.start >= budget.window; });
    if (windows.size() < budget.max_tracked) return;
    auto oldest = std::min_element(windows.begin(), windows.end(),
                                   [](const auto& a, const auto& b) { return a.second.start < b.second.start; });
    windows.erase(oldest);
  }
};

SignInLimiter::SignInLimiter() : SignInLimiter(Budget{}) {}
SignInLimiter::SignInLimiter(Budget budget) : state_(std::make_unique<State>()) { state_->budget = budget; }
SignInLimiter::~SignInLimiter() = default;

const SignInLimiter::Budget& SignInLimiter::budget() const { return state_->budget; }

bool SignInLimiter::allow(std::string_view account, std::string_view address, Clock::time_point now) {
  std::lock_guard lock(state_->mutex);
  const auto* a = state_->find("a:" + std::string(account), now);
  const auto* i = state_->find("i:" + std::string(address), now);
  return (!a || a->failures < state_->budget.per_account) && (!i || i->failures < state_->budget.per_address);
}

void SignInLimiter::failed(std::string_view account, std::string_view address, Clock::time_point now) {
  std::lock_guard lock(state_->mutex);
  state_->count("a:" + std::string(account), now);
  state_->count("i:" + std::string(address), now);
}

void SignInLimiter::succeeded(std::string_view account) {
  std::lock_guard lock(state_->mutex);
  state_->windows.erase("a:" + std::string(account));
}

SignInLimiter& sign_in_limiter() {
  static SignInLimiter limiter;
  return limiter;
}

}  // namespace rally::auth
