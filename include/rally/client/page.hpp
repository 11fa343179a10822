#pragma once
// What a page's generated client unit instantiates: its functions, adapted to one shape by the
// generated lambdas, become a PageEntry of its namespace's ClientApp, and its server calls
// RpcBindings. Portable (std only), so generated clients also compile natively for tests.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "../codec.hpp"
#include "../describe.hpp"
#include "../glue.hpp"
#include "../routing.hpp"
#include "app.hpp"

namespace rally::client {

namespace detail {
template <class F>
struct handler_traits;
template <class R, class Req, class Ctx>
struct handler_traits<R(const Req&, Ctx&)> {
  using request = Req;
  using result = R;
};

template <class R, class Req, class Ctx>
struct handler_traits<R(const Req&, Ctx&) noexcept> : handler_traits<R(const Req&, Ctx&)> {};
}  // namespace detail

namespace detail {
template <class M, class Msg>
struct is_alternative : std::is_same<M, Msg> {};
template <class M, class... A>
struct is_alternative<M, std::variant<A...>> : std::disjunction<std::is_same<M, A>...> {};
template <class T>
struct is_variant : std::false_type {};
template <class... A>
struct is_variant<std::variant<A...>> : std::true_type {};
}  // namespace detail

// A server message of type Message, decoded from `payload` and made the page's message by its
// from_server (which returns Msg or one of its alternatives). Empty (and `error`) if malformed.
template <class Msg, class Message, class F>
AnyMsg receive(std::string_view payload, std::string& error, F from_server) {
  Message message{};
  if (!codec::from_bytes(payload, message, &error)) return {};
  using R = std::decay_t<std::invoke_result_t<F, Message>>;
  if constexpr (std::is_same_v<R, Msg> && detail::is_variant<Msg>::value) {
    return std::visit([](auto&& alternative) { return AnyMsg::of(std::move(alternative)); }, from_server(std::move(message)));
  } else {
    static_assert(detail::is_alternative<R, Msg>::value,
                  "from_server must return the page's Msg or one of its alternatives");
    return AnyMsg::of(from_server(std::move(message)));
  }
}

// The ClientContext behind Host::client_context() (or a layout's `context`), or a
// default-constructed one while there is none (a test's host).
template <class Context>
const Context& context_of(const void* context) {
  static const Context fallback{};
  return context ? *static_cast<const Context*>(context) : fallback;
}

// The binding for a page's server_<name> handler, from its declaration only (the client never
// links the handler's body): rpc<decltype(page::server_save)>(id).
template <class Fn>
RpcBinding rpc(std::uint64_t id) {
  using traits = detail::handler_traits<Fn>;
  using Request = typename traits::request;
  using Result = typename traits::result;
  RpcBinding b;
  b.request_type = type_id<Request>();
  b.handler = id;
  b.encode = [](const void* request) { return codec::to_bytes(*static_cast<const Request*>(request)); };
  b.response_type = type_id<Result>();
  b.decode = [](std::string_view payload, std::string& error) -> Shared<const void> {
    auto response = make_shared_value<Result>();
    if (!codec::from_bytes(payload, *response, &error)) return nullptr;
    return response;
  };
#ifdef RALLY_DEV_TOOLS
  b.describe_request = [](const void* request) { return codec::describe(*static_cast<const Request*>(request)); };
  b.describe_response = [](const void* response) { return codec::describe(*static_cast<const Result*>(response)); };
#endif
  return b;
}

// The dev inspector's tools for a page whose Msg rally-gen gave codecs (generated client units
// use it when RALLY_DEV_TOOLS is defined): its messages are logged in full and can be recorded.
template <class Model, class Msg>
constexpr PageDevTools<Model, Msg> recordable_page() {
  PageDevTools<Model, Msg> t;
  t.describe = [](const Msg& m) { return codec::describe(m); };
  t.encode = [](const Msg& m) { return codec::to_bytes(m); };
  t.encode_model = [](const Model& m) { return codec::to_bytes(m); };
  return t;
}

// ... and for a page whose Msg cannot be encoded (`why`): its messages are logged by type only.
template <class Model, class Msg>
constexpr PageDevTools<Model, Msg> unrecordable_page(const char* why) {
  PageDevTools<Model, Msg> t;
  t.describe = [](const Msg& m) {
    if constexpr (detail::is_variant<Msg>::value)
      return std::visit([](const auto& a) { return std::string(type_name(type_id<std::decay_t<decltype(a)>>())); }, m);
    else
      return std::string(type_name(type_id<Msg>()));
  };
  t.unrecordable = why;
  return t;
}

template <class Model, class Msg, class Route, class ClientContext>
struct PageSpec {
  std::string_view id;
  // Pages without load(): init() runs on the client, after hydration for its effects (SSR never
  // runs effects) and on client-side navigation. Null for pages with load().
  Init<Model, Msg> (*init)(const Route&, const Query&, const ClientContext&) = nullptr;
  // SSR appended rally::PageParams to the model because init() reads the route or the query.
  bool hydrate_params = false;
  Update<Model, Msg> (*update)(const ClientContext&, Model, Msg) = nullptr;
  Element<Msg> (*view)(const ClientContext&, const Model&) = nullptr;
  std::string (*title)(const ClientContext&, const Model&) = nullptr;  // null: the app's name
  std::vector<Subscription> (*subscriptions)(const ClientContext&, const Model&) = nullptr;  // null: none
  // The server messages it takes (its from_server overloads, by type id); null: none.
  AnyMsg (*receive)(std::uint64_t type, std::string_view payload, std::string& error) = nullptr;
  std::uint64_t load_handler = 0;  // the page's load() over the WebSocket, 0: none
  bool navigable = true;           // false for not_found_: it is only ever hydrated
#ifdef RALLY_DEV_TOOLS
  PageDevTools<Model, Msg> dev{};  // the dev inspector (development builds only)
#endif
};

// The running page of a spec: its model, and its functions called with the Host's ClientContext.
template <class Model, class Msg, class Route, class ClientContext>
class TypedPage final : public PageCore {
 public:
  using Spec = PageSpec<Model, Msg, Route, ClientContext>;
  TypedPage(const Spec& spec, Host& host, Model model) : PageCore(host), spec_(spec), model_(std::move(model)) {}

