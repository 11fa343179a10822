#pragma once
// What several server test files share: an environment variable set for one scope, a fixture
// with a pool over a fresh database file in a temporary folder, and reaping a forked child.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <rally/db/pool.hpp>

namespace rally::server::testing {

// Sets (or, with nullptr, unsets) an environment variable for one scope, then restores it.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~EnvVar() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// `pool`: two connections to `dir`/app.db, removed with the folder after the test.
class TempDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "rally-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    auto opened = rally::db::Pool::open((dir / "app.db").string(), 2);
    ASSERT_TRUE(opened) << opened.error().to_string();
    pool = std::make_shared<rally::db::Pool>(std::move(*opened));
  }
  void TearDown() override {
    pool.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
  std::shared_ptr<rally::db::Pool> pool;
};

// Waits up to `limit` for `child` to exit and returns its wait status; a child still running
// then (stuck) is killed with SIGKILL and reaped, and the result is empty.
inline std::optional<int> reap_within(pid_t child, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(child, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (done == child) return status;
  ::kill(child, SIGKILL);
  ::waitpid(child, &status, 0);
  return std::nullopt;
}

}  // namespace rally::server::testing
