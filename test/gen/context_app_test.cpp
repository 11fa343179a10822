// The context fixture: the ClientContext built per request, embedded, decoded by the client entry,
// passed to init/update/view/title and the layout, replaced by set_context, and pushed after a
// server call that changed it.
#include <gtest/gtest.h>

#include <stdexcept>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/render.hpp>
#include <rally/server/session.hpp>
#include <rally/wire.hpp>

#include "app.hpp"
#include "app_test_support.hpp"
#include "fake_host.hpp"
#include "codecs/web/client_context.hpp"
#include "codecs/web/pages/account.hpp"
#include "codecs/web/pages/home_.hpp"
#include "codecs/web/pages/items/id_.hpp"
#include "generated_ids.hpp"

namespace rally_generated::client_web {
rally::client::ClientApp make_client_app();
}

namespace {

namespace home = web::pages::home_;
using Status = rally::server::RpcOutcome::Status;

using app_test::FakeSession;
using app_test::get;
using app_test::has;

std::string base64_of(const web::ClientContext& c) { return rally::codec::base64_encode(rally::codec::to_bytes(c)); }

const rally::client::PageEntry& entry(const rally::client::ClientApp& app, const std::string& id) {
  for (const auto& p : app.pages)
    if (p.id == id) return p;
  throw std::runtime_error("no page " + id);
}

TEST(Context, SsrPassesAndEmbedsIt) {
  auto r = get("/?hi=Hey");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<nav>User: guest</nav>")) << r.body;   // the layout
  EXPECT_TRUE(has(r, "<p>Hey, guest</p><p>light</p>")) << r.body;  // init and view
  EXPECT_TRUE(has(r, "<title>Home of guest</title>"));       // title
  web::ClientContext guest;
  guest.user = "guest";
  EXPECT_TRUE(has(r, "data-context=\"" + base64_of(guest) + "\"")) << r.body;
}

// make_server_context(const rally::Request&): each request's and each socket's ServerContext is
// made from the request (here its `user` cookie).
TEST(Context, TheServerContextIsMadeFromTheRequest) {
  rally::server::Request signed_in;
  signed_in.cookies = {{"theme", "x"}, {"user", "ada"}};
  auto r = get("/items/3", signed_in);
  EXPECT_TRUE(has(r, "<nav>User: ada</nav>")) << r.body;
  EXPECT_TRUE(has(r, "<p>Item 3 of ada</p>")) << r.body;
  web::ClientContext ada;
  ada.user = "ada";
  ada.theme = web::Theme::dark;
  ada.calls = 1;
  EXPECT_TRUE(has(r, "data-context=\"" + base64_of(ada) + "\"")) << r.body;

  auto app = rally_generated_make_app();
  rally::server::Request upgrade;
  upgrade.cookies = {{"user", "grace"}};
  auto conn = app->connect(upgrade);
  auto outcome = app->call(*conn, gen_test::handler_id<home::ServerRename>(rally_generated::client_web::make_client_app()),
                           rally::codec::to_bytes(home::ServerRename{"bob"}));
  ASSERT_EQ(outcome.status, Status::ok);
  rally::Result<std::string> before;
  ASSERT_TRUE(rally::codec::from_bytes(outcome.payload, before));
  EXPECT_EQ(before.value(), "grace") << "the socket's ServerContext was made from its upgrade request";
}

rally::server::Request with_user(const std::string& name) {
  rally::server::Request r;
  r.cookies = {{"user", name}};
  return r;
}

TEST(Policy, ASignedOutVisitorOfAProtectedPageIsSentToSignInWithNext) {
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto r = get("/account?tab=2");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.headers.at(0).second, "/sign_in?next=%2Faccount%3Ftab%3D2");
  EXPECT_EQ(get("/staff").status, 302);
  EXPECT_EQ(get("/about").status, 200) << "policy = everyone keeps a page public";
  EXPECT_EQ(get("/sign_in").status, 200);
}

TEST(Policy, ASignedInVisitorSeesItAndAuthorizeDecidesRoles) {
  FakeSession session;
  session.user = 1;
  rally::server::SessionScope scope(&session);
  auto account = get("/account", with_user("grace"));
  EXPECT_EQ(account.status, 200);
  EXPECT_TRUE(has(account, "Account of grace")) << account.body;
  auto staff = get("/staff", with_user("grace"));
  EXPECT_EQ(staff.status, 403);
  EXPECT_TRUE(has(staff, "You do not have access to this page.")) << staff.body;
  EXPECT_TRUE(has(get("/staff", with_user("ada")), "Staff room"));
}

