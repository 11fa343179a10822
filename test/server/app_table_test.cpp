// make_app(): the App every generated app runs, driven here by hand-written tables (the generated
// ones are exercised by test/gen): routing across namespaces, the trailing-slash redirect, the 404
// pages, the document around a page, dispatch, and ClientContext pushes.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include <rally/codec.hpp>
#include <rally/html.hpp>
#include <rally/server/app_table.hpp>
#include <rally/wire.hpp>

namespace rally::server {
namespace {

struct Context {
  std::string user = "guest";
  int calls = 0;
};

// A page that shows which request it got; its only handler renames the user.
class EchoPage final : public Page {
 public:
  EchoPage(std::string id, std::uint64_t handler) : id_(std::move(id)) {
    handlers_.push_back({handler, [](void* ctx, std::string_view payload, std::string& out, std::string& error) {
                           auto& c = *static_cast<Context*>(ctx);
                           if (payload == "bad") {
                             error = "bad payload";
                             return false;
                           }
                           c.user = std::string(payload);
                           out = "renamed " + c.user + " after " + std::to_string(c.calls++) + " calls";
                           return true;
                         }});
  }
  std::string_view id() const override { return id_; }
  Response render(PageRequest& request) const override {
    PageRequest::Page page;
    page.body = html::p({}, {html::text(id_ + " [" + std::string(request.route()) + "] q=" +
                                        (request.query().count("q") ? request.query().at("q") : ""))});
    page.page_id = id_;
    page.model = "model";
    return request.document(std::move(page));
  }
  const std::vector<Handler>& handlers() const override { return handlers_; }

