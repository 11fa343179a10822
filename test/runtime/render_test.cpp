#include <gtest/gtest.h>

#include <stdexcept>
#include <variant>

#include <rally/html.hpp>
#include <rally/render.hpp>

namespace {

using namespace rally::html;
using rally::render_html;

struct Increment {};

TEST(Render, NestedElementsWithAttributes) {
  auto n = div({class_("card"), id("main")}, {h1({}, {text("Hi")}), p({}, {text("body "), strong({}, {text("bold")})})});
  EXPECT_EQ(render_html(n), "<div class=\"card\" id=\"main\"><h1>Hi</h1><p>body <strong>bold</strong></p></div>");
}

TEST(Render, EmptyElement) {
  EXPECT_EQ(render_html(span()), "<span></span>");
}

TEST(Render, VoidElementsHaveNoClosingTag) {
  EXPECT_EQ(render_html(input({type("text"), value("x")})), "<input type=\"text\" value=\"x\">");
  EXPECT_EQ(render_html(br()), "<br>");
  EXPECT_EQ(render_html(div({}, {hr(), img({src("/a.png"), alt("A")})})), "<div><hr><img src=\"/a.png\" alt=\"A\"></div>");
}

TEST(Render, VoidElementNeverRendersChildren) {
  rally::Node n;
  n.tag = "br";
  n.children.push_back(text("lost"));
  EXPECT_EQ(render_html(n), "<br>");
}

TEST(Render, IsVoidElementFollowsTheHtmlList) {
  for (const char* t : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
    EXPECT_TRUE(rally::is_void_element(t)) << t;
  for (const char* t : {"div", "span", "textarea", "script", "p", "", "BR"})
    EXPECT_FALSE(rally::is_void_element(t)) << t;
}

TEST(Render, BooleanAttributeIsJustItsName) {
  EXPECT_EQ(render_html(input({type("checkbox"), checked(), disabled(true)})), "<input type=\"checkbox\" checked disabled>");
  EXPECT_EQ(render_html(button({disabled(false)}, {text("Go")})), "<button>Go</button>");
}

TEST(Render, AttributeValuesAreEscaped) {
  auto n = a({href("/q?a=1&b=2"), title("say \"hi\" & 'bye' <now>")}, {text("x")});
  EXPECT_EQ(render_html(n),
            "<a href=\"/q?a=1&amp;b=2\" title=\"say &quot;hi&quot; &amp; &#39;bye&#39; &lt;now&gt;\">x</a>");
}

TEST(Render, TextIsEscaped) {
  EXPECT_EQ(render_html(p({}, {text("<script>alert(1)</script> & more")})),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>");
  EXPECT_EQ(render_html(text("a<b")), "a&lt;b");
}

TEST(Render, AdjacentTextNodesAreSeparatedByAnEmptyComment) {
  EXPECT_EQ(render_html(p({}, {text("a"), text("b"), text("c")})), "<p>a<!---->b<!---->c</p>");
  // Not adjacent: no separator.
  EXPECT_EQ(render_html(p({}, {text("a"), em({}, {text("b")}), text("c")})), "<p>a<em>b</em>c</p>");
}

TEST(Render, TextOnlyElementsGetNoCommentSeparator) {
  // Inside <textarea> a comment would be shown as text.
  EXPECT_EQ(render_html(textarea({}, {text("a"), text("<b>")})), "<textarea>a&lt;b&gt;</textarea>");
}

TEST(Render, LeadingNewlineInPreIsPreserved) {
  // The HTML parser drops one newline right after <pre>; an extra one keeps the text intact.
  EXPECT_EQ(render_html(pre({}, {text("\nx")})), "<pre>\n\nx</pre>");
  EXPECT_EQ(render_html(pre({}, {text("x\n")})), "<pre>x\n</pre>");
}

TEST(Render, EventHandlersAreNotRendered) {
  auto n = button({on_click(Increment{}), class_("b")}, {text("Go")});
  ASSERT_EQ(n.events.size(), 1u);
  EXPECT_EQ(render_html(n), "<button class=\"b\">Go</button>");
}

TEST(Render, KeyIsNotRendered) {
  EXPECT_EQ(render_html(li({key("k1")}, {text("x")})), "<li>x</li>");
}

TEST(Render, CounterView) {
  using Msg = std::variant<Increment>;
  rally::Element<Msg> view = button({on_click(Increment{})}, {text("Count: 0")});
  EXPECT_EQ(render_html(view.node()), "<button>Count: 0</button>");
}

TEST(Render, AppendsToTheOutputString) {
  std::string out = "prefix:";
  render_html(span({}, {text("x")}), out);
  EXPECT_EQ(out, "prefix:<span>x</span>");
}

TEST(Render, HandBuiltNodeWithInvalidNamesIsRejected) {
  rally::Node bad_tag;
  bad_tag.tag = "div onclick=x";
  EXPECT_THROW(render_html(bad_tag), std::invalid_argument);
  rally::Node bad_attr;
  bad_attr.tag = "div";
  bad_attr.attrs.push_back({"x\"><script>", "1"});
  EXPECT_THROW(render_html(bad_attr), std::invalid_argument);
}

}  // namespace