  std::string title() override { return spec_.title ? spec_.title(context(), model_) : std::string(); }
  std::vector<Subscription> subscriptions() override {
    return spec_.subscriptions ? spec_.subscriptions(context(), model_) : std::vector<Subscription>{};
  }
  bool takes_server_messages() const override { return spec_.receive != nullptr; }
  AnyMsg receive(std::uint64_t type, std::string_view payload, std::string& error) override {
    return spec_.receive ? spec_.receive(type, payload, error) : AnyMsg();
  }
  Node view() override {
    Node n = std::move(spec_.view(context(), model_)).node();
#ifdef RALLY_DEV_TOOLS
    // Development builds stop at a handler whose message is not in Msg, at the render that made it.
    // A release client does not walk every render for it: such a message is logged and dropped
    // when its event fires (handle), and the page's generated unit has checked at compile time
    // the events whose messages are declared in the page's namespace.
    check_messages<Msg>(n);
#endif
    return n;
  }
  void handle(const AnyMsg& any) override {
    auto msg = unwrap_msg<Msg>(any);
    if (!msg) return dropped(any);
    send(std::move(*msg));
  }
  void send(Msg msg) {
#ifdef RALLY_DEV_TOOLS
    if (const auto& dev = spec_.dev; dev.describe) {
      const std::string encoded = dev.encode ? dev.encode(msg) : std::string();
      host_.inspect_update(spec_.id, dev.describe(msg), dev.encode ? &encoded : nullptr);
    }
#endif
    auto next = spec_.update(context(), std::move(model_), std::move(msg));
    model_ = std::move(next.model);
    host_.invalidate();
    run(next.effect);
  }
  void run(const Effect<Msg>& effect) {
    adopt(effect.contexts());
    for (const auto& rpc : effect.rpcs()) {
      auto alive = alive_;
      host_.call(
          rpc.call,
          [this, alive, f = rpc.on_response](const void* r) { if (*alive) send(f(r)); },
          [this, alive, f = rpc.on_failure](const std::string& e) { if (*alive) send(f(e)); });
    }
    go(effect.navigations());
  }
  const Model& model() const { return model_; }

#ifdef RALLY_DEV_TOOLS
  bool dev_snapshot(std::string& page, std::string& model, std::string& why) override {
    const auto& dev = spec_.dev;
    if (!dev.describe || !dev.encode) {
      why = dev.describe && dev.unrecordable ? dev.unrecordable : "the page's messages cannot be recorded";
      return false;
    }
    page = std::string(spec_.id);
    model = dev.encode_model(model_);
    return true;
  }
#endif

