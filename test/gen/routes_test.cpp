// The generated web/routes.hpp and admin/routes.hpp of the routing fixture: parse_route, to_path,
// href, navigate.
#include <gtest/gtest.h>

#include <rally/effect.hpp>
#include <rally/render.hpp>

#include "admin/routes.hpp"
#include "web/routes.hpp"

namespace {

namespace routes = web::routes;

template <class R>
R expect_route(std::string_view path) {
  auto route = routes::parse_route(path);
  EXPECT_TRUE(route.has_value()) << path;
  if (!route) return R{};
  EXPECT_TRUE(std::holds_alternative<R>(*route)) << path << " is alternative " << route->index();
  return std::holds_alternative<R>(*route) ? std::get<R>(*route) : R{};
}

TEST(Routes, StaticPages) {
  expect_route<routes::Home>("/");
  expect_route<routes::About>("/about");
  EXPECT_EQ(routes::to_path(routes::Home{}), "/");
  EXPECT_EQ(routes::to_path(routes::About{}), "/about");
  EXPECT_EQ(routes::root, "/");
  EXPECT_EQ(admin::routes::root, "/admin");
}

TEST(Routes, StaticBeforeDynamic) {
  expect_route<routes::ProductsNew>("/products/new");
  EXPECT_EQ(expect_route<routes::ProductsId>("/products/12").id, 12);
}

TEST(Routes, IntParams) {
  EXPECT_EQ(expect_route<routes::ProductsId>("/products/-3").id, -3);
  EXPECT_EQ(expect_route<routes::ProductsId>("/products/9223372036854775807").id, INT64_MAX);
  EXPECT_EQ(expect_route<routes::ProductsId>("/products/-9223372036854775808").id, INT64_MIN);
  for (const char* bad : {"/products/abc", "/products/9223372036854775808", "/products/99999999999999999999",
                          "/products/-9223372036854775809", "/products/1x", "/products/-", "/products/+1",
                          "/products/%31", "/products/", "/products"})
    EXPECT_FALSE(routes::parse_route(bad).has_value()) << bad;
}

TEST(Routes, SeveralParams) {
  auto r = expect_route<routes::OrdersIdPaymentsPaymentIdEdit>("/orders/5/payments/77/edit");
  EXPECT_EQ(r.id, 5);
  EXPECT_EQ(r.payment_id, 77);
  EXPECT_EQ(routes::to_path(routes::OrdersIdPaymentsPaymentIdEdit{5, 77}), "/orders/5/payments/77/edit");
  EXPECT_FALSE(routes::parse_route("/orders/5/payments/x/edit"));
  EXPECT_FALSE(routes::parse_route("/orders/5/payments/77"));
  EXPECT_FALSE(routes::parse_route("/orders/5/payments/77/edit/more"));
}

TEST(Routes, StringParamsArePercentDecodedAndEncoded) {
  EXPECT_EQ(expect_route<routes::TagsName>("/tags/a%20b").name, "a b");
  EXPECT_EQ(expect_route<routes::TagsName>("/tags/a%2Fb%25").name, "a/b%");
  EXPECT_EQ(expect_route<routes::TagsName>("/tags/caf%C3%A9").name, "caf\xC3\xA9");
  EXPECT_FALSE(routes::parse_route("/tags/bad%zz"));
  EXPECT_FALSE(routes::parse_route("/tags/bad%4"));
  EXPECT_FALSE(routes::parse_route("/tags/"));
  EXPECT_EQ(routes::to_path(routes::TagsName{"a b/c?d#e%"}), "/tags/a%20b%2Fc%3Fd%23e%25");
  EXPECT_EQ(routes::to_path(routes::TagsName{"Az09-._~"}), "/tags/Az09-._~");
}

TEST(Routes, RoundTrip) {
  std::vector<routes::Route> all = {
      routes::Home{}, routes::About{}, routes::ProductsNew{}, routes::ProductsId{0}, routes::ProductsId{INT64_MIN},
      routes::OrdersIdPaymentsPaymentIdEdit{1, -2}, routes::TagsName{"x"}, routes::TagsName{"/"},
      routes::TagsName{std::string("\0\xC3\xA9?", 4)}, routes::TagsName{"new"}, routes::FilesPath{".."}};
  for (const auto& r : all) {
    auto back = routes::parse_route(routes::to_path(r));
    ASSERT_TRUE(back.has_value()) << routes::to_path(r);
    EXPECT_TRUE(*back == r) << routes::to_path(r);
  }
}

TEST(Routes, EmptySegmentsAndTrailingSlashesMatchNothing) {
  for (const char* bad : {"", "about", "//", "/about/", "/about//", "//about", "/products//12", "/nope"})
    EXPECT_FALSE(routes::parse_route(bad).has_value()) << bad;
}

TEST(Routes, OtherNamespacesAreNotOurs) {
  EXPECT_FALSE(routes::parse_route("/admin"));
  EXPECT_FALSE(routes::parse_route("/admin/users/3"));
  auto a = admin::routes::parse_route("/admin");
  ASSERT_TRUE(a);
  EXPECT_TRUE(std::holds_alternative<admin::routes::Home>(*a));
  auto u = admin::routes::parse_route("/admin/users/3");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<admin::routes::UsersUserId>(*u).user_id, 3);
  EXPECT_EQ(admin::routes::to_path(admin::routes::Home{}), "/admin");
  EXPECT_EQ(admin::routes::to_path(admin::routes::UsersUserId{3}), "/admin/users/3");
  EXPECT_FALSE(admin::routes::parse_route("/"));
  EXPECT_FALSE(admin::routes::parse_route("/administrator"));
  EXPECT_FALSE(admin::routes::parse_route("/admin/"));
}

TEST(Routes, EqualityAndHref) {
  EXPECT_TRUE(routes::ProductsId{1} == routes::ProductsId{1});
  EXPECT_TRUE(routes::ProductsId{1} != routes::ProductsId{2});
  EXPECT_TRUE(routes::Route{routes::ProductsId{1}} != routes::Route{routes::About{}});
  using namespace rally::html;
  EXPECT_EQ(rally::render_html(a({href(routes::ProductsId{9})}, {})), "<a href=\"/products/9\"></a>");
  EXPECT_EQ(rally::render_html(a({href(routes::Route{routes::About{}})}, {})), "<a href=\"/about\"></a>");
}

TEST(Routes, NavigateEffect) {
  struct M {};
  rally::Effect<M> e = rally::effect::navigate(routes::ProductsId{42});
  rally::Effect<M> by_route = rally::effect::navigate(routes::Route{routes::TagsName{"a b"}});
  rally::Effect<M> by_path = rally::effect::navigate(std::string("/about"));
  ASSERT_EQ(e.navigations().size(), 1u);
  EXPECT_EQ(e.navigations()[0], "/products/42");
  EXPECT_EQ(by_route.navigations()[0], "/tags/a%20b");
  EXPECT_EQ(by_path.navigations()[0], "/about");
}

}  // namespace
