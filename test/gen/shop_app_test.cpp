// The shop example's generated server and clients, driven like the server library and the WASM
// runtime drive them.
#include <gtest/gtest.h>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/render.hpp>

#include "app.hpp"
#include "app_test_support.hpp"
#include "fake_host.hpp"
#include "codecs/web/pages/settings/profile.hpp"
#include "codecs/web/client_context.hpp"
#include "codecs/web/pages/products/id_.hpp"
#include "generated_ids.hpp"
#include <rally/glue.hpp>

namespace rally_generated::client_web {
rally::client::ClientApp make_client_app();
}
namespace rally_generated::client_admin {
rally::client::ClientApp make_client_app();
}

namespace {

namespace product = web::pages::products::id_;

using app_test::get;
using app_test::has;

std::string location(const rally::server::Response& r) {
  for (const auto& [k, v] : r.headers)
    if (k == "location") return v;
  return {};
}

TEST(Shop, HomeHasLayoutHeadAndScript) {
  auto r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<title>Shop</title>"));
  EXPECT_TRUE(has(r, "<link rel=\"stylesheet\" href=\"/assets/site.css\">"));
  EXPECT_TRUE(has(r, "<nav class=\"site\"><a href=\"/\">Home</a><a href=\"/products/1\">Featured</a>"
                     "<a href=\"/about\">About</a><a href=\"/settings/profile\">Profile</a>"
                     "<span class=\"user\">Signed in as guest</span></nav>")) << r.body;
  EXPECT_TRUE(has(r, "<main class=\"page\"><div class=\"home\"><h1>Welcome to the shop</h1>"));
  EXPECT_TRUE(has(r, "<script src=\"/_rally/web.js\" defer></script>"));
  EXPECT_TRUE(has(r, "data-page=\"home_\""));
}

TEST(Shop, ProductLoadEmbedsTheModel) {
  auto r = get("/products/2");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<title>Teapot - Shop</title>"));
  EXPECT_TRUE(has(r, "<h1>Teapot</h1><p class=\"id\">Product #2</p><p class=\"price\">25.00 EUR</p>")) << r.body;
  std::string model = rally::codec::base64_encode(rally::codec::to_bytes(product::Model{2, "Teapot", 2500, 0}));
  EXPECT_TRUE(has(r, "data-page=\"products/id_\""));
  EXPECT_TRUE(has(r, ">" + model + "</script>")) << r.body;
}

TEST(Shop, StatusCodes) {
  for (const char* path : {"/products/abc", "/products/99999999999999999999", "/products/9", "/nope", "/about/x"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(has(r, "<h1>No such page</h1>")) << path;
    EXPECT_TRUE(has(r, "<title>Not found - Shop</title>")) << path;
    EXPECT_TRUE(has(r, "<nav class=\"site\">")) << path;
    EXPECT_FALSE(has(r, "<script")) << path;
  }
  auto zero = get("/products/0");
  EXPECT_EQ(zero.status, 302);
  EXPECT_EQ(location(zero), "/");
  auto slash = get("/about/?x=1");
  EXPECT_EQ(slash.status, 308);
  EXPECT_EQ(location(slash), "/about?x=1");
  EXPECT_EQ(location(get("/admin/")), "/admin");
}

TEST(Shop, QueryReachesInit) {
  auto r = get("/settings/profile?name=Ada%20L");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<h1>Hello, Ada L</h1>")) << r.body;
  EXPECT_TRUE(has(r, "<title>Profile of Ada L</title>"));
  EXPECT_TRUE(has(get("/settings/profile"), "<h1>Hello, guest</h1>"));
}

TEST(Shop, ClientContextIsRenderedAndEmbedded) {
  auto r = get("/settings/profile");
  EXPECT_TRUE(has(r, "<span class=\"user\">Signed in as guest</span>")) << r.body;
  EXPECT_TRUE(has(r, "<p class=\"current\">Currently signed in as guest</p>")) << r.body;
  std::string context = rally::codec::base64_encode(rally::codec::to_bytes(web::ClientContext{"guest"}));
  EXPECT_TRUE(has(r, "data-context=\"" + context + "\"")) << r.body;
  // The layout of a static page and of the 404 page shows it too; admin has no context.
  EXPECT_TRUE(has(get("/about"), "Signed in as guest"));
  EXPECT_TRUE(has(get("/nope"), "Signed in as guest"));
  EXPECT_FALSE(has(get("/admin"), "data-context"));
}

TEST(Shop, RenamingPushesTheNewContextToThatConnectionOnly) {
  namespace profile = web::pages::settings::profile;
  using Status = rally::server::RpcOutcome::Status;
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto other = app->connect({});
  auto rename = [&](rally::server::Connection& c, const std::string& name) {
    return app->call(c, gen_test::handler_id<profile::ServerRename>(rally_generated::client_web::make_client_app()), rally::codec::to_bytes(profile::ServerRename{name}));
  };
  auto out = rename(*conn, "Ada");
  ASSERT_EQ(out.status, Status::ok);
  ASSERT_EQ(out.pushes.size(), 1u);
  EXPECT_EQ(out.pushes[0].topic, "rally:context");
  web::ClientContext pushed;
  ASSERT_TRUE(rally::codec::from_bytes(out.pushes[0].payload, pushed));
  EXPECT_EQ(pushed.user_name, "Ada");
  EXPECT_TRUE(rename(*conn, "Ada").pushes.empty());  // nothing changed
  auto refused = rename(*conn, "");
  EXPECT_EQ(refused.status, Status::ok);  // an Err result, and the context stays
  EXPECT_TRUE(refused.pushes.empty());
  // A product load on the renamed connection does not change the context: no push.
  auto load = app->call(*conn, gen_test::load_id(rally_generated::client_web::make_client_app(), "products/id_"),
                        rally::codec::to_bytes(rally::PageParams<web::routes::ProductsId>{{1}, {}}));
  EXPECT_TRUE(load.pushes.empty());
  // The other connection is still the guest: renaming it to "guest" changes nothing.
  EXPECT_TRUE(rename(*other, "guest").pushes.empty());
}

TEST(Shop, ProfileTakesTheContextAndPreviewSetsIt) {
  namespace profile = web::pages::settings::profile;
  auto web = rally_generated::client_web::make_client_app();
  rally_test::FakeHost host;
  std::string error;
  host.context = web.decode_context(rally::codec::to_bytes(web::ClientContext{"Grace"}), error);
  ASSERT_NE(host.context, nullptr) << error;
  const rally::client::PageEntry* entry = nullptr;
  for (const auto& p : web.pages)
    if (p.id == "settings/profile") entry = &p;
  ASSERT_NE(entry, nullptr);
  auto page = entry->init(host, web.match("/settings/profile", "")->params, error);
  ASSERT_NE(page, nullptr) << error;
  EXPECT_EQ(page->title(), "Profile of Grace");  // init's default name is the context's
  page->handle(rally::AnyMsg::of(profile::SetName{"Lin"}));
  page->handle(rally::AnyMsg::of(profile::Preview{}));
  ASSERT_EQ(host.context_updates.size(), 1u);
  EXPECT_EQ(static_cast<const web::ClientContext*>(host.context.get())->user_name, "Lin");
  // The runtime wraps every view in the namespace's layout, which reads the context.
  ASSERT_NE(web.layout, nullptr);
  std::string html = rally::render_html(web.layout(host.client_context(), page->view()));
  EXPECT_NE(html.find("Signed in as Lin"), std::string::npos) << html;
}

TEST(Shop, StaticAboutHasNoScript) {
  auto r = get("/about");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<title>About - Shop</title>"));
  EXPECT_TRUE(has(r, "<h1>About the shop</h1>"));
  EXPECT_TRUE(has(r, "<nav class=\"site\">"));
  EXPECT_FALSE(has(r, "<script"));
  EXPECT_FALSE(has(r, "rally-data"));
}

TEST(Shop, AdminUsesItsOwnClientAndNoWebLayout) {
  auto r = get("/admin");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<script src=\"/_rally/admin.js\" defer></script>"));
  EXPECT_TRUE(has(r, "<h1>Orders</h1>"));
  EXPECT_FALSE(has(r, "site.css"));
  EXPECT_EQ(get("/admin/nope").status, 404);
}

