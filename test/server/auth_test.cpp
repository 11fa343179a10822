// rally::auth: argon2id hashes and the sign-in limiter.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "rally/server/auth.hpp"

namespace rally::auth {
namespace {

TEST(PasswordHash, Argon2idWithTheDocumentedParametersAndARandomSalt) {
  const std::string a = hash_password("correct horse");
  const std::string b = hash_password("correct horse");
  EXPECT_TRUE(std::regex_match(a, std::regex(R"(\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43})"))) << a;
  EXPECT_NE(a, b) << "each hash has its own salt";
  EXPECT_TRUE(verify_password(a, "correct horse"));
  EXPECT_TRUE(verify_password(b, "correct horse"));
  EXPECT_FALSE(verify_password(a, "correct horsf"));
  EXPECT_FALSE(verify_password(a, ""));
  EXPECT_FALSE(needs_rehash(a));
}

TEST(PasswordHash, BadInputIsAClearErrorOrAMismatchNeverACrash) {
  EXPECT_THROW(hash_password(""), std::invalid_argument);
  EXPECT_THROW(hash_password(std::string(max_password_bytes + 1, 'x')), std::invalid_argument);
  const std::string good = hash_password("pw");
  for (const std::string& stored : {std::string(), std::string("plain"), good.substr(0, 40), good + "x",
                                    std::string("$argon2id$v=19$m=65536,t=2,p=1$\0$", 34), std::string(500, '$')})
    EXPECT_FALSE(verify_password(stored, "pw")) << stored;
  EXPECT_TRUE(needs_rehash("plain"));
  // A hash made with weaker settings (libsodium's minimum) is to be redone.
  EXPECT_TRUE(needs_rehash("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$VHYO1qQjJ3C8nTp8+2m9qHhP3Uz5x9m6lNnTAjc3yHI"));
}

TEST(PasswordHash, AnUnknownAccountIsAMismatch) {
  EXPECT_FALSE(check_password(std::nullopt, "anything"));
  EXPECT_TRUE(check_password(hash_password("pw"), "pw"));
}

using Clock = SignInLimiter::Clock;

TEST(SignInLimiter, FiveFailuresPerAccountThenNoUntilTheWindowEnds) {
  SignInLimiter limiter;
  const auto t0 = Clock::now();
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter.allow("ada@example.com", "10.0.0.1", t0)) << i;
    limiter.failed("ada@example.com", "10.0.0.1", t0);
  }
  EXPECT_FALSE(limiter.allow("ada@example.com", "10.0.0.2", t0)) << "from any address";
  EXPECT_FALSE(limiter.allow("ada@example.com", "10.0.0.1", t0 + std::chrono::minutes(14)));
  EXPECT_TRUE(limiter.allow("grace@example.com", "10.0.0.1", t0)) << "other accounts from that address go on";
  EXPECT_TRUE(limiter.allow("ada@example.com", "10.0.0.1", t0 + std::chrono::minutes(15)));
}

TEST(SignInLimiter, TwentyFailuresPerAddressAcrossAccountsAndNoneForAccountsThatDoNotExist) {
  SignInLimiter limiter;
  const auto t0 = Clock::now();
  for (int i = 0; i < 20; ++i) limiter.failed("nobody" + std::to_string(i), "10.0.0.9", t0);
  EXPECT_FALSE(limiter.allow("someone-new", "10.0.0.9", t0)) << "the address is spent, whatever the account";
  EXPECT_TRUE(limiter.allow("someone-new", "10.0.0.10", t0));
}

TEST(SignInLimiter, SuccessClearsTheAccountAndTheTableStaysBounded) {
  SignInLimiter::Budget budget;
  budget.max_tracked = 10;
  SignInLimiter limiter(budget);
  const auto t0 = Clock::now();
  for (int i = 0; i < 4; ++i) limiter.failed("ada", "a" + std::to_string(i), t0);
  limiter.succeeded("ada");
  for (int i = 0; i < 4; ++i) limiter.failed("ada", "b" + std::to_string(i), t0);
  EXPECT_TRUE(limiter.allow("ada", "c", t0)) << "4 failures since the success";
  for (int i = 0; i < 1000; ++i) limiter.failed("u" + std::to_string(i), "x" + std::to_string(i), t0 + std::chrono::seconds(i));
  EXPECT_TRUE(limiter.allow("u999", "x999", t0 + std::chrono::seconds(999)));  // one failure each: still allowed
}

}  // namespace
}  // namespace rally::auth

namespace rally::auth {
namespace {

TEST(SafeNext, LocalPathsPassAndEverythingElseIsTheFallback) {
  for (const char* ok : {"/", "/todos", "/todos?filter=done&x=%2F", "/a/b#top", "/%E2%9C%93"})
    EXPECT_EQ(safe_next(ok), ok) << ok;
  for (const char* bad : {"", "todos", "//evil.example", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
                          "https://evil.example", "http:/evil.example", "javascript:alert(1)", "/\t/evil.example",
                          "/\n/evil.example", " /todos", "/%2F%2Fevil.example", "%2F%2Fevil.example",
                          "/%5Cevil.example", "/%252F%252Fevil.example", "/%09/evil.example", "/x\x7f"})
    EXPECT_EQ(safe_next(bad, "/home"), "/home") << bad;
  EXPECT_EQ(safe_next(std::string(3000, '/').replace(1, 2999, 2999, 'a')), "/");
}

}  // namespace
}  // namespace rally::auth
