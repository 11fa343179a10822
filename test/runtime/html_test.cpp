#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <rally/html.hpp>
#include <rally/render.hpp>

namespace {

using namespace rally::html;

struct Increment {};
struct SetName { std::string name; };
struct Toggle { bool on; };
struct KeyPressed { std::string key; };
struct Foreign {};
using Msg = std::variant<Increment, SetName, Toggle, KeyPressed>;

TEST(Html, ElementAndTextBuildNodes) {
  rally::Node n = div({}, {text("hi")});
  EXPECT_FALSE(n.is_text());
  EXPECT_EQ(n.tag, "div");
  ASSERT_EQ(n.children.size(), 1u);
  EXPECT_TRUE(n.children[0].is_text());
  EXPECT_EQ(n.children[0].text, "hi");
}

TEST(Html, ClassAttributesAreJoinedWithASpace) {
  rally::Node n = div({class_("card"), id("x"), class_("active"), class_("big")});
  ASSERT_EQ(n.attrs.size(), 2u);
  EXPECT_EQ(n.attr("class")->value, "card active big");
  EXPECT_EQ(n.attrs[0].name, "class");  // keeps the position of the first occurrence
}

TEST(Html, EmptyClassDoesNotLeaveStraySpaces) {
  EXPECT_EQ(div({class_(""), class_("a"), class_("")}).attr("class")->value, "a");
}

TEST(Html, RepeatedAttributeLastOneWins) {
  rally::Node n = input({value("first"), type("text"), value("second")});
  ASSERT_EQ(n.attrs.size(), 2u);
  EXPECT_EQ(n.attr("value")->value, "second");
}

TEST(Html, BooleanFalseIsDropped) {
  rally::Node n = input({disabled(false), checked(true), boolean("required", false)});
  ASSERT_EQ(n.attrs.size(), 1u);
  EXPECT_EQ(n.attrs[0].name, "checked");
  EXPECT_EQ(n.attrs[0].value, "");
  EXPECT_EQ(n.attr("disabled"), nullptr);
}

TEST(Html, KeyIsCapturedNotAnAttribute) {
  rally::Node n = li({key("item-7"), class_("row")}, {text("x")});
  EXPECT_EQ(n.key, "item-7");
  ASSERT_EQ(n.attrs.size(), 1u);
  EXPECT_EQ(n.attr("key"), nullptr);
}

TEST(Html, VoidElementDropsChildren) {
  rally::Node n = element("br", {}, {text("lost")});
  EXPECT_TRUE(n.children.empty());
}

// The builders skip element()'s name checks: their tags must be valid, and void exactly when HTML
// says so, or a builder would render what element() refuses.
TEST(Html, BuildersNameValidTags) {
  int builders = 0;
#define CHECK_ELEMENT(fn, tag)                                                    \
  ++builders;                                                                     \
  EXPECT_TRUE(rally::is_valid_tag_name(tag)) << tag;                              \
  EXPECT_FALSE(rally::is_void_element(tag)) << tag;                               \
  EXPECT_EQ(rally::render_html(fn({}, {text("x")})), "<" tag ">x</" tag ">") << tag;
#define CHECK_VOID(fn, tag)                                                       \
  ++builders;                                                                     \
  EXPECT_TRUE(rally::is_valid_tag_name(tag)) << tag;                              \
  EXPECT_TRUE(rally::is_void_element(tag)) << tag;                                \
  EXPECT_EQ(rally::render_html(fn({attr("a", "1")})), "<" tag " a=\"1\">") << tag;
  RALLY_HTML_ELEMENTS(CHECK_ELEMENT, CHECK_VOID)
#undef CHECK_ELEMENT
#undef CHECK_VOID
  EXPECT_EQ(builders, 39);
}

TEST(Html, InvalidNamesAreRejected) {
  EXPECT_THROW(element("div><script"), std::invalid_argument);
  EXPECT_THROW(element(""), std::invalid_argument);
  EXPECT_THROW(div({attr("on click", "x")}), std::invalid_argument);
  EXPECT_THROW(div({attr("a=\"b", "x")}), std::invalid_argument);
  EXPECT_NO_THROW(div({attr("data-id", "1"), attr("aria-label", "x"), attr("xml:lang", "en")}));
  EXPECT_NO_THROW(element("my-widget"));
}

TEST(Html, OnClickCarriesTheMessage) {
  rally::Node n = button({on_click(SetName{"bob"})});
  ASSERT_EQ(n.events.size(), 1u);
  const auto& h = n.events[0];
  EXPECT_EQ(h.event, "click");
  EXPECT_EQ(h.msg_type, rally::type_id<SetName>());
  rally::AnyMsg m = h.make({});
  ASSERT_NE(m.get<SetName>(), nullptr);
  EXPECT_EQ(m.get<SetName>()->name, "bob");
}

TEST(Html, OnInputBuildsTheMessageFromEventData) {
  rally::Node n = input({on_input([](std::string v) { return SetName{v + "!"}; })});
  ASSERT_EQ(n.events.size(), 1u);
  EXPECT_EQ(n.events[0].event, "input");
  EXPECT_EQ(n.events[0].msg_type, rally::type_id<SetName>());
  rally::EventData e;
  e.value = "typed";
  rally::AnyMsg m = n.events[0].make(e);
  ASSERT_NE(m.get<SetName>(), nullptr);
  EXPECT_EQ(m.get<SetName>()->name, "typed!");
}

TEST(Html, OnCheckAndOnKeydownReadTheirFields) {
  rally::Node n = input({on_check([](bool c) { return Toggle{c}; }), on_keydown([](std::string k) { return KeyPressed{k}; })});
  ASSERT_EQ(n.events.size(), 2u);
  rally::EventData e;
  e.checked = true;
  e.key = "Enter";
  EXPECT_EQ(n.events[0].event, "change");
  EXPECT_TRUE(n.events[0].make(e).get<Toggle>()->on);
  EXPECT_EQ(n.events[1].event, "keydown");
  EXPECT_EQ(n.events[1].make(e).get<KeyPressed>()->key, "Enter");
}

TEST(Html, OnSubmitPreventsDefault) {
  rally::Node n = form({on_submit(Increment{})});
  ASSERT_EQ(n.events.size(), 1u);
  EXPECT_TRUE(n.events[0].prevent_default);
  EXPECT_FALSE(button({on_click(Increment{})}).events[0].prevent_default);
}

TEST(Html, CheckMessagesPassesForAlternatives) {
  rally::Node n = div({on_click(Increment{})},
                      {input({on_input([](std::string v) { return SetName{v}; })}), button({on_click(Msg(Toggle{true}))})});
  EXPECT_NO_THROW(rally::check_messages<Msg>(n));
}

TEST(Html, CheckMessagesThrowsForAForeignMessageDeepInTheTree) {
  rally::Node n = div({on_click(Increment{})}, {ul({}, {li({}, {button({on_click(Foreign{})})})})});
  try {
    rally::check_messages<Msg>(n);
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("<button>"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'click'"), std::string::npos) << e.what();
    // The type's readable name, not a mangled one.
    EXPECT_NE(std::string(e.what()).find("::Foreign)"), std::string::npos) << e.what();
  }
}

// Erased types are matched by TypeId (the client has no RTTI); its name is for error messages.
TEST(Html, TypeIdIsOnePerTypeAndNamesIt) {
  EXPECT_EQ(rally::type_id<SetName>(), rally::type_id<SetName>());
  EXPECT_NE(rally::type_id<SetName>(), rally::type_id<Increment>());
  EXPECT_EQ(rally::type_id<rally::Node>()->name, "rally::Node");
  EXPECT_EQ(rally::type_id<std::vector<int>>()->name.rfind("std::vector<int", 0), 0u);  // g++ omits the allocator
  EXPECT_EQ(rally::AnyMsg::of(Toggle{true}).type(), rally::type_id<Toggle>());
  EXPECT_EQ(rally::AnyMsg().type(), nullptr);
}

TEST(Html, CheckMessagesForANonVariantMsg) {
  EXPECT_NO_THROW(rally::check_messages<Increment>(button({on_click(Increment{})})));
  EXPECT_THROW(rally::check_messages<Increment>(button({on_click(Foreign{})})), std::logic_error);
}

TEST(Html, UnwrapMsg) {
  auto a = rally::unwrap_msg<Msg>(rally::AnyMsg::of(SetName{"x"}));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(std::holds_alternative<SetName>(*a));
  EXPECT_EQ(std::get<SetName>(*a).name, "x");

  auto whole = rally::unwrap_msg<Msg>(rally::AnyMsg::of(Msg(Toggle{true})));
  ASSERT_TRUE(whole.has_value());
  EXPECT_TRUE(std::get<Toggle>(*whole).on);

  EXPECT_FALSE(rally::unwrap_msg<Msg>(rally::AnyMsg::of(Foreign{})).has_value());
  EXPECT_FALSE(rally::unwrap_msg<Msg>(rally::AnyMsg{}).has_value());
}

// --- Children: what an element's child list accepts. ---

rally::Element<Msg> item(const std::string& label) { return li({}, {text(label)}); }

TEST(Html, ChildrenFromAVectorOfElementsByMove) {
  std::vector<rally::Element<Msg>> items;
  for (const char* label : {"a", "b"}) items.push_back(item(label));
  EXPECT_EQ(rally::render_html(ul({class_("list")}, std::move(items))), "<ul class=\"list\"><li>a</li><li>b</li></ul>");
}

TEST(Html, ChildrenFromAVectorOfElementsByConstReference) {
  const std::vector<rally::Element<Msg>> items{item("a"), item("b")};
  EXPECT_EQ(rally::render_html(ul({}, items)), "<ul><li>a</li><li>b</li></ul>");
  EXPECT_EQ(items.size(), 2u);  // still there: copied, not moved
  EXPECT_EQ(rally::render_html(items[0].node()), "<li>a</li>");
}

TEST(Html, ChildrenFromAVectorOfNodes) {
  std::vector<rally::Node> nodes{text("x"), br()};
  EXPECT_EQ(rally::render_html(p({}, nodes)), "<p>x<br></p>");
  EXPECT_EQ(rally::render_html(p({}, std::move(nodes))), "<p>x<br></p>");
}

TEST(Html, BracedChildrenMixNodesElementsAndVectors) {
  const rally::Element<Msg> first = item("first");
  std::vector<rally::Element<Msg>> more{item("2"), item("3")};
  std::vector<rally::Node> last{li({}, {text("last")})};
  rally::Node n = ul({}, {first, item("1"), more, std::move(last), li()});
  EXPECT_EQ(rally::render_html(n), "<ul><li>first</li><li>1</li><li>2</li><li>3</li><li>last</li><li></li></ul>");
}

TEST(Html, ElementTakesTheSameChildren) {
  std::vector<rally::Element<Msg>> items{item("a")};
  EXPECT_EQ(rally::render_html(element("menu", {}, items)), "<menu><li>a</li></menu>");
  EXPECT_EQ(rally::render_html(element("menu", {}, {text("t"), item("b")})), "<menu>t<li>b</li></menu>");
  EXPECT_EQ(rally::render_html(element("menu")), "<menu></menu>");
}

// Anything that converts to a Node is a child; a temporary one is moved in, not copied.
struct Probe {
  operator rally::Node() const& { return strong({}, {text("copied")}); }  // NOLINT
  operator rally::Node() && { return em({}, {text("moved")}); }            // NOLINT
};

TEST(Html, BracedTemporariesAreMovedNotCopied) {
  Probe kept;
  EXPECT_EQ(rally::render_html(p({}, {Probe{}, kept})), "<p><em>moved</em><strong>copied</strong></p>");
}

TEST(Html, ElementChildrenKeepTheirHandlers) {
  std::vector<rally::Element<Msg>> buttons{button({on_click(Increment{})}), button({on_click(Foreign{})})};
  rally::Node n = div({}, std::move(buttons));
  ASSERT_EQ(n.children.size(), 2u);
  EXPECT_EQ(n.children[0].events[0].msg_type, rally::type_id<Increment>());
  EXPECT_THROW(rally::check_messages<Msg>(n), std::logic_error);
}

}  // namespace