 private:
  std::string id_;
  std::vector<Handler> handlers_;
};

std::optional<routing::Match> match_web(std::string_view path) {
  if (path == "/") return routing::Match{0, {}};
  if (path == "/about") return routing::Match{1, "A"};
  return std::nullopt;
}
std::optional<routing::Match> match_admin(std::string_view path) {
  if (path == "/admin") return routing::Match{0, {}};
  return std::nullopt;
}

const EchoPage home("home_", 1), about("about", 2), admin_home("home_", 3);

AppTable table() {
  AppTable t;
  t.name = "tables";
  t.contract = "00ff";
  t.new_server_context = [](const Request&) { return std::shared_ptr<void>(std::make_shared<Context>()); };
  NamespaceTable web;
  web.name = "web";
  web.root = "/";
  web.script = "/_rally/web.js";
  web.match = match_web;
  web.routes = {&home, &about};
  web.make_client_context = [](void* ctx) -> std::shared_ptr<const void> {
    return std::make_shared<const std::string>(static_cast<Context*>(ctx)->user);
  };
  web.encode_client_context = [](const void* c) { return codec::to_bytes(*static_cast<const std::string*>(c)); };
  web.layout = [](const void* c, Node page) {
    return html::div({}, {html::text("user " + *static_cast<const std::string*>(c)), std::move(page)});
  };
  web.head = [] { return std::string("<meta name=\"x\">"); };
  NamespaceTable admin;
  admin.name = "admin";
  admin.root = "/admin";
  admin.script = "/_rally/admin.js";
  admin.match = match_admin;
  admin.routes = {&admin_home};
  t.namespaces = {web, admin};
  return t;
}

Response get(App& app, const std::string& path, const std::string& query = "") {
  Request r;
  r.method = "GET";
  r.path = path;
  r.query = query;
  r.target = query.empty() ? path : path + "?" + query;
  return app.render(r);
}

bool has(const Response& r, const std::string& text) { return r.body.find(text) != std::string::npos; }

TEST(AppTable, RoutesToThePageOfTheMatchedIndexWithItsParamsAndQuery) {
  auto app = make_app(table());
  EXPECT_EQ(app->name(), "tables");
  EXPECT_EQ(app->contract_hash(), "00ff");
  auto r = get(*app, "/about", "q=hi%20there");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(has(r, "<p>about [A] q=hi there</p>")) << r.body;
  // The document: layout with the ClientContext, head, hydration data, the namespace's script.
  EXPECT_TRUE(has(r, "<div>user guest<p>about")) << r.body;
  EXPECT_TRUE(has(r, "<meta name=\"x\">")) << r.body;
  EXPECT_TRUE(has(r, "data-page=\"about\" data-contract=\"00ff\" data-context=\"")) << r.body;
  EXPECT_TRUE(has(r, "<script src=\"/_rally/web.js\" defer>")) << r.body;
  EXPECT_TRUE(has(r, "<title>tables</title>")) << r.body;  // no title: the app's name
}

TEST(AppTable, LongerRootsWinAndEachNamespaceHasItsOwn404) {
  auto app = make_app(table());
  EXPECT_TRUE(has(get(*app, "/admin"), "<p>home_ [] q=</p>"));
  EXPECT_TRUE(has(get(*app, "/admin"), "/_rally/admin.js"));
  auto web404 = get(*app, "/nope");
  EXPECT_EQ(web404.status, 404);
  EXPECT_TRUE(has(web404, "user guest")) << "inside web's layout: " << web404.body;
  auto admin404 = get(*app, "/admin/nope");
  EXPECT_EQ(admin404.status, 404);
  EXPECT_FALSE(has(admin404, "user guest")) << "admin has no layout: " << admin404.body;
  EXPECT_TRUE(has(admin404, "There is no page at this address.")) << admin404.body;
  EXPECT_FALSE(has(admin404, "rally-data")) << "a 404 page without a client loads no script";
}

TEST(AppTable, OneTrailingSlashRedirectsToAPageKeepingTheQuery) {
  auto app = make_app(table());
  auto r = get(*app, "/about/", "q=1");
  EXPECT_EQ(r.status, 308);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "/about?q=1");
  EXPECT_EQ(get(*app, "/admin/").status, 308);
  EXPECT_EQ(get(*app, "/nope/").status, 404);   // not a page without the slash either
  EXPECT_EQ(get(*app, "//about/").status, 404);  // never a redirect to "//..."
}

TEST(AppTable, DispatchesCallsAndPushesAChangedClientContextOnce) {
  auto app = make_app(table());
  auto conn = app->connect({});
  auto out = app->call(*conn, 2, "ada");
  ASSERT_EQ(out.status, RpcOutcome::Status::ok) << out.message;
  EXPECT_EQ(out.payload, "renamed ada after 0 calls");
  ASSERT_EQ(out.pushes.size(), 1u);
  EXPECT_EQ(out.pushes[0].topic, wire::context_topic);
  EXPECT_EQ(out.pushes[0].payload, codec::to_bytes(std::string("ada")));
  // The same name again: the client already has it, nothing is pushed; the connection's context
  // lives on between calls.
  out = app->call(*conn, 1, "ada");
  EXPECT_EQ(out.payload, "renamed ada after 1 calls");
  EXPECT_TRUE(out.pushes.empty());
  // Another connection has a context of its own.
  auto other = app->connect({});
  EXPECT_EQ(app->call(*other, 1, "bo").payload, "renamed bo after 0 calls");
}

TEST(AppTable, UnknownHandlersAndMalformedPayloadsAreErrors) {
  auto app = make_app(table());
  auto conn = app->connect({});
  auto unknown = app->call(*conn, 99, "x");
  EXPECT_EQ(unknown.status, RpcOutcome::Status::unknown_handler);
  EXPECT_NE(unknown.message.find(wire::to_hex(99)), std::string::npos) << unknown.message;
  auto bad = app->call(*conn, 1, "bad");
  EXPECT_EQ(bad.status, RpcOutcome::Status::malformed);
  EXPECT_EQ(bad.message, "bad payload");
  EXPECT_TRUE(bad.pushes.empty());
}

TEST(AppTable, RefusesTablesItCannotServe) {
  auto twice = table();
  twice.namespaces[1].routes = {&home};  // handler 1 in two namespaces
  EXPECT_THROW(make_app(twice), std::logic_error);
  AppTable empty;
  EXPECT_THROW(make_app(empty), std::logic_error);
}

}  // namespace
}  // namespace rally::server
