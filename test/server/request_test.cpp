// rally::Request: the Cookie header as the app sees it.
#include <gtest/gtest.h>

#include "fake_app.hpp"
#include "rally/server/request.hpp"
#include "rally/server/run.hpp"
#include "test_client.hpp"

namespace rally {
namespace {

using Cookies = std::vector<std::pair<std::string, std::string>>;

TEST(CookieHeader, PairsInOrderWithQuotesRemoved) {
  EXPECT_EQ(parse_cookie_header("a=1; b=\"two\";c=; d=x=y"), (Cookies{{"a", "1"}, {"b", "two"}, {"c", ""}, {"d", "x=y"}}));
  EXPECT_EQ(parse_cookie_header("  sid = abc  ;theme=dark"), (Cookies{{"sid", "abc"}, {"theme", "dark"}}));
  EXPECT_EQ(parse_cookie_header("a=1; a=2"), (Cookies{{"a", "1"}, {"a", "2"}}));
}

TEST(CookieHeader, MalformedPairsAreSkippedNotErrors) {
  EXPECT_EQ(parse_cookie_header(""), Cookies{});
  EXPECT_EQ(parse_cookie_header(";;; ;"), Cookies{});
  EXPECT_EQ(parse_cookie_header("novalue; =anon; bad name=1; ok=1; q=\"open; sp=a b; bs=a\\\\b; hi=\xc3\xa9; z=2"),
            (Cookies{{"ok", "1"}, {"z", "2"}}));
}

TEST(RequestCookie, FirstOfTheNameOrNothing) {
  Request r;
  r.cookies = {{"a", "1"}, {"a", "2"}};
  EXPECT_EQ(r.cookie("a"), "1");
  EXPECT_EQ(r.cookie("b"), std::nullopt);
}

TEST(RequestCookie, TheServerParsesEveryCookieHeader) {
  server::testing::FakeApp app;
  server::Options o;
  o.port = 0;
  o.threads = 1;
  o.log_requests = false;
  server::Server srv(app, o);
  srv.start();
  auto r = test::http_get(srv.port(), "/cookies", {{"Cookie", "sid=abc; theme=\"dark\""}, {"Cookie", "x=1; broken"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "sid=abc;theme=dark;x=1;");
}

}  // namespace
}  // namespace rally
