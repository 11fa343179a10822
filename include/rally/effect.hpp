#pragma once
// Effect<Msg>: what update() asks the runtime to do after a state change. Effects are data; only
// the client runtime executes them (server-side rendering never runs effects).
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "result.hpp"
#include "shared.hpp"
#include "type_id.hpp"

namespace rally {

namespace detail {
// The type of the single field of an aggregate message such as `struct GotX { Result<T> result; };`.
template <class M>
auto single_field_probe(M& m) {
  auto& [field] = m;
  return static_cast<std::remove_cv_t<std::remove_reference_t<decltype(field)>>*>(nullptr);
}
template <class M>
using single_field_t = std::remove_pointer_t<decltype(single_field_probe(std::declval<M&>()))>;
}  // namespace detail

// rally::to<GotIncrement>: "wrap the RPC's response in a GotIncrement message".
template <class M>
struct To {
  using message = M;
  using response = detail::single_field_t<M>;
  static_assert(is_result<response>::value,
                "rally::to<M>: M must be a struct with one field of type rally::Result<T, E>");
};
template <class M>
inline constexpr To<M> to{};

// One server call, with its request type-erased; the generated client looks the request's type up
// in its RPC table to find the handler id, the encoder and the response decoder.
struct RpcCall {
  Shared<const void> request;
  TypeId request_type = nullptr;
  TypeId response_type = nullptr;  // the Result<T, E> the page expects
};

// A new ClientContext for the namespace, with its type erased; the runtime checks the type against
// its namespace's ClientContext before adopting it.
struct ContextUpdate {
  Shared<const void> value;
  TypeId type = nullptr;
};

template <class Msg>
class Effect {
 public:
  struct Rpc {
    RpcCall call;
    // Plain functions (what rally::to<M> needs captures nothing): no std::function per message.
    Msg (*on_response)(const void* response) = nullptr;  // response points at response_type
    Msg (*on_failure)(const std::string& error) = nullptr;  // timeout, disconnected, server error
  };

  Effect() = default;
  const std::vector<Rpc>& rpcs() const { return rpcs_; }
  // Paths to navigate to (client-side when the path belongs to this namespace), in order.
  const std::vector<std::string>& navigations() const { return navigations_; }
  // New client contexts, in order (the last one wins).
  const std::vector<ContextUpdate>& contexts() const { return contexts_; }
  bool empty() const { return rpcs_.empty() && navigations_.empty() && contexts_.empty(); }
  void add(Rpc rpc) { rpcs_.push_back(std::move(rpc)); }
  void add_navigation(std::string path) { navigations_.push_back(std::move(path)); }
  void add_context(ContextUpdate update) { contexts_.push_back(std::move(update)); }
  void append(Effect other) {
    for (auto& r : other.rpcs_) rpcs_.push_back(std::move(r));
    for (auto& n : other.navigations_) navigations_.push_back(std::move(n));
    for (auto& c : other.contexts_) contexts_.push_back(std::move(c));
  }

 private:
  std::vector<Rpc> rpcs_;
  std::vector<std::string> navigations_;
  std::vector<ContextUpdate> contexts_;
};

namespace effect {

struct None {
  template <class Msg>
  operator Effect<Msg>() const { return {}; }  // NOLINT: usable as any page's effect
};
inline None none() { return {}; }

template <class Req, class M>
struct RpcEffect {
  Req request;

  template <class Msg>
  operator Effect<Msg>() const {  // NOLINT
    static_assert(std::is_constructible_v<Msg, M>, "rally::effect::rpc: the to<M> message is not an alternative of this page's Msg");
    using R = typename To<M>::response;
    using E = typename R::error_type;
    typename Effect<Msg>::Rpc rpc;
    rpc.call.request = make_shared_value<const Req>(request);
    rpc.call.request_type = type_id<Req>();
    rpc.call.response_type = type_id<R>();
    rpc.on_response = [](const void* response) { return Msg(M{*static_cast<const R*>(response)}); };
    rpc.on_failure = [](const std::string& error) { return Msg(M{R(Err<E>{framework_error<E>(error)})}); };
    Effect<Msg> e;
    e.add(std::move(rpc));
    return e;
  }
};

// Sends `request` to its server handler; the response arrives as the message M of rally::to<M>.
template <class Req, class M>
RpcEffect<Req, M> rpc(Req request, To<M>) {
  static_assert(std::is_class_v<Req>, "rally::effect::rpc: the request must be a Server<Name> struct");
  return {std::move(request)};
}

struct NavigateEffect {
  std::string path;
  template <class Msg>
  operator Effect<Msg>() const {  // NOLINT
    Effect<Msg> e;
    e.add_navigation(path);
    return e;
  }
};

// Goes to another page: `navigate(web::routes::ProductsId{42})` (any generated Route or route
// struct, through its to_path found by argument-dependent lookup) or a path string.
template <class R>
NavigateEffect navigate(const R& route) {
  if constexpr (std::is_convertible_v<const R&, std::string>) {
    return {std::string(route)};
  } else {
    return {to_path(route)};
  }
}

template <class Context>
struct SetContextEffect {
  Context value;
  template <class Msg>
  operator Effect<Msg>() const {  // NOLINT
    Effect<Msg> e;
    e.add_context({make_shared_value<const Context>(value), type_id<Context>()});
    return e;
  }
};

// Replaces the namespace's ClientContext on the client: every page and the layout re-render with
// it, and it stays across client-side navigations. (The server's copy is not told; a server
// handler that changes what make_client_context returns pushes the new one instead.)
template <class Context>
SetContextEffect<Context> set_context(Context value) {
  static_assert(std::is_class_v<Context>, "rally::effect::set_context: pass the namespace's ClientContext");
  return {std::move(value)};
}

// Runs several effects.
template <class Msg>
Effect<Msg> batch(std::vector<Effect<Msg>> effects) {
  Effect<Msg> out;
  for (auto& e : effects) out.append(std::move(e));
  return out;
}

}  // namespace effect

// What init() and update() return: the new model and the effect to run.
template <class Model, class Msg>
struct Update {
  Model model;
  Effect<Msg> effect;
};
template <class Model, class Msg>
using Init = Update<Model, Msg>;

}  // namespace rally
