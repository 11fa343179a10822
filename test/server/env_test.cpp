// rally::env: APP_ENV, .env parsing and loading, SECRET_KEY_BASE.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include "rally/server/env.hpp"
#include "test_fixtures.hpp"

namespace rally::env {
namespace {

namespace fs = std::filesystem;

using rally::server::testing::EnvVar;

// A fresh folder under the temp dir, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("rally-env-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path_ / name, std::ios::binary) << text; }

 private:
  fs::path path_;
};

std::string load_error(const fs::path& dir) {
  try {
    load(dir);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string dotenv_error(std::string_view text) {
  try {
    parse_dotenv(text, "app/.env");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

using Vars = std::vector<std::pair<std::string, std::string>>;

TEST(EnvMode, NamesAndAliasesInAnyCase) {
  EXPECT_EQ(parse_mode(""), Mode::dev);
  EXPECT_EQ(parse_mode("dev"), Mode::dev);
  EXPECT_EQ(parse_mode("Development"), Mode::dev);
  EXPECT_EQ(parse_mode("test"), Mode::test);
  EXPECT_EQ(parse_mode("prod"), Mode::prod);
  EXPECT_EQ(parse_mode("PRODUCTION"), Mode::prod);
  EXPECT_THROW(parse_mode("staging"), std::invalid_argument);
  EXPECT_EQ(to_string(Mode::prod), "prod");
}

TEST(Dotenv, BareQuotedAndExportedValues) {
  EXPECT_EQ(parse_dotenv("# settings\n\nA=1\nexport B = two words  \nC='lit $x \\n'\nD=\"a\\nb\\\"c\\\\\"\n"),
            (Vars{{"A", "1"}, {"B", "two words"}, {"C", "lit $x \\n"}, {"D", "a\nb\"c\\"}}));
}

TEST(Dotenv, CommentsEmptyValuesAndCrlf) {
  EXPECT_EQ(parse_dotenv("A=x # note\r\nB=\r\nC=a#b\nD= # only a comment\nE=\"q\" # after\n  # indented\nF=last"),
            (Vars{{"A", "x"}, {"B", ""}, {"C", "a#b"}, {"D", ""}, {"E", "q"}, {"F", "last"}}));
}

TEST(Dotenv, ErrorsNameTheFileLineAndColumn) {
  EXPECT_EQ(dotenv_error("A=1\n=2\n"), "app/.env:2:1: error: expected NAME=value (NAME is letters, digits and _, not starting with a digit)");
  EXPECT_EQ(dotenv_error("1A=x"), "app/.env:1:1: error: expected NAME=value (NAME is letters, digits and _, not starting with a digit)");
  EXPECT_EQ(dotenv_error("A 1"), "app/.env:1:3: error: expected '=' after A");
  EXPECT_EQ(dotenv_error("A=\"open\nB=2"), "app/.env:1:8: error: missing closing \"");
  EXPECT_EQ(dotenv_error("A='x' y"), "app/.env:1:7: error: unexpected text after the value of A");
  EXPECT_EQ(dotenv_error("A=\"\\q\""), "app/.env:1:5: error: unknown escape \\q");
  EXPECT_EQ(dotenv_error(std::string("A=x\0y", 5)), "app/.env:1:4: error: NUL byte");
}

TEST(EnvLoad, DotenvAddsToButNeverOverridesTheEnvironment) {
  TempDir dir;
  dir.write(".env", "RALLY_ENV_TEST_NEW=from-file\nRALLY_ENV_TEST_SET=from-file\n");
  EnvVar app_env("APP_ENV", "test");
  EnvVar secret("SECRET_KEY_BASE", nullptr);
  EnvVar fresh("RALLY_ENV_TEST_NEW", nullptr);
  EnvVar set("RALLY_ENV_TEST_SET", "from-environment");
  load(dir.path());
  EXPECT_EQ(mode(), Mode::test);
  EXPECT_EQ(get("RALLY_ENV_TEST_NEW"), "from-file");
  EXPECT_EQ(get("RALLY_ENV_TEST_SET"), "from-environment");
  EXPECT_EQ(secret_key_base().size(), 128u) << "test mode: a random secret per process";
  EXPECT_FALSE(fs::exists(dir.path() / ".rally")) << "test mode keeps no secret file";
}

TEST(EnvLoad, ProdNeverReadsDotenv) {
  TempDir dir;
  dir.write(".env", "RALLY_ENV_TEST_NEW=from-file\n");
  EnvVar app_env("APP_ENV", "production");
  EnvVar secret("SECRET_KEY_BASE", std::string(64, 'k').c_str());
  EnvVar fresh("RALLY_ENV_TEST_NEW", nullptr);
  load(dir.path());
  EXPECT_EQ(mode(), Mode::prod);
  EXPECT_EQ(get("RALLY_ENV_TEST_NEW"), std::nullopt);
  EXPECT_EQ(secret_key_base(), std::string(64, 'k'));
}

TEST(EnvLoad, DotenvCannotChooseTheEnvironmentAndBadLinesStopTheLoad) {
  TempDir dir;
  EnvVar app_env("APP_ENV", nullptr);
  EnvVar secret("SECRET_KEY_BASE", nullptr);
  dir.write(".env", "APP_ENV=prod\n");
  EXPECT_NE(load_error(dir.path()).find("APP_ENV cannot be set in .env"), std::string::npos);
  dir.write(".env", "OK=1\nnot a line\n");
  EXPECT_EQ(load_error(dir.path()), (dir.path() / ".env").string() + ":2:5: error: expected '=' after not");
}

TEST(EnvLoad, ProdRefusesAMissingOrShortSecret) {
  TempDir dir;
  EnvVar app_env("APP_ENV", "prod");
  {
    EnvVar secret("SECRET_KEY_BASE", nullptr);
    EXPECT_EQ(load_error(dir.path()),
              "SECRET_KEY_BASE is not set, and APP_ENV=prod requires it: make one with `<app> --new-secret` "
              "(64 random bytes, hex) and set it in the server's environment");
  }
  EnvVar secret("SECRET_KEY_BASE", "short");
  EXPECT_NE(load_error(dir.path()).find("SECRET_KEY_BASE is too short (5 characters, at least 64)"), std::string::npos);
}

TEST(EnvLoad, DevMakesItsSecretOnceAndKeepsItPrivate) {
  TempDir dir;
  EnvVar app_env("APP_ENV", nullptr);
  EnvVar secret("SECRET_KEY_BASE", nullptr);
  load(dir.path());
  EXPECT_EQ(mode(), Mode::dev);
  const std::string first = secret_key_base();
  EXPECT_EQ(first.size(), 128u);
  const fs::path file = dir.path() / ".rally" / "secret_key_base";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  load(dir.path());
  EXPECT_EQ(secret_key_base(), first) << "the second start reuses the kept secret";
  std::ofstream(file, std::ios::trunc) << "tampered\n";
  EXPECT_NE(load_error(dir.path()).find("delete it to make a new one"), std::string::npos);
}

TEST(EnvSecret, NewSecretsAreLongAndDiffer) {
  const std::string a = new_secret(), b = new_secret();
  EXPECT_EQ(a.size(), 128u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace rally::env