TEST(Policy, AHandlerOfAProtectedPageNeverRunsWithoutTheSession) {
  auto app = rally_generated_make_app();
  const auto touch = gen_test::handler_id<web::pages::account::ServerTouch>(rally_generated::client_web::make_client_app());
  const std::string payload = rally::codec::to_bytes(web::pages::account::ServerTouch{});
  FakeSession session;
  rally::server::SessionScope scope(&session);
  auto conn = app->connect(with_user("grace"));
  auto refused = app->call(*conn, touch, payload);
  EXPECT_EQ(refused.status, Status::unauthorized);
  EXPECT_EQ(refused.message, "sign in first");
  session.user = 1;
  auto first = app->call(*conn, touch, payload);
  ASSERT_EQ(first.status, Status::ok);
  rally::Result<std::int64_t> calls;
  ASSERT_TRUE(rally::codec::from_bytes(first.payload, calls));
  EXPECT_EQ(calls.value(), 1) << "the refused call never ran the handler";
}

TEST(Context, BuiltAfterLoadFromTheSameServerContext) {
  auto r = get("/items/3");
  EXPECT_TRUE(has(r, "<p>Item 3 of guest</p>")) << r.body;
  web::ClientContext c;
  c.user = "guest";
  c.calls = 1;  // load() counted itself in the request's ServerContext
  EXPECT_TRUE(has(r, "data-context=\"" + base64_of(c) + "\"")) << r.body;
}

TEST(Context, StaticAndNotFoundPagesGetItForTheLayoutOnly) {
  auto about = get("/about");
  EXPECT_TRUE(has(about, "<nav>User: guest</nav><main><p>About, for guest</p>")) << about.body;
  EXPECT_TRUE(has(about, "<title>About for guest</title>"));
  EXPECT_FALSE(has(about, "data-context"));
  auto missing = get("/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(has(missing, "<nav>User: guest</nav>"));
}

TEST(Context, ACallThatChangesItPushesTheNewOneOnce) {
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto rename = [&](const std::string& user) {
    return app->call(*conn, gen_test::handler_id<home::ServerRename>(rally_generated::client_web::make_client_app()), rally::codec::to_bytes(home::ServerRename{user}));
  };
  auto first = rename("ada");
  ASSERT_EQ(first.status, Status::ok);
  rally::Result<std::string> before;
  ASSERT_TRUE(rally::codec::from_bytes(first.payload, before));
  EXPECT_EQ(*before, "guest");
  ASSERT_EQ(first.pushes.size(), 1u);
  EXPECT_EQ(first.pushes[0].topic, rally::wire::context_topic);
  web::ClientContext pushed;
  ASSERT_TRUE(rally::codec::from_bytes(first.pushes[0].payload, pushed));
  EXPECT_EQ(pushed.user, "ada");
  EXPECT_EQ(pushed.theme, web::Theme::dark);

  EXPECT_TRUE(rename("ada").pushes.empty());  // unchanged: nothing to push
  // Another connection has its own ServerContext and its own last-sent context.
  auto other = app->connect({});
  EXPECT_TRUE(app->call(*other, gen_test::handler_id<home::ServerRename>(rally_generated::client_web::make_client_app()), rally::codec::to_bytes(home::ServerRename{"guest"}))
                  .pushes.empty());
  // Load handlers count too: this one changes ctx.calls.
  auto touched = app->call(*conn, gen_test::handler_id<web::pages::items::id_::ServerTouch>(rally_generated::client_web::make_client_app()), rally::codec::to_bytes(web::pages::items::id_::ServerTouch{}));
  ASSERT_EQ(touched.pushes.size(), 1u);
  ASSERT_TRUE(rally::codec::from_bytes(touched.pushes[0].payload, pushed));
  EXPECT_EQ(pushed.calls, std::optional<std::int64_t>(1));
  // A malformed request changes nothing and pushes nothing.
  auto bad = app->call(*conn, gen_test::handler_id<home::ServerRename>(rally_generated::client_web::make_client_app()), "\xff");
  EXPECT_EQ(bad.status, Status::malformed);
  EXPECT_TRUE(bad.pushes.empty());
}

// A sign-in or sign-out in another request of the browser (the server library calls refresh() on
// each of its sockets): the socket's client gets the context the new session makes.
TEST(Context, ASessionChangePushesTheNewContextToASocketThatNamedItsNamespace) {
  auto app = rally_generated_make_app();
  FakeSession session;
  rally::server::SessionScope scope(&session);
  rally::server::Request upgrade;
  upgrade.query = "contract=x&ns=web";
  auto conn = app->connect(upgrade);
  EXPECT_TRUE(app->refresh(*conn).empty()) << "nothing changed yet";
  session.user = 5;
  auto pushes = app->refresh(*conn);
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].topic, rally::wire::context_topic);
  web::ClientContext pushed;
  ASSERT_TRUE(rally::codec::from_bytes(pushes[0].payload, pushed));
  EXPECT_EQ(pushed.account, std::optional<std::int64_t>(5));
  EXPECT_TRUE(app->refresh(*conn).empty()) << "pushed once";
  // A socket that did not say whose client it is gets nothing it might mis-decode.
  auto unnamed = app->connect({});
  session.user = 6;
  EXPECT_TRUE(app->refresh(*unnamed).empty());
}

