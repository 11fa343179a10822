#pragma once
// The virtual DOM shared by server-side rendering and the WASM client.
//
// A view builds an untyped Node tree with plain functions (rally::html). Event handlers carry their
// message type-erased in an AnyMsg; Element<Msg> is the typed view result, and check_messages<Msg>
// verifies once per render that every handler produces an alternative of the page's Msg.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "fail.hpp"
#include "render_arena.hpp"  // before any std::vector<Node>: it specialises their allocator
#include "shared.hpp"
#include "type_id.hpp"

namespace rally {

// A message of any type, shared and immutable.
class AnyMsg {
 public:
  AnyMsg() = default;
  template <class M>
  static AnyMsg of(M msg) {
    AnyMsg a;
    a.value_ = make_shared_value<const M>(std::move(msg));
    a.type_ = type_id<M>();
    return a;
  }
  bool empty() const { return value_ == nullptr; }
  TypeId type() const { return type_; }  // nullptr when empty
  template <class M>
  const M* get() const {
    return type_ == type_id<M>() ? static_cast<const M*>(value_.get()) : nullptr;
  }

 private:
  Shared<const void> value_;
  TypeId type_ = nullptr;
};

// What the browser reports with an event (only the parts views may read).
struct EventData {
  std::string value;    // target.value for input/change/submit
  std::string key;      // KeyboardEvent.key
  bool checked = false; // target.checked
};

struct EventHandler {
  std::string event;                                  // DOM event name: "click", "input", ...
  TypeId msg_type = nullptr;                          // the message type `make` returns
  SharedFunction<AnyMsg(const EventData&)> make;  // builds the message when the event fires
  bool prevent_default = false;
  bool stop_propagation = false;
};

struct Attribute {
  std::string name;
  std::string value;
};

struct Node;
class Lazy;

namespace detail {
// Links the client's handling of lazy nodes (lib/runtime/diff.cpp) into the program. Every Lazy
// calls it, so a client whose views make none carries none of that code.
void link_lazy_diff() noexcept;
}  // namespace detail

struct Node {
  enum class Kind : std::uint8_t { element, text };
  Kind kind = Kind::element;
  std::string tag;                 // element name, e.g. "button"
  std::string text;                // text content for Kind::text
  std::vector<Attribute> attrs;    // in source order; names are unique
  std::vector<EventHandler> events;
  std::vector<Node> children;
  // Optional identity among siblings for keyed diffing, set from a rally::html::Key (html::key, a
  // keyed lazy). Making a Key is what links the keyed diff into the client: a key written here
  // directly in a program that makes none is diffed by position.
  std::string key;
  // Set by rally::html::lazy: this node stands for the subtree its view function returns, which
  // is built only when needed (see rally/lazy.hpp). Such a node has no tag, attrs or children of
  // its own; `key` is its identity in a keyed list.
  Shared<const Lazy> lazy;

  bool is_text() const { return kind == Kind::text; }
  const Attribute* attr(const std::string& name) const {
    for (const auto& a : attrs)
      if (a.name == name) return &a;
    return nullptr;
  }
};

// A deferred subtree (rally::html::lazy): a view function and the values it depends on. Rally
// calls the function only when the subtree is needed and the values differ from the ones at the
// same place in the previous render.
class Lazy {
 public:
  virtual ~Lazy() = default;
  // The subtree (a nested lazy is expanded too). When check_messages<Msg> has seen this node, the
  // expansion's handlers are checked against Msg here.
  Node expand() const;
  // Same view function type and equal values: the previous expansion can stand for this one.
  bool same(const Lazy& other) const { return tag_ == other.tag_ && equal(other); }

  // Set by check_messages<Msg>: checks an expansion's handlers (it runs later than the check).
  mutable void (*check)(const Node&) = nullptr;

 protected:
  explicit Lazy(const void* tag) : tag_(tag) { detail::link_lazy_diff(); }
  virtual Node run() const = 0;
  // `other` has the same tag, so the same dynamic type.
  virtual bool equal(const Lazy& other) const = 0;

 private:
  const void* tag_;
};

inline Node Lazy::expand() const {
  Node n = run();
  while (n.lazy) {
    auto inner = std::move(n.lazy);
    n = inner->run();
  }
  if (check) check(n);
  return n;
}

// A view's result, typed by the page's message so that pages cannot mix up their events.
template <class Msg>
class Element {
 public:
  Element(Node node) : node_(std::move(node)) {}  // NOLINT: views return html builders directly
  const Node& node() const& { return node_; }
  Node&& node() && { return std::move(node_); }
  operator Node() const& { return node_; }         // NOLINT: sub-views nest as children
  operator Node() && { return std::move(node_); }  // NOLINT

 private:
  Node node_;
};

namespace detail {
template <class Msg>
struct msg_alternatives {
  static bool accepts(TypeId t) { return t == type_id<Msg>(); }
  static std::optional<Msg> unwrap(const AnyMsg& a) {
    if (auto* m = a.get<Msg>()) return *m;
    return std::nullopt;
  }
};
template <class... Ts>
struct msg_alternatives<std::variant<Ts...>> {
  using Msg = std::variant<Ts...>;
  static bool accepts(TypeId t) { return t == type_id<Msg>() || ((t == type_id<Ts>()) || ...); }
  static std::optional<Msg> unwrap(const AnyMsg& a) {
    if (auto* m = a.template get<Msg>()) return *m;
    std::optional<Msg> out;
    auto try_one = [&](auto* tag) {
      using T = std::remove_pointer_t<decltype(tag)>;
      if (!out)
        if (const T* m = a.template get<T>()) out.emplace(std::in_place_type<T>, *m);
    };
    (try_one(static_cast<Ts*>(nullptr)), ...);
    return out;
  }
};
}  // namespace detail

// The page's Msg from a type-erased message, or nullopt if it is not one of Msg's alternatives.
template <class Msg>
std::optional<Msg> unwrap_msg(const AnyMsg& a) {
  return detail::msg_alternatives<Msg>::unwrap(a);
}

// Throws std::logic_error naming the event if a handler's message is not an alternative of Msg.
// A lazy node's subtree does not exist yet: it is checked when it is built.
template <class Msg>
void check_messages(const Node& node) {
  if (node.lazy) {
    node.lazy->check = &check_messages<Msg>;
    return;
  }
  for (const auto& h : node.events) {
    if (!h.msg_type || !detail::msg_alternatives<Msg>::accepts(h.msg_type))
      rally::fail<std::logic_error>("rally: <" + node.tag + "> handler for '" + h.event +
                             "' produces a message that is not an alternative of the page's Msg (" +
                             std::string(type_name(h.msg_type)) + ")");
  }
  for (const auto& c : node.children) check_messages<Msg>(c);
}

}  // namespace rally
