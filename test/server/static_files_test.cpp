#include "static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace rally::server {
namespace {

namespace fs = std::filesystem;

class StaticPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("rally_static_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(base_ / "client" / "sub");
    std::ofstream(base_ / "client" / "app.wasm") << "wasm";
    std::ofstream(base_ / "client" / "sub" / "a b.js") << "js";
    std::ofstream(base_ / "secret") << "secret";
    root_ = (base_ / "client").string();
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path base_;
  std::string root_;
};

TEST_F(StaticPaths, ResolvesFilesUnderRoot) {
  auto p = resolve_static_path(root_, "app.wasm");
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, fs::path(root_) / "app.wasm");
  EXPECT_TRUE(resolve_static_path(root_, "app.wasm?v=3"));
  EXPECT_TRUE(resolve_static_path(root_, "sub/a%20b.js"));
}

TEST_F(StaticPaths, RejectsTraversalAndOddNames) {
  for (const char* bad : {"../secret", "%2e%2e/secret", "%2E%2E%2Fsecret", "sub/../../secret", "sub/%2e%2e/app.wasm",
                          "/etc/passwd", "%2fetc/passwd", "./app.wasm", "sub//a%20b.js", "app.wasm%00.js",
                          "..%5csecret", "sub\\..\\app.wasm", "%zz", "%2", "", "sub", "missing.js"})
    EXPECT_FALSE(resolve_static_path(root_, bad)) << bad;
}

TEST_F(StaticPaths, EmptyRootServesNothing) { EXPECT_FALSE(resolve_static_path("", "app.wasm")); }

TEST(MimeType, KnownAndUnknownExtensions) {
  EXPECT_EQ(mime_type("x/app.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("web.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("STYLE.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("a.json"), "application/json");
  EXPECT_EQ(mime_type("a.js.map"), "application/json");
  EXPECT_EQ(mime_type("i.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("i.png"), "image/png");
  EXPECT_EQ(mime_type("f.woff2"), "font/woff2");
  EXPECT_EQ(mime_type("data.bin"), "application/octet-stream");
  EXPECT_EQ(mime_type("dir.d/noext"), "application/octet-stream");
}

TEST(Etag, MatchesListsWeakAndStar) {
  EXPECT_TRUE(etag_matches("\"a-1\"", "\"a-1\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"a-1\"", "\"a-1\""));
  EXPECT_TRUE(etag_matches("*", "\"a-1\""));
  EXPECT_FALSE(etag_matches("\"a-2\"", "\"a-1\""));
  EXPECT_FALSE(etag_matches("", "\"a-1\""));
}

TEST_F(StaticPaths, EtagChangesWithContent) {
  auto path = fs::path(root_) / "app.wasm";
  auto before = file_info(path);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->size, 4u);
  std::ofstream(path) << "longer wasm";
  auto after = file_info(path);
  ASSERT_TRUE(after);
  EXPECT_NE(before->etag, after->etag);
  EXPECT_FALSE(file_info(fs::path(root_) / "missing"));
}

TEST_F(StaticPaths, RejectsDotfilesAndDotFolders) {
  std::ofstream(fs::path(root_) / ".env") << "SECRET=1";
  fs::create_directories(fs::path(root_) / ".git");
  std::ofstream(fs::path(root_) / ".git" / "config") << "[core]";
  for (const char* bad : {".env", "%2eenv", ".git/config", "sub/.hidden", "..."})
    EXPECT_FALSE(resolve_static_path(root_, bad)) << bad;
}

TEST_F(StaticPaths, RejectsSymlinksLeavingTheRoot) {
  fs::create_symlink(base_ / "secret", fs::path(root_) / "escape.txt");
  fs::create_directory_symlink(base_, fs::path(root_) / "up");
  EXPECT_FALSE(resolve_static_path(root_, "escape.txt"));
  EXPECT_FALSE(resolve_static_path(root_, "up/secret"));
  // A link that stays inside the root is fine, and so is a root that is itself a link.
  fs::create_symlink(fs::path(root_) / "app.wasm", fs::path(root_) / "alias.wasm");
  EXPECT_TRUE(resolve_static_path(root_, "alias.wasm"));
  fs::create_directory_symlink(root_, base_ / "client-link");
  EXPECT_TRUE(resolve_static_path((base_ / "client-link").string(), "app.wasm"));
}

}  // namespace
}  // namespace rally::server