// boards/id_ subscribes to a topic and takes server messages: the client links the topic code.
TEST(Context, ClientLinksTopics) {
  EXPECT_EQ(rally_generated::client_web::make_client_app().topics, rally::client::topic_hooks());
}

TEST(Context, ClientLinksContext) {
  EXPECT_EQ(rally_generated::client_web::make_client_app().context, rally::client::context_hooks());
}

TEST(Context, ClientDecodesItAndPagesReadItThroughTheHost) {
  auto client = rally_generated::client_web::make_client_app();
  ASSERT_TRUE(client.decode_context);
  ASSERT_NE(client.context_type, nullptr);
  EXPECT_EQ(client.context_type, rally::type_id<web::ClientContext>());
  std::string error;
  web::ClientContext ada;
  ada.user = "ada";
  auto decoded = client.decode_context(rally::codec::to_bytes(ada), error);
  ASSERT_NE(decoded, nullptr) << error;
  EXPECT_EQ(static_cast<const web::ClientContext*>(decoded.get())->user, "ada");
  EXPECT_EQ(client.decode_context("\xff\xff", error), nullptr);

  rally_test::FakeHost host;
  host.context = decoded;
  // Client-side navigation runs init() with the context.
  auto m = client.match("/", "hi=Yo");
  ASSERT_TRUE(m);
  auto page = entry(client, "home_").init(host, m->params, error);
  ASSERT_NE(page, nullptr) << error;
  EXPECT_EQ(page->title(), "Home of ada");
  // The runtime wraps every view in the namespace's layout, which reads the context.
  ASSERT_NE(client.layout, nullptr);
  std::string html = rally::render_html(client.layout(host.client_context(), page->view()));
  EXPECT_NE(html.find("<nav>User: ada</nav>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>Yo, ada</p><p>light</p>"), std::string::npos) << html;

  // update() gets it too, and set_context reaches the host; the next view shows the new one.
  page->handle(rally::AnyMsg::of(home::Become{"grace"}));
  ASSERT_EQ(host.context_updates.size(), 1u);
  EXPECT_EQ(host.context_updates[0].type, rally::type_id<web::ClientContext>());
  EXPECT_EQ(page->title(), "Home of grace");
  page->handle(rally::AnyMsg::of(home::Rename{"x"}));
  ASSERT_EQ(host.responders.size(), 1u);
  rally::Result<std::string> answer = std::string("guest");
  host.responders[0](&answer);
  html = rally::render_html(page->view());
  EXPECT_NE(html.find("<p>Was grace</p>"), std::string::npos) << html;
}

TEST(Context, AHostWithoutOneGetsADefault) {
  auto client = rally_generated::client_web::make_client_app();
  rally_test::FakeHost host;
  std::string error;
  auto page = entry(client, "home_").init(host, client.match("/", "")->params, error);
  ASSERT_NE(page, nullptr) << error;
  EXPECT_EQ(page->title(), "Home of ");
}

}  // namespace
