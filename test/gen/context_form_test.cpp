// Forms without JavaScript (the context fixture's /contact and /sign_in): POST to the page's path,
// fields decoded into the form struct by name, post/redirect/get or the page again with errors,
// and the cross-site checks (Origin / Sec-Fetch-Site and the session's CSRF token).
#include <gtest/gtest.h>

#include <string>

#include <rally/form.hpp>
#include <rally/html.hpp>
#include <rally/render.hpp>
#include <rally/routing.hpp>

#include "app.hpp"
#include "app_test_support.hpp"

namespace {

using app_test::FakeSession;
using app_test::get;
using app_test::has;
using app_test::header;
using app_test::post;

const std::string valid = "_form=send&_csrf=token&name=Ada+L&message=hi&age=36&subscribe=on&topics=a&topics=b";

TEST(Forms, PostFormRendersTheHiddenFieldsAndTheClientGetsTheToken) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto r = get("/contact");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<form method=\"post\"><input type=\"hidden\" name=\"_form\" value=\"send\">"
                     "<input type=\"hidden\" name=\"_csrf\" value=\"token\"><input name=\"name\" value>"))
      << r.body;
  EXPECT_TRUE(has(r, "data-csrf=\"token\"")) << r.body;
}

TEST(Forms, AValidPostRunsTheHandlerAndRedirectsWith303) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto r = post("/contact", valid);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "location"), "/contact?sent=1&who=" + rally::routing::encode_text("Ada L (36) subscribed topics=2"));
  // Optional, checkbox and list fields may be left out.
  r = post("/contact", "_form=send&_csrf=token&name=Ada&message=hi");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "location"), "/contact?sent=1&who=" + rally::routing::encode_text("Ada topics=0"));
}

TEST(Forms, AnInvalidFormRendersThePageAgainFromTheHandlersModel) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto r = post("/contact", "_form=send&_csrf=token&name=Ada+%3Cb%3E&message=");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(has(r, "<p>Write a message, guest</p>")) << r.body;
  EXPECT_TRUE(has(r, "<input name=\"name\" value=\"Ada &lt;b&gt;\">")) << r.body;
  EXPECT_TRUE(has(r, "id=\"rally-data\" data-page=\"contact\"")) << "the re-rendered page hydrates like any other";
}

TEST(Forms, APageWithoutAModelTakesFormsThatRedirect) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto r = post("/sign_in?next=/account", "_form=sign_in&_csrf=token&user=ada");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(header(r, "location"), "/account");
  EXPECT_EQ(session.user, std::optional<std::int64_t>(1)) << "the handler signed the session in";
}

TEST(Forms, FieldsThatDoNotFitAre400WithTheReason) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  struct Case {
    std::string body, message;
  };
  const Case cases[] = {
      {"_form=send&_csrf=token&name=Ada", "field \"message\" is missing"},
      {"_form=send&_csrf=token&name=Ada&message=a&message=b", "field \"message\" was sent 2 times"},
      {"_form=send&_csrf=token&name=Ada&message=hi&admin=1", "the form has no field \"admin\""},
      {"_form=send&_csrf=token&name=Ada&message=hi&age=old", "field \"age\": \"old\" is not a whole number"},
      {"_form=send&_csrf=token&name=Ada&message=hi&age=99999999999999999999", "is out of range"},
      {"_form=send&_csrf=token&name=Ada&message=hi&subscribe=maybe", "is not a checkbox value"},
      {"_form=send&_csrf=token&name=%FF&message=hi", "field \"name\" is not valid UTF-8"},
      {"_form=send&_csrf=token&name=%zz&message=hi", "malformed %-escape"},
      {"_form=send&_csrf=token&name=" + std::string(rally::form::Limits::max_value_bytes + 1, 'a') + "&message=hi",
       "field \"name\" is longer than 65536 bytes"},
      {"_form=nope&_csrf=token", "this page has no form named \"nope\""},
      {"_csrf=token&name=Ada&message=hi", "the form does not say which form it is"},
  };
  for (const auto& c : cases) {
    auto r = post("/contact", c.body);
    EXPECT_EQ(r.status, 400) << c.body.substr(0, 80);
    EXPECT_TRUE(has(r, c.message)) << c.body.substr(0, 80) << "\n" << r.body.substr(0, 2000);
  }
  EXPECT_EQ(post("/contact", valid, {{"content-type", "multipart/form-data; boundary=x"}}).status, 415);
  EXPECT_EQ(post("/contact", valid, {{"content-type", "application/x-www-form-urlencoded; charset=UTF-8"}}).status, 303);
}

TEST(Forms, CrossSitePostsAndMissingTokensAre403) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  EXPECT_EQ(post("/contact", valid, {{"origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(post("/contact", valid, {{"origin", "null"}}).status, 403);
  EXPECT_EQ(post("/contact", valid, {{"origin", ""}, {"sec-fetch-site", "cross-site"}}).status, 403);
  EXPECT_EQ(post("/contact", valid, {{"origin", ""}, {"sec-fetch-site", "same-site"}}).status, 403);
  EXPECT_EQ(post("/contact", valid, {{"origin", ""}, {"sec-fetch-site", "same-origin"}}).status, 303);
  // Without either header the token decides.
  EXPECT_EQ(post("/contact", valid, {{"origin", ""}}).status, 303);
  auto no_token = post("/contact", "_form=send&name=Ada&message=hi", {{"origin", ""}});
  EXPECT_EQ(no_token.status, 403);
  EXPECT_TRUE(has(no_token, "Reload the page and send it again")) << no_token.body;
  EXPECT_EQ(post("/contact", "_form=send&_csrf=other&name=Ada&message=hi").status, 403);
}

TEST(Forms, WithoutSessionsOnlyThisSitesOriginIsAccepted) {
  // No session scope: an app without a database.
  EXPECT_EQ(post("/contact", "_form=send&name=Ada&message=hi").status, 303);
  EXPECT_EQ(post("/contact", "_form=send&name=Ada&message=hi", {{"origin", ""}}).status, 403);
  EXPECT_EQ(post("/contact", "_form=send&name=Ada&message=hi", {{"origin", "https://evil.example"}}).status, 403);
}

TEST(Forms, PagesWithoutFormsAnd405AndProtectedPagesSendToSignIn) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto about = post("/about", "_form=x&_csrf=token");
  EXPECT_EQ(about.status, 405);
  EXPECT_EQ(header(about, "allow"), "GET, HEAD");
  auto account = post("/account", "_form=x&_csrf=token");
  EXPECT_EQ(account.status, 303) << "signed out: to sign-in first, the POST is not run";
  EXPECT_EQ(header(account, "location"), "/sign_in?next=%2Faccount");
}

}  // namespace
