// What the html builders and the renderer refuse or neutralise so that a view cannot be turned
// into script by its data (or by a careless name).
#include <gtest/gtest.h>

#include <stdexcept>

#include <rally/html.hpp>
#include <rally/render.hpp>

namespace {

using namespace rally::html;
using rally::render_html;

TEST(HtmlSafety, TagNamesAreLowercaseOnly) {
  EXPECT_THROW(element("BR"), std::invalid_argument);
  EXPECT_THROW(element("Div"), std::invalid_argument);
  EXPECT_FALSE(rally::is_valid_tag_name("SCRIPT"));
  EXPECT_TRUE(rally::is_valid_tag_name("h1"));
  EXPECT_TRUE(rally::is_valid_tag_name("my-widget"));
  rally::Node hand_built;
  hand_built.tag = "BR";
  EXPECT_THROW(render_html(hand_built), std::invalid_argument);
}

TEST(HtmlSafety, ElementsTheDslCannotRepresentAreRefused) {
  for (const char* tag : {"plaintext", "xmp", "noembed", "noframes"}) {
    EXPECT_THROW(element(tag), std::invalid_argument) << tag;
    EXPECT_FALSE(rally::is_valid_tag_name(tag)) << tag;
  }
}

TEST(HtmlSafety, StyleAndScriptTextIsWrittenUnescaped) {
  EXPECT_EQ(render_html(element("style", {}, {text("a > b { content: \"&\"; }")})),
            "<style>a > b { content: \"&\"; }</style>");
  EXPECT_EQ(render_html(element("script", {attr("type", "module")}, {text("if (a < b && c) {}"), text(" x()")})),
            "<script type=\"module\">if (a < b && c) {} x()</script>");
}

TEST(HtmlSafety, RawTextThatWouldEndItsElementIsRefused) {
  EXPECT_THROW(render_html(element("script", {}, {text("x</script><img src=x onerror=alert(1)>")})), std::invalid_argument);
  EXPECT_THROW(render_html(element("script", {}, {text("x</SCRIPT >")})), std::invalid_argument);
  EXPECT_THROW(render_html(element("style", {}, {text("</StYlE><script>alert(1)</script>")})), std::invalid_argument);
  // Another element's end tag is harmless in raw text.
  EXPECT_EQ(render_html(element("script", {}, {text("'</div>'")})), "<script>'</div>'</script>");
}

TEST(HtmlSafety, RawTextElementsHoldNoElements) {
  // The child's text would be checked against its own end tag, not the parent's.
  EXPECT_THROW(render_html(element("style", {}, {element("script", {}, {text("</style><b>")})})), std::invalid_argument);
}

TEST(HtmlSafety, EscapableRawTextAndOtherElementsStayEscaped) {
  EXPECT_EQ(render_html(textarea({}, {text("</textarea><b>")})), "<textarea>&lt;/textarea&gt;&lt;b&gt;</textarea>");
  EXPECT_EQ(render_html(element("title", {}, {text("a & b")})), "<title>a &amp; b</title>");
  EXPECT_EQ(render_html(element("noscript", {}, {text("</noscript><b>")})), "<noscript>&lt;/noscript&gt;&lt;b&gt;</noscript>");
  EXPECT_EQ(render_html(element("iframe", {}, {text("<b>")})), "<iframe>&lt;b&gt;</iframe>");
}

TEST(HtmlSafety, InlineEventHandlerAttributesAreRefused) {
  EXPECT_THROW(button({attr("onclick", "alert(1)")}), std::invalid_argument);
  EXPECT_THROW(img({attr("OnError", "alert(1)")}), std::invalid_argument);
  EXPECT_THROW(div({attr("onmouseover", "")}), std::invalid_argument);
  rally::Node hand_built;
  hand_built.tag = "div";
  hand_built.attrs.push_back({"onclick", "alert(1)"});
  EXPECT_THROW(render_html(hand_built), std::invalid_argument);
  // Names that merely contain "on" are fine.
  EXPECT_NO_THROW(div({attr("data-on", "1"), attr("aria-controls", "x")}));
}

TEST(HtmlSafety, SrcdocIsRefused) {
  EXPECT_THROW(element("iframe", {attr("srcdoc", "<script>alert(1)</script>")}), std::invalid_argument);
  EXPECT_THROW(element("iframe", {attr("SRCDOC", "x")}), std::invalid_argument);
}

TEST(HtmlSafety, ScriptUrlsAreBlockedInUrlAttributes) {
  for (const char* url : {"javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "\x01javascript:x",
                          "java\tscript:alert(1)", "java\nscript:x", "vbscript:msgbox", "\tVBScript:x"}) {
    rally::Node n = a({href(url)});
    EXPECT_EQ(n.attr("href")->value, rally::blocked_url) << url;
  }
  EXPECT_EQ(img({src("javascript:x")}).attr("src")->value, rally::blocked_url);
  for (const char* name : {"action", "formaction", "xlink:href", "poster", "cite", "background", "HREF"})
    EXPECT_EQ(element("x-el", {attr(name, "javascript:x")}).attrs.front().value, rally::blocked_url) << name;
  EXPECT_EQ(render_html(a({href("javascript:alert(1)")}, {text("x")})), "<a href=\"about:blank#blocked\">x</a>");
}

TEST(HtmlSafety, OrdinaryUrlsAndOtherAttributesAreKept) {
  for (const char* url : {"/products/4", "https://example.com/?q=javascript:", "mailto:a@b.c", "#top", "javascript"})
    EXPECT_EQ(a({href(url)}).attr("href")->value, url);
  // Not a URL attribute: the value is only text.
  EXPECT_EQ(div({title("javascript:alert(1)")}).attr("title")->value, "javascript:alert(1)");
}

TEST(HtmlSafety, HandBuiltNodesGetTheUrlCheckWhenRendered) {
  rally::Node n;
  n.tag = "a";
  n.attrs.push_back({"href", " javascript:alert(1)"});
  EXPECT_EQ(render_html(n), "<a href=\"about:blank#blocked\"></a>");
}

}  // namespace
