#pragma once
// rally::html: elements, attributes and events as plain functions returning values.
//
//   using namespace rally::html;
//   return div({class_("card")}, {h1({}, {text("Hi")}), button({on_click(Save{})}, {text("Save")})});
//   return ul({}, items);  // items: a std::vector<rally::Element<Msg>> or std::vector<rally::Node>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "element.hpp"

namespace rally::detail {
// A std::vector of things that are children (Node, Element<Msg>).
template <class T>
struct is_child_vector : std::false_type {};
template <class T, class A>
struct is_child_vector<std::vector<T, A>> : std::is_convertible<const T&, Node> {};

template <class T>
struct holds_reference : std::is_reference<T> {};
template <class... T>
struct holds_reference<std::tuple<T...>> : std::disjunction<std::is_reference<T>...> {};
template <class A, class B>
struct holds_reference<std::pair<A, B>> : std::disjunction<std::is_reference<A>, std::is_reference<B>> {};

template <class T>
const void* lazy_tag() {
  static const char tag = 0;
  return &tag;
}

template <class Msg>
struct element_msg {
  static constexpr void (*check)(const Node&) = nullptr;
};
template <class Msg>
struct element_msg<Element<Msg>> {
  static constexpr void (*check)(const Node&) = &check_messages<Msg>;
};

template <class Deps, class F>
class LazyOf final : public Lazy {
 public:
  LazyOf(Deps deps, F f) : Lazy(lazy_tag<LazyOf>()), deps_(std::move(deps)), f_(std::move(f)) {
    check = element_msg<std::decay_t<result>>::check;  // a typed sub-view is checked when built
  }

 private:
  static constexpr bool takes_deps = std::is_invocable_v<const F&, const Deps&>;
  using result = typename std::conditional_t<takes_deps, std::invoke_result<const F&, const Deps&>,
                                             std::invoke_result<const F&>>::type;
  Node run() const override {
    if constexpr (takes_deps) return Node(f_(deps_));
    else return Node(f_());
  }
  bool equal(const Lazy& other) const override {
    const auto& o = static_cast<const LazyOf&>(other);
    // Plain functions share their type: then the function itself must be the same too.
    if constexpr (std::is_pointer_v<F> || std::is_member_pointer_v<F>)
      if (o.f_ != f_) return false;
    return o.deps_ == deps_;
  }

  Deps deps_;
  F f_;
};
}  // namespace rally::detail

namespace rally::detail {
// Links the client's keyed diff (lib/runtime/diff.cpp) into the program. Every Key calls it: Keys are
// how views give nodes keys, so a client whose views make none carries no keyed-diff code.
void link_keyed_diff() noexcept;
}  // namespace rally::detail

namespace rally::html {

// One item of an element's attribute list: an attribute, an event handler, or a diffing key.
struct Key {
  Key(std::string v) : value(std::move(v)) { detail::link_keyed_diff(); }  // NOLINT: key(...) and Key{...}
  std::string value;
};
using Attr = std::variant<Attribute, EventHandler, Key>;
}  // namespace rally::html
// The attribute lists views build are render memory too (see rally/render_arena.hpp).
RALLY_NODE_ALLOCATOR(rally::html::Attr)
namespace rally::html {

// An element's child list. It takes a braced list of children, `{text("a"), p({}, {...}), item}`,
// where each child is a Node, an Element<Msg> (a sub-view) or a std::vector of either (a list
// built in a loop), or one such vector alone: `ul({}, items)`. Anything else stops at the
// static_assert below with one message, instead of an overload list.
//
// A constructor template rather than std::initializer_list<Node>: an initializer_list's elements
// are const, so every child (and its whole subtree) would be copied at each level of nesting;
// here temporaries are moved.
class Children {
 public:
  Children() = default;
  template <class... C,
            class = std::enable_if_t<!(sizeof...(C) == 1 && (std::is_same_v<std::decay_t<C>, Children> && ...))>>
  Children(C&&... children) {  // NOLINT: implicit, so that `{...}` and `items` are children
    if constexpr (sizeof...(C) > 1) nodes_.reserve((count(children) + ...));  // one allocation, no regrowth
    (add(std::forward<C>(children)), ...);
  }
  std::vector<Node>& nodes() { return nodes_; }

