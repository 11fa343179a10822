// The generated routing fixture app: SSR with load/init/query/layout/title, redirects, 404 pages,
// the load handler, and the client entry's match/init/from_load.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/render.hpp>

#include "app.hpp"
#include "app_test_support.hpp"
#include "fake_host.hpp"
#include <rally/glue.hpp>
#include <rally/wire.hpp>

#include "codecs/web/pages/home_.hpp"
#include "codecs/web/pages/once.hpp"
#include "web/pages/fresh.hpp"
#include "codecs/web/pages/products/id_.hpp"
#include "web/pages/tags/name_.hpp"
#include "generated_ids.hpp"

namespace rally_generated::client_web {
rally::client::ClientApp make_client_app();
}

namespace {

using Status = rally::server::RpcOutcome::Status;
namespace product = web::pages::products::id_;

using app_test::get;
using app_test::has;

std::string header(const rally::server::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

TEST(RoutingApp, LayoutHeadAndTitle) {
  auto r = get("/?q=x%20y");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<title>Home x y</title>")) << r.body;
  EXPECT_TRUE(has(r, "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head>")) << r.body;
  EXPECT_TRUE(has(r, "<div class=\"layout\"><nav><a href=\"/\">Home</a></nav><div><p>q=x y</p>")) << r.body;
  EXPECT_TRUE(has(r, "<a href=\"/tags/a%20b%2Fc\">tag</a>")) << r.body;
  auto about = get("/about");
  EXPECT_TRUE(has(about, "<title>About</title>"));
  EXPECT_TRUE(has(about, "<div class=\"layout\">"));
  EXPECT_FALSE(has(about, "<script"));
  EXPECT_TRUE(has(get("/products/new"), "<title>routing</title>"));  // default: the app name
}

TEST(RoutingApp, LoadEmbedsTheLoadedModel) {
  auto r = get("/products/7");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<h1>Product 7 (load 1)</h1>")) << r.body;
  std::string model = rally::codec::base64_encode(rally::codec::to_bytes(product::Model{7, "Product 7 (load 1)"}));
  EXPECT_TRUE(has(r, ">" + model + "</script>")) << r.body;
  EXPECT_TRUE(has(r, "data-page=\"products/id_\""));
  // One ServerContext per request: the count starts again.
  EXPECT_TRUE(has(get("/products/7"), "(load 1)"));
}

TEST(RoutingApp, LoadRedirectsAndNotFound) {
  auto r = get("/products/0");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(header(r, "location"), "/");
  auto nf = get("/products/-1");
  EXPECT_EQ(nf.status, 404);
  EXPECT_TRUE(has(nf, "<h1>Nothing here</h1>")) << nf.body;
  EXPECT_TRUE(has(nf, "<div class=\"layout\">"));
}

TEST(RoutingApp, NotFound) {
  for (const char* path : {"/products/abc", "/products/99999999999999999999", "/nope", "/tags/bad%zz", "//", "/about//"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(has(r, "Nothing here")) << path;
  }
  auto admin = get("/admin/nope");
  EXPECT_EQ(admin.status, 404);
  EXPECT_TRUE(has(admin, "<h1>Not found</h1>")) << admin.body;  // admin has no not_found_: the built-in one
  EXPECT_FALSE(has(admin, "layout"));
}

TEST(RoutingApp, TrailingSlashRedirectsToTheCanonicalPath) {
  auto r = get("/about/?a=1&b=2");
  EXPECT_EQ(r.status, 308);
  EXPECT_EQ(header(r, "location"), "/about?a=1&b=2");
  EXPECT_EQ(header(get("/admin/"), "location"), "/admin");
  EXPECT_EQ(get("/admin/").status, 308);
  EXPECT_EQ(header(get("/tags/x%20y/"), "location"), "/tags/x%20y");
  EXPECT_EQ(get("/nope/").status, 404);  // only pages redirect
}

TEST(RoutingApp, ParamsAndQueryReachInit) {
  EXPECT_TRUE(has(get("/orders/5/payments/77/edit"), "Order 5 payment 77"));
  EXPECT_TRUE(has(get("/tags/a%20b?sort=new"), "Tag [a b] sort new"));
  EXPECT_TRUE(has(get("/tags/a"), "Tag [a] sort none"));
  EXPECT_TRUE(has(get("/admin/users/4"), "A user"));
}

// once.hpp takes nothing from the request: its first request renders it, the others reuse that HTML
// (model and layout included), also when they arrive together.
TEST(RoutingApp, APageThatCannotDependOnTheRequestIsRenderedOnce) {
  std::vector<std::thread> threads;
  std::vector<rally::server::Response> responses(8);
  for (auto& r : responses) threads.emplace_back([&r] { r = get("/once?ignored=1"); });
  for (auto& t : threads) t.join();
  responses.push_back(get("/once"));
  EXPECT_EQ(web::pages::once::views, 1);
  const std::string model = rally::codec::base64_encode(rally::codec::to_bytes(web::pages::once::Model{42}));
  for (const auto& r : responses) {
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(has(r, "<title>Once</title>")) << r.body;
    EXPECT_TRUE(has(r, "<div class=\"layout\"><nav><a href=\"/\">Home</a></nav><p>answer 42, view 1</p></div>")) << r.body;
    EXPECT_TRUE(has(r, "data-page=\"once\"")) << r.body;
    EXPECT_TRUE(has(r, ">" + model + "</script>")) << r.body;
    EXPECT_TRUE(has(r, "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head>")) << r.body;
  }
}

TEST(RoutingApp, RenderingEveryRequestRendersEachRequest) {
  EXPECT_TRUE(has(get("/fresh"), "<p>view 1</p>"));
  EXPECT_TRUE(has(get("/fresh"), "<p>view 2</p>"));
  EXPECT_EQ(web::pages::fresh::views, 2);
}

// The server renders each request's Node trees in the thread's render arena, and rewinds it after.
TEST(RoutingApp, PagesAreRenderedInTheRenderArena) {
  EXPECT_TRUE(has(get("/fresh"), "<p>view"));
  EXPECT_GE(web::pages::fresh::arena_blocks, 1) << "the <p>'s children came from the arena";
  EXPECT_EQ(rally::detail::RenderArena::live_blocks(), 0) << "and nothing of the render is left in it";
}

TEST(RoutingApp, LoadHandler) {
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  EXPECT_EQ(gen_test::load_id(rally_generated::client_web::make_client_app(), "products/id_"),
            rally::wire::fnv1a64("web/products/id_/load{std::int64_t,rally::Query}->rally::Load<Model>"));
  auto call = [&](std::int64_t id) {
    auto out = app->call(*conn, gen_test::load_id(rally_generated::client_web::make_client_app(), "products/id_"),
                         rally::codec::to_bytes(rally::PageParams<web::routes::ProductsId>{{id}, {}}));
    EXPECT_EQ(out.status, Status::ok) << out.message;
    rally::Load<product::Model> loaded;
    std::string error;
    EXPECT_TRUE(rally::codec::from_bytes(out.payload, loaded, &error)) << error;
    return loaded;
  };
  auto a = call(3);
  ASSERT_TRUE(a.has_model());
  EXPECT_EQ(a.model().name, "Product 3 (load 1)");
  EXPECT_EQ(call(3).model().name, "Product 3 (load 2)");  // the connection's ServerContext
  EXPECT_EQ(call(0).redirect_path(), "/");
  EXPECT_TRUE(call(-5).is_not_found());
  EXPECT_EQ(app->call(*conn, gen_test::load_id(rally_generated::client_web::make_client_app(), "products/id_"), "\xff").status, Status::malformed);
}

const rally::client::PageEntry& entry(const rally::client::ClientApp& app, const std::string& id) {
  for (const auto& p : app.pages)
    if (p.id == id) return p;
  throw std::runtime_error("no page " + id);
}

TEST(RoutingClient, MatchAndEntries) {
  auto client = rally_generated::client_web::make_client_app();
  EXPECT_EQ(client.route_root, "/");
  EXPECT_EQ(client.default_title, "routing");
  EXPECT_FALSE(client.match("/nope", ""));
  EXPECT_FALSE(client.match("/admin", ""));
  EXPECT_FALSE(client.match("/about/", ""));
  EXPECT_TRUE(entry(client, "about").is_static);
  EXPECT_EQ(client.match("/about", "")->page_id, "about");

  rally_test::FakeHost host;
  std::string error;
  auto m = client.match("/tags/a%20b", "sort=up");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->page_id, "tags/name_");
  const auto& tags = entry(client, "tags/name_");
  EXPECT_FALSE(tags.is_static);
  EXPECT_EQ(tags.load_handler, 0u);
  auto page = tags.init(host, m->params, error);
  ASSERT_NE(page, nullptr) << error;
  EXPECT_EQ(rally::render_html(page->view()), "<p>Tag [a b] sort up</p>");
  // The runtime puts the namespace's layout around it, and titles it with the app's name.
  ASSERT_NE(client.layout, nullptr);
  EXPECT_EQ(rally::render_html(client.layout(host.client_context(), page->view())),
            "<div class=\"layout\"><nav><a href=\"/\">Home</a></nav><p>Tag [a b] sort up</p></div>");
  EXPECT_EQ(page->title(), "");
  EXPECT_EQ(client.default_title, "routing");
  EXPECT_EQ(tags.init(host, "\xff", error), nullptr);

  auto p = client.match("/products/8", "");
  ASSERT_TRUE(p);
  const auto& products = entry(client, "products/id_");
  EXPECT_EQ(products.load_handler, gen_test::load_id(rally_generated::client_web::make_client_app(), "products/id_"));
  EXPECT_FALSE(products.init);
  // What the server answers to the load request becomes the page.
  auto app = rally_generated_make_app();
  auto conn = app->connect({});
  auto out = app->call(*conn, products.load_handler, p->params);
  auto loaded = products.from_load(host, out.payload, error);
  ASSERT_NE(loaded.page, nullptr) << error;
  EXPECT_TRUE(rally::render_html(loaded.page->view()).find("<h1>Product 8 (load 1)</h1>") != std::string::npos);
  auto redirect = products.from_load(host, rally::codec::to_bytes(rally::Load<product::Model>(rally::redirect("/x"))), error);
  EXPECT_EQ(redirect.page, nullptr);
  EXPECT_EQ(redirect.redirect, "/x");
  EXPECT_TRUE(products.from_load(host, rally::codec::to_bytes(rally::Load<product::Model>(rally::not_found())), error).not_found);
}

TEST(RoutingClient, HydrateRunsInitWithTheEmbeddedParams) {
  auto client = rally_generated::client_web::make_client_app();
  rally_test::FakeHost host;
  std::string error;
  // The SSR payload of an init page that takes the query: the model, then the params.
  auto r = get("/?q=hi");
  auto start = r.body.find("id=\"rally-data\"");
  auto gt = r.body.find('>', start), end = r.body.find("</script>", gt);
  auto decoded = rally::codec::base64_decode(r.body.substr(gt + 1, end - gt - 1));
  ASSERT_TRUE(decoded);
  std::string bytes = *decoded;
  auto page = entry(client, "home_").hydrate(host, bytes, error);
  ASSERT_NE(page, nullptr) << error;
  EXPECT_EQ(page->title(), "Home hi");
  page->handle(rally::AnyMsg::of(web::pages::home_::Go{}));
  ASSERT_EQ(host.navigations.size(), 1u);
  EXPECT_EQ(host.navigations[0], "/products/42");
  EXPECT_EQ(entry(client, "home_").hydrate(host, bytes + "x", error), nullptr);
}

// A page whose Msg cannot be encoded (Picked holds a pointer): the dev inspector logs its messages by
// type and does not record them, saying why.
TEST(RoutingClient, AMsgThatCannotBeEncodedIsLoggedByTypeAndNotRecorded) {
  auto client = rally_generated::client_web::make_client_app();
  rally_test::FakeHost host;
  std::string error;
  auto m = client.match("/tags/x", "");
  ASSERT_TRUE(m);
  auto page = entry(client, "tags/name_").init(host, m->params, error);
  ASSERT_NE(page, nullptr) << error;
  page->handle(rally::AnyMsg::of(web::pages::tags::name_::Picked{"a"}));
  ASSERT_EQ(host.inspected.size(), 1u);
  EXPECT_EQ(host.inspected[0].page, "tags/name_");
  EXPECT_EQ(host.inspected[0].description, "web::pages::tags::name_::Picked");
  EXPECT_FALSE(host.inspected[0].recordable);
  std::string id, model, why;
  EXPECT_FALSE(page->dev_snapshot(id, model, why));
  EXPECT_EQ(why, "its Msg cannot be encoded: Picked::label has type 'const char *'");
}

}  // namespace
