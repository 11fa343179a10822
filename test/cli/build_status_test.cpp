// What rally dev tells the dev server about a build: the status file and the diagnostics the
// overlay shows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "build_status.hpp"

namespace rally::cli {
namespace {

namespace fs = std::filesystem;

// A failed build of the starter, as ninja prints it through a pipe: the page header fails in the
// server's unit and again in the client's nested build.
constexpr std::string_view failed_build =
    "[1/6] Generating Rally code for app\n"
    "[2/6] Building CXX object CMakeFiles/app.dir/app_rally/generated/pages/web/home_.server.cpp.o\n"
    "FAILED: CMakeFiles/app.dir/app_rally/generated/pages/web/home_.server.cpp.o \n"
    "/usr/bin/c++ -DNDEBUG -I/src -O2 -g -o CMakeFiles/app.dir/home_.server.cpp.o -c home_.server.cpp\n"
    "In file included from /b/app_rally/generated/pages/web/home_.server.cpp:3:\n"
    "/src/web/pages/home_.hpp:22:1: error: expected unqualified-id before '<' token\n"
    "   22 | <b>not C++</b>;\n"
    "      | ^\n"
    "[3/6] Performing build step for 'app_client'\n"
    "[1/2] Building CXX object CMakeFiles/web.dir/home_.client.cpp.o\n"
    "FAILED: CMakeFiles/web.dir/home_.client.cpp.o \n"
    "/usr/bin/em++ -Oz -c home_.client.cpp\n"
    "In file included from /b/app_rally/generated/pages/web/home_.client.cpp:3:\n"
    "/src/web/pages/home_.hpp:22:1: error: expected unqualified-id before '<' token\n"
    "   22 | <b>not C++</b>;\n"
    "      | ^\n"
    "ninja: build stopped: subcommand failed.\n"
    "ninja: build stopped: subcommand failed.\n";

TEST(Diagnostics, KeepTheMessagesWithTheirSourceLinesOnce) {
  EXPECT_EQ(diagnostics_of(failed_build),
            "In file included from /b/app_rally/generated/pages/web/home_.server.cpp:3:\n"
            "/src/web/pages/home_.hpp:22:1: error: expected unqualified-id before '<' token\n"
            "   22 | <b>not C++</b>;\n"
            "      | ^\n");
}

TEST(Diagnostics, KeepRallyGensAndTheLinkersMessages) {
  EXPECT_EQ(diagnostics_of("[1/3] Generating Rally code for app\n"
                           "FAILED: app_rally/generated/app.hpp\n"
                           "cd /src && rally-gen --out ...\n"
                           "/src/web/pages/home_.hpp:5:8: error: Model must be a struct\n"
                           "/usr/bin/ld: home_.server.cpp.o: undefined reference to `f()'\r\n"
                           "collect2: error: ld returned 1 exit status\n"),
            "/src/web/pages/home_.hpp:5:8: error: Model must be a struct\n"
            "/usr/bin/ld: home_.server.cpp.o: undefined reference to `f()'\n"
            "collect2: error: ld returned 1 exit status\n");
}

TEST(Diagnostics, AreCutPastWhatAnOverlayCanShow) {
  std::string output;
  for (int i = 0; i < 5000; ++i) output += "/src/a.hpp:" + std::to_string(i) + ":1: error: " + std::string(40, 'x') + "\n";
  const std::string shown = diagnostics_of(output);
  EXPECT_LE(shown.size(), 64u * 1024 + 64);
  EXPECT_EQ(shown.rfind("(more in the terminal)\n"), shown.size() - 23);
}

class BuildStatusTest : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(dir_); }
  std::string read() const {
    std::ifstream in(dir_ / "rally_dev" / "app.status", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_ = fs::temp_directory_path() / ("rally_build_status_" + std::to_string(::getpid()));
};

TEST_F(BuildStatusTest, WritesEachStateInOneStep) {
  BuildStatus status(dir_ / "rally_dev" / "app.status");
  status.building();
  EXPECT_EQ(read(), "building");
  status.failed(failed_build);
  EXPECT_EQ(read(), "failed\n" + diagnostics_of(failed_build));
  status.failed("ninja: build stopped: interrupted by user.\n");
  EXPECT_EQ(read(), "failed\n(the build printed nothing; see the terminal)");
  status.succeeded();
  EXPECT_EQ(read(), "ok");
  EXPECT_FALSE(fs::exists(dir_ / "rally_dev" / "app.status.next")) << "renamed, not left behind";
}

}  // namespace
}  // namespace rally::cli