 private:
  template <class C>
  static std::size_t count(const C& child) {
    if constexpr (detail::is_child_vector<std::decay_t<C>>::value) return child.size();
    else return 1;
  }
  template <class C>
  void add(C&& child) {
    using T = std::decay_t<C>;
    static_assert(detail::is_child_vector<T>::value || std::is_convertible_v<C&&, Node>,
                  "rally::html children: each child must be a rally::Node, a rally::Element<Msg> or a std::vector "
                  "of them (write text(\"...\") for text)");
    if constexpr (detail::is_child_vector<T>::value) {
      if constexpr (std::is_same_v<T, std::vector<Node>> && !std::is_lvalue_reference_v<C>) {
        if (nodes_.empty()) {  // ul({}, std::move(nodes)): take the vector as is
          nodes_ = std::move(child);
          return;
        }
      }
      nodes_.reserve(nodes_.size() + child.size());
      for (auto& c : child) {
        if constexpr (std::is_lvalue_reference_v<C>) nodes_.push_back(Node(c));
        else nodes_.push_back(Node(std::move(c)));
      }
    } else if constexpr (std::is_convertible_v<C&&, Node>) {
      nodes_.push_back(Node(std::forward<C>(child)));
    }
  }
  std::vector<Node> nodes_;
};

Node element(std::string tag, std::vector<Attr> attrs = {}, Children children = {});
Node text(std::string content);

// What the builders below call: their tags are literals, valid and known void or not when Rally is
// built (runtime.Html.BuildersNameValidTags), so they skip element()'s checks of the name.
namespace builtin {
Node element(std::string_view tag, std::vector<Attr>&& attrs, Children&& children);
Node void_element(std::string_view tag, std::vector<Attr>&& attrs);
}  // namespace builtin

// Elements. Void elements (input, img, br, hr, meta, link) take no children.
#define RALLY_HTML_ELEMENT(fn, tag) \
  inline Node fn(std::vector<Attr> attrs = {}, Children children = {}) { \
    return builtin::element(tag, std::move(attrs), std::move(children)); \
  }
#define RALLY_HTML_VOID_ELEMENT(fn, tag) \
  inline Node fn(std::vector<Attr> attrs = {}) { return builtin::void_element(tag, std::move(attrs)); }
// Every builder: X(function, tag) for elements, VOID(function, tag) for void ones (a test walks it).
#define RALLY_HTML_ELEMENTS(X, VOID) \
  X(div, "div") \
  X(span, "span") \
  X(p, "p") \
  X(a, "a") \
  X(button, "button") \
  X(form, "form") \
  X(label, "label") \
  X(textarea, "textarea") \
  X(select, "select") \
  X(option, "option") \
  X(ul, "ul") \
  X(ol, "ol") \
  X(li, "li") \
  X(h1, "h1") \
  X(h2, "h2") \
  X(h3, "h3") \
  X(h4, "h4") \
  X(header, "header") \
  X(footer, "footer") \
  X(nav, "nav") \
  X(main_, "main") \
  X(section, "section") \
  X(article, "article") \
  X(aside, "aside") \
  X(table, "table") \
  X(thead, "thead") \
  X(tbody, "tbody") \
  X(tr, "tr") \
  X(th, "th") \
  X(td, "td") \
  X(pre, "pre") \
  X(code, "code") \
  X(strong, "strong") \
  X(em, "em") \
  X(small, "small") \
  VOID(input, "input") \
  VOID(img, "img") \
  VOID(br, "br") \
  VOID(hr, "hr")
RALLY_HTML_ELEMENTS(RALLY_HTML_ELEMENT, RALLY_HTML_VOID_ELEMENT)  // main_: `main` is reserved at global scope
#undef RALLY_HTML_ELEMENT
#undef RALLY_HTML_VOID_ELEMENT

// A lazy (memoised) subtree, like Elm's Html.Lazy and Lustre's element.lazy:
//
//   lazy(RowDeps{r.id, r.label, r.id == m.selected}, [](const RowDeps& d) { return row_view(d); })
//   lazy(Key{std::to_string(r.id)}, deps, view_fn)   // the same, keyed among its siblings
//
// `view_fn` takes the deps (or nothing) and returns an Element<Msg> or a Node. On the client it
// runs only when the subtree is first built, or when `deps` differ (operator==) from the deps of
// the lazy node at the same place (same key in a keyed list) in the previous render with the same
// view function type; otherwise the previous subtree is kept as it is and no DOM work is done for
// it. The server (SSR) and hydration always run it. It may run after view() returned: take what
// it needs from its argument or capture by value (references into the model are fine). Deps are
// copied and kept until the next render, so they hold values (std::make_tuple, a struct), not
// references (std::tie is refused).
template <class Deps, class F>
Node lazy(Deps deps, F view_fn) {
  static_assert(!detail::holds_reference<Deps>::value,
                "rally::html::lazy: deps are kept until the next render, so they must hold values (use std::make_tuple, "
                "not std::tie)");
  static_assert(std::is_invocable_v<const F&, const Deps&> || std::is_invocable_v<const F&>,
                "rally::html::lazy: the view function takes the deps (const Deps&) or nothing");
  Node n;
  n.lazy = make_shared_value<const detail::LazyOf<Deps, F>>(std::move(deps), std::move(view_fn));
  return n;
}
template <class Deps, class F>
Node lazy(Key key, Deps deps, F view_fn) {
  Node n = lazy(std::move(deps), std::move(view_fn));
  n.key = std::move(key.value);
  return n;
}

// Attributes.
inline Attr attr(std::string name, std::string value) { return Attribute{std::move(name), std::move(value)}; }
inline Attr class_(std::string v) { return attr("class", std::move(v)); }
inline Attr id(std::string v) { return attr("id", std::move(v)); }
inline Attr href(std::string v) { return attr("href", std::move(v)); }
inline Attr src(std::string v) { return attr("src", std::move(v)); }
inline Attr alt(std::string v) { return attr("alt", std::move(v)); }
inline Attr title(std::string v) { return attr("title", std::move(v)); }
inline Attr style(std::string v) { return attr("style", std::move(v)); }
inline Attr type(std::string v) { return attr("type", std::move(v)); }
inline Attr name(std::string v) { return attr("name", std::move(v)); }
inline Attr value(std::string v) { return attr("value", std::move(v)); }
inline Attr placeholder(std::string v) { return attr("placeholder", std::move(v)); }
inline Attr for_(std::string v) { return attr("for", std::move(v)); }
inline Attr key(std::string v) { return Key{std::move(v)}; }
// Boolean attributes are present (with an empty value) or absent. An absent one is a no-op
// attribute list entry that the builder drops.
Attr boolean(std::string name, bool on);
inline Attr disabled(bool on = true) { return boolean("disabled", on); }
inline Attr checked(bool on = true) { return boolean("checked", on); }
inline Attr selected(bool on = true) { return boolean("selected", on); }
inline Attr autofocus(bool on = true) { return boolean("autofocus", on); }

// A form for the page's server_form_<form_name> handler, which works without JavaScript: it posts
// to the page's own URL (query included) and starts with hidden fields naming the handler and
// carrying the session's CSRF token. An on_submit(...) among `attrs` handles it on the client instead.
Node post_form(std::string form_name, std::vector<Attr> attrs = {}, Children children = {});

// Events. A handler is a message (sent as is) or a function of the event's data.
namespace detail {
// The compile-time event check. A page's generated units declare, in the page's namespace and
// ahead of its header, rally_page_message(M*) overloads: true for each alternative of its Msg,
// false for any other type of that namespace. Messages of other namespaces, and code compiled
// outside those units, find only this fallback (render-time check_messages still covers them).
constexpr bool rally_page_message(const volatile void*) { return true; }
template <class M>
inline constexpr bool is_page_message = rally_page_message(static_cast<M*>(nullptr));
}  // namespace detail

template <class M>
Attr on(std::string event, M msg) {
  static_assert(!std::is_invocable_v<M, const EventData&>, "rally::html::on takes a message; use on_event for functions");
  static_assert(detail::is_page_message<M>,
                "rally::html: this event's message is not an alternative of the page's Msg "
                "(add it to the page's `using Msg = std::variant<...>`)");
  EventHandler h;
  h.event = std::move(event);
  h.msg_type = type_id<M>();
  h.make = [msg = std::move(msg)](const EventData&) { return AnyMsg::of(msg); };
  return h;
}
template <class F>
Attr on_event(std::string event, F f) {
  using M = std::decay_t<std::invoke_result_t<F, const EventData&>>;
  static_assert(detail::is_page_message<M>,
                "rally::html: this event's message is not an alternative of the page's Msg "
                "(add it to the page's `using Msg = std::variant<...>`)");
  EventHandler h;
  h.event = std::move(event);
  h.msg_type = type_id<M>();
  h.make = [f = std::move(f)](const EventData& e) { return AnyMsg::of(f(e)); };
  return h;
}
template <class M>
Attr on_click(M msg) { return on("click", std::move(msg)); }
template <class M>
Attr on_dblclick(M msg) { return on("dblclick", std::move(msg)); }
// Submit prevents the browser's own form submission (a full page load).
template <class M>
Attr on_submit(M msg) {
  Attr a = on("submit", std::move(msg));
  std::get<EventHandler>(a).prevent_default = true;
  return a;
}
// f(std::string value) -> message
template <class F>
Attr on_input(F f) { return on_event("input", [f = std::move(f)](const EventData& e) { return f(e.value); }); }
template <class F>
Attr on_change(F f) { return on_event("change", [f = std::move(f)](const EventData& e) { return f(e.value); }); }
// f(bool checked) -> message
template <class F>
Attr on_check(F f) { return on_event("change", [f = std::move(f)](const EventData& e) { return f(e.checked); }); }
// f(std::string key) -> message
template <class F>
Attr on_keydown(F f) { return on_event("keydown", [f = std::move(f)](const EventData& e) { return f(e.key); }); }

}  // namespace rally::html
