#include <gtest/gtest.h>

#include <string>

#include <rally/ssr.hpp>

namespace {

using rally::ssr::Document;
using rally::ssr::render_document;

const std::string head_start =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";

TEST(Ssr, StaticPageHasNoScripts) {
  Document d;
  d.title = "About";
  d.body_html = "<p>hi</p>";
  EXPECT_EQ(render_document(d),
            head_start + "About</title><link rel=\"icon\" href=\"data:,\"></head><body><div id=\"rally-root\"><p>hi</p></div></body></html>");
}

TEST(Ssr, InteractivePageEmbedsModelAndClient) {
  Document d;
  d.title = "Counter";
  d.head_extra = "<link rel=\"stylesheet\" href=\"/assets/app.css\">";
  d.body_html = "<button>Count: 0</button>";
  d.page_id = "home_";
  d.model_base64 = "AA==";
  d.contract = "0123456789abcdef";
  d.client_script = "/_rally/web.js";
  EXPECT_EQ(render_document(d),
            head_start +
                "Counter</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body>"
                "<div id=\"rally-root\"><button>Count: 0</button></div>"
                "<script type=\"application/octet-stream\" id=\"rally-data\" data-page=\"home_\" "
                "data-contract=\"0123456789abcdef\">AA==</script>"
                "<script src=\"/_rally/web.js\" defer></script></body></html>");
}

TEST(Ssr, TheServersCallTimeoutIsGivenToTheClient) {
  Document d;
  d.page_id = "home_";
  d.contract = "c";
  EXPECT_EQ(render_document(d).find("data-call-timeout"), std::string::npos) << "unset: the client's default";
  d.call_timeout_ms = 1500;
  EXPECT_NE(render_document(d).find("data-contract=\"c\" data-call-timeout=\"1500\">"), std::string::npos) << render_document(d);
}

// rally dev: a dev server's pages carry its stamp, which the client sends back when it connects.
TEST(Ssr, ADevServersStampIsGivenToTheClient) {
  Document d;
  d.page_id = "home_";
  d.contract = "c";
  EXPECT_EQ(render_document(d).find("data-dev"), std::string::npos) << "not a dev server";
  d.dev_stamp = "00ff00ff00ff00ff";
  EXPECT_NE(render_document(d).find("data-contract=\"c\" data-dev=\"00ff00ff00ff00ff\">"), std::string::npos) << render_document(d);
  EXPECT_EQ(render_document(d).find("rally-dev-tools"), std::string::npos) << "no script given";
  d.dev_script = "watch();";
  EXPECT_NE(render_document(d).find("<script id=\"rally-dev-tools\" data-dev=\"00ff00ff00ff00ff\">watch();</script></body>"),
            std::string::npos)
      << render_document(d);
  // A static page: no client, only the dev server's script, which watches the build itself.
  d.page_id = "";
  EXPECT_EQ(render_document(d).find("rally-data"), std::string::npos);
  EXPECT_NE(render_document(d).find("<script id=\"rally-dev-tools\" data-dev=\"00ff00ff00ff00ff\">watch();</script>"),
            std::string::npos);
  d.dev_stamp = "";
  EXPECT_EQ(render_document(d).find("rally-dev-tools"), std::string::npos) << "not a dev server";
}

TEST(Ssr, TitleIsEscaped) {
  Document d;
  d.title = "</title><script>alert('x')</script> & co";
  std::string html = render_document(d);
  EXPECT_NE(html.find("<title>&lt;/title&gt;&lt;script&gt;alert('x')&lt;/script&gt; &amp; co</title>"), std::string::npos)
      << html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Ssr, AttributeValuesAreEscaped) {
  Document d;
  d.page_id = "a\"b";
  d.contract = "<c>";
  d.client_script = "/x.js?a=1&b='2'";
  d.model_base64 = "</script>";
  std::string html = render_document(d);
  EXPECT_NE(html.find("data-page=\"a&quot;b\" data-contract=\"&lt;c&gt;\">&lt;/script&gt;</script>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<script src=\"/x.js?a=1&amp;b=&#39;2&#39;\" defer></script>"), std::string::npos) << html;
}

// Inside <script> the parser decodes no entities: a model without '<' reaches the client byte for
// byte ("&amp;" would be read as five bytes); one with '<' is escaped so it cannot end the script.
TEST(Ssr, ModelIsScriptDataCopiedAsIsUnlessItHasALessThan) {
  Document d;
  d.page_id = "p";
  d.model_base64 = "ab+/cd==&>";
  EXPECT_NE(render_document(d).find(">ab+/cd==&></script>"), std::string::npos) << render_document(d);
  d.model_base64 = "a&<b";
  EXPECT_NE(render_document(d).find(">a&amp;&lt;b</script>"), std::string::npos) << render_document(d);
}

TEST(Ssr, BodyAndHeadExtraAreTrustedHtml) {
  Document d;
  d.head_extra = "<meta name=\"x\" content=\"y\">";
  d.body_html = "<div class=\"a\">&amp;</div>";
  std::string html = render_document(d);
  EXPECT_NE(html.find("<meta name=\"x\" content=\"y\"></head>"), std::string::npos);
  EXPECT_NE(html.find("<div id=\"rally-root\"><div class=\"a\">&amp;</div></div></body></html>"), std::string::npos);
}

}  // namespace
