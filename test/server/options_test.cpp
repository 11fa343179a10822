#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

#include "http_text.hpp"
#include "options.hpp"
#include "test_fixtures.hpp"
#include "rally/server/run.hpp"

namespace rally::server {
namespace {

using testing::EnvVar;

std::string from_env_error() {
  try {
    Options::from_env({});
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParsePort, AcceptsPortsAndZero) {
  EXPECT_EQ(parse_port("8080", "PORT"), 8080);
  EXPECT_EQ(parse_port("1", "PORT"), 1);
  EXPECT_EQ(parse_port("65535", "PORT"), 65535);
  EXPECT_EQ(parse_port("0", "PORT"), 0);
}

TEST(ParsePort, RejectsNonPorts) {
  for (const char* bad : {"abc", "70000", "", "-1", "+80", " 80", "80 ", "8o", "99999999999999999999"})
    EXPECT_THROW(parse_port(bad, "PORT"), std::invalid_argument) << bad;
}

TEST(OptionsFromEnv, ReadsEnvironmentOverDefaults) {
  EnvVar host("HOST", "0.0.0.0"), port("PORT", "9123"), dir("RALLY_CLIENT_DIR", "/srv/client"), threads("RALLY_THREADS", "3");
  Options defaults;
  defaults.assets_dir = "/srv/assets";
  Options o = Options::from_env(defaults);
  EXPECT_EQ(o.host, "0.0.0.0");
  EXPECT_EQ(o.port, 9123);
  EXPECT_EQ(o.client_dir, "/srv/client");
  EXPECT_EQ(o.threads, 3);
  EXPECT_EQ(o.assets_dir, "/srv/assets");
}

TEST(OptionsFromEnv, KeepsDefaultsWhenUnset) {
  ::unsetenv("HOST");
  ::unsetenv("PORT");
  ::unsetenv("RALLY_CLIENT_DIR");
  ::unsetenv("RALLY_THREADS");
  Options defaults;
  defaults.port = 4000;
  defaults.client_dir = "build/client";
  Options o = Options::from_env(defaults);
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 4000);
  EXPECT_EQ(o.client_dir, "build/client");
}

TEST(OptionsFromEnv, BadPortNamesTheValue) {
  {
    EnvVar port("PORT", "abc");
    EXPECT_EQ(from_env_error(), "PORT=\"abc\" is not a port number (1-65535, or 0 for any free port)");
  }
  {
    EnvVar port("PORT", "70000");
    EXPECT_NE(from_env_error().find("PORT=\"70000\" is not a port number"), std::string::npos);
  }
  {
    EnvVar port("PORT", "");
    EXPECT_NE(from_env_error().find("PORT=\"\" is not a port number"), std::string::npos);
  }
}

TEST(OptionsFromEnv, BadThreadsAndHost) {
  {
    EnvVar threads("RALLY_THREADS", "many");
    EXPECT_NE(from_env_error().find("RALLY_THREADS=\"many\" is not a thread count"), std::string::npos);
  }
  {
    EnvVar host("HOST", "");
    EXPECT_NE(from_env_error().find("HOST=\"\" is empty"), std::string::npos);
  }
}

TEST(AllowedHosts, ParsesNamesDomainsAddressesAndStar) {
  EXPECT_EQ(parse_allowed_hosts("Example.com, .example.com,127.0.0.1 ,[::1],*", "RALLY_ALLOWED_HOSTS"),
            (std::vector<std::string>{"example.com", ".example.com", "127.0.0.1", "[::1]", "*"}));
  for (const char* bad : {"", "example.com,", "example.com:8080", "http://example.com", "exa mple.com", "..com", "[::1"}) {
    try {
      parse_allowed_hosts(bad, "RALLY_ALLOWED_HOSTS");
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("is not a host name"), std::string::npos) << e.what();
    }
  }
}

TEST(AllowedHosts, MatchesNamesWithOrWithoutPortAndSubdomainsOfADotEntry) {
  const std::vector<std::string> allowed = {"localhost", ".example.com", "[::1]"};
  for (const char* ok : {"localhost", "LOCALHOST:8080", "localhost.", "example.com", "a.b.example.com:443", "[::1]", "[::1]:80"})
    EXPECT_TRUE(host_allowed(ok, allowed)) << ok;
  for (const char* bad : {"evil.example", "notexample.com", "localhost:", "localhost:99999x", "localhost:8080:1", "::1", "",
                          "local host", "example.com/x", "local\x01host"})
    EXPECT_FALSE(host_allowed(bad, allowed)) << bad;
  EXPECT_TRUE(host_allowed("anything.example:1", {"*"}));
  EXPECT_FALSE(host_allowed("bad name", {"*"}));
}

TEST(AllowedHosts, ComeFromTheEnvironment) {
  EnvVar hosts("RALLY_ALLOWED_HOSTS", "app.example.org");
  EXPECT_EQ(Options::from_env({}).allowed_hosts, std::vector<std::string>{"app.example.org"});
  EXPECT_EQ(Options{}.allowed_hosts, (std::vector<std::string>{"localhost", ".localhost", "127.0.0.1", "[::1]"}));
}

TEST(CallTimeout, IsWholeMillisecondsWithinBoundsAndABadOneStopsTheStart) {
  EXPECT_EQ(detail::parse_call_timeout("1500"), 1500);
  EXPECT_EQ(detail::parse_call_timeout("100"), 100);
  EXPECT_EQ(detail::parse_call_timeout("3600000"), 3'600'000);
  for (const char* bad : {"", "99", "3600001", "1.5", "-1", "30s", "99999999"})
    EXPECT_FALSE(detail::parse_call_timeout(bad)) << bad;
  EnvVar bad("RALLY_CALL_TIMEOUT_MS", "soon");
  EXPECT_EQ(from_env_error(),
            "RALLY_CALL_TIMEOUT_MS=\"soon\" is not a number of milliseconds from 100 to 3600000 (how long a page waits for "
            "a server call)");
}

TEST(Sessions, RallySessionsTurnsThemOffOrOn) {
  {
    EnvVar off("RALLY_SESSIONS", "0");
    EXPECT_FALSE(Options::from_env({}).sessions);
  }
  EnvVar bad("RALLY_SESSIONS", "no");
  EXPECT_EQ(from_env_error(), "RALLY_SESSIONS=\"no\" is not 0 or 1");
}

}  // namespace
}  // namespace rally::server