 private:
  const ClientContext& context() const { return context_of<ClientContext>(host_.client_context()); }
  const Spec& spec_;
  Model model_;
};

template <class Model, class Msg, class Route, class ClientContext>
std::unique_ptr<TypedPage<Model, Msg, Route, ClientContext>> make_page(
    const PageSpec<Model, Msg, Route, ClientContext>& spec, Host& host, Model model) {
  return std::make_unique<TypedPage<Model, Msg, Route, ClientContext>>(spec, host, std::move(model));
}

// What a page's entry links: its client-side navigation (init from a URL's params, load answers)
// only when its namespace's client navigates (rally-gen decides, see ClientApp::navigation).
enum class PageLinks { hydration, navigation };

// A page with a Model. `spec` must outlive the app (generated code keeps it in a static).
template <PageLinks links = PageLinks::navigation, class Model, class Msg, class Route, class ClientContext>
PageEntry interactive_page(const PageSpec<Model, Msg, Route, ClientContext>& spec) {
  using Spec = PageSpec<Model, Msg, Route, ClientContext>;
  const Spec* s = &spec;
  PageEntry entry;
  entry.id = std::string(spec.id);
  entry.hydrate = [s](Host& host, std::string_view bytes, std::string& error) -> std::unique_ptr<PageInstance> {
    codec::Reader reader(bytes);
    Model model{};
    codec::decode(reader, model);
    PageParams<Route> params{};
    // A client without navigation has no page whose init reads its route or query.
    if constexpr (links == PageLinks::navigation)
      if (s->hydrate_params) codec::decode(reader, params);
    if (!reader.ok() || !reader.at_end()) {
      error = reader.ok() ? "trailing bytes after the page's model" : reader.error();
      return nullptr;
    }
    auto page = make_page(*s, host, std::move(model));
    // SSR never runs effects; the client runs init()'s once.
    if (s->init) page->run(s->init(params.route, params.query, context_of<ClientContext>(host.client_context())).effect);
    return page;
  };
  if constexpr (links == PageLinks::navigation) {
    if (spec.init && spec.navigable) {
      entry.init = [s](Host& host, std::string_view bytes, std::string& error) -> std::unique_ptr<PageInstance> {
        PageParams<Route> params{};
        if (!codec::from_bytes(bytes, params, &error)) return nullptr;
        auto init = s->init(params.route, params.query, context_of<ClientContext>(host.client_context()));
        auto page = make_page(*s, host, std::move(init.model));
        page->run(init.effect);
        return page;
      };
    }
    if (spec.load_handler) {
      entry.load_handler = spec.load_handler;
      entry.from_load = [s](Host& host, std::string_view bytes, std::string& error) {
        Loaded out;
        Load<Model> loaded;
        if (!codec::from_bytes(bytes, loaded, &error)) return out;
        if (loaded.is_redirect()) out.redirect = loaded.redirect_path();
        else if (loaded.is_not_found()) out.not_found = true;
        else out.page = make_page(*s, host, std::move(loaded.model()));
        return out;
      };
    }
  }
  return entry;
}

// A page without a Model: no client code; navigating to it is a full page load.
inline PageEntry static_page(std::string_view id) {
  PageEntry entry;
  entry.id = std::string(id);
  entry.is_static = true;
  return entry;
}

// The namespace's route matching for its ClientApp: which page a matched route shows (`page_ids`
// in the order of the namespace's Route alternatives), with the route's params and the query
// encoded as rally::PageParams for PageEntry::init and the load handler.
template <std::size_t N>
std::optional<RouteMatch> match_route(std::optional<routing::Match> route, const std::string_view (&page_ids)[N],
                                      std::string_view query) {
  if (!route || route->index >= N) return std::nullopt;
  return RouteMatch{std::string(page_ids[route->index]), std::move(route->params) + codec::to_bytes(parse_query(query))};
}

// The namespace's ClientContext in its ClientApp (decoded at boot from #rally-data and from the
// server's pushes).
template <class ClientContext>
void use_client_context(ClientApp& app) {
  app.context = context_hooks();
  app.context_type = type_id<ClientContext>();
  app.decode_context = [](std::string_view bytes, std::string& error) -> Shared<const void> {
    auto context = make_shared_value<ClientContext>();
    if (!codec::from_bytes(bytes, *context, &error)) return nullptr;
    return context;
  };
}

}  // namespace rally::client