TEST(Shop, ClientEntries) {
  auto web = rally_generated::client_web::make_client_app();
  EXPECT_EQ(web.route_root, "/");
  EXPECT_EQ(web.default_title, "shop");
  auto admin = rally_generated::client_admin::make_client_app();
  EXPECT_EQ(admin.route_root, "/admin");
  // admin's one interactive page always starts the same: its links are page loads, and its client
  // links no navigation code. web's pages take params and load.
  EXPECT_EQ(admin.navigation, nullptr);
  EXPECT_FALSE(admin.match);
  EXPECT_EQ(web.navigation, rally::client::navigation_hooks());
  // Their pages have title(): both clients set document.title.
  EXPECT_EQ(admin.titles, rally::client::title_hooks());
  EXPECT_EQ(web.titles, rally::client::title_hooks());
  EXPECT_FALSE(web.match("/admin", ""));

  auto about = web.match("/about", "");
  ASSERT_TRUE(about);
  for (const auto& p : web.pages)
    if (p.id == "about") EXPECT_TRUE(p.is_static);

  // Client-side navigation to a product: the load request, answered by the server.
  auto m = web.match("/products/3", "");
  ASSERT_TRUE(m);
  const rally::client::PageEntry* entry = nullptr;
  for (const auto& p : web.pages)
    if (p.id == m->page_id) entry = &p;
  ASSERT_NE(entry, nullptr);
  ASSERT_NE(entry->load_handler, 0u);
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto out = app->call(*conn, entry->load_handler, m->params);
  rally_test::FakeHost host;
  std::string error;
  auto loaded = entry->from_load(host, out.payload, error);
  ASSERT_NE(loaded.page, nullptr) << error;
  EXPECT_EQ(loaded.page->title(), "Cups - Shop");
  auto missing = entry->from_load(host, app->call(*conn, entry->load_handler, web.match("/products/77", "")->params).payload, error);
  EXPECT_TRUE(missing.not_found);
}

}  // namespace
