#pragma once
// The boundary between a generated client entry (<ns>/client.cpp) and the WASM runtime in
// lib/client. Portable (std only) so generated code and its tests also compile natively.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../effect.hpp"
#include "../topic.hpp"
#include "../element.hpp"
#include "callback.hpp"

namespace rally::client {

// One server call the namespace's pages can make, as generated from a server_<name> handler.
struct RpcBinding {
  TypeId request_type = nullptr;                  // Server<Name>
  std::uint64_t handler = 0;                      // wire handler id
  std::string (*encode)(const void* request) = nullptr;
  TypeId response_type = nullptr;                 // rally::Result<T, E>
  // Decodes a response payload into a new Result<T, E>; nullptr (and `error`) if malformed.
  Shared<const void> (*decode)(std::string_view payload, std::string& error) = nullptr;
  // Development builds (the dev inspector's log): the request and the decoded response as one
  // line each. Null in a release build.
  std::string (*describe_request)(const void* request) = nullptr;
  std::string (*describe_response)(const void* response) = nullptr;
};

// Services the runtime gives a running page.
class Host {
 public:
  virtual ~Host() = default;
  // Sends the call; exactly one of the callbacks runs later (never synchronously).
  virtual void call(const RpcCall& call, SharedFunction<void(const void* response)> on_response,
                    SharedFunction<void(const std::string& error)> on_failure) = 0;
  // The page's model changed: re-render (batched to one render per turn).
  virtual void invalidate() = 0;
  virtual void log_error(const std::string& message) = 0;
  // An effect asked to go to `path` (pushes history; client-side if the path is this namespace's).
  virtual void navigate(const std::string& path) = 0;
  // The namespace's ClientContext (decoded once at boot, replaced by set_context effects and
  // "rally:context" pushes), or nullptr when the namespace has none. Generated code casts it.
  virtual const void* client_context() const { return nullptr; }
  // An effect's rally::effect::set_context: adopt it and re-render (after the current update).
  virtual void set_client_context(const ContextUpdate& update) { static_cast<void>(update); }
  // Development builds (the dev inspector): `page`'s update is about to take the message
  // `description`, whose encoding is `encoded` (null when the page's Msg cannot be encoded).
  virtual void inspect_update(std::string_view page, const std::string& description, const std::string* encoded) {
    static_cast<void>(page), static_cast<void>(description), static_cast<void>(encoded);
  }
};

// Development builds: what the dev inspector needs of a page's types. Generated client units make
// one (PageSpec::dev) only when RALLY_DEV_TOOLS is defined; a release build has none.
template <class Model, class Msg>
struct PageDevTools {
  std::string (*describe)(const Msg&) = nullptr;  // one line, e.g. GotIncrement{result: Ok(1)}
  std::string (*encode)(const Msg&) = nullptr;    // null: the page's messages cannot be recorded
  std::string (*encode_model)(const Model&) = nullptr;
  const char* unrecordable = nullptr;             // why not, when encode is null
};

// A running page with its model and message type erased.
class PageInstance {
 public:
  virtual ~PageInstance() = default;
  virtual Node view() = 0;
  virtual void handle(const AnyMsg& msg) = 0;  // from an event handler
  virtual std::string title() = 0;             // document.title for the current model
  virtual std::vector<Subscription> subscriptions() { return {}; }  // the topics for the current model
  // Server messages (rally::send): whether the page takes any, and the message one of them becomes.
  // `payload` is the encoded message of type id `type`; an empty AnyMsg with an empty `error` is
  // a type the page does not take.
  virtual bool takes_server_messages() const { return false; }
  virtual AnyMsg receive(std::uint64_t type, std::string_view payload, std::string& error) {
    static_cast<void>(type), static_cast<void>(payload), static_cast<void>(error);
    return {};
  }
  // Development builds: where a recording of the page's messages starts (its id and its model,
  // encoded); false and `why` when they cannot be recorded.
  virtual bool dev_snapshot(std::string& page, std::string& model, std::string& why) {
    static_cast<void>(page), static_cast<void>(model), static_cast<void>(why);
    return false;
  }
};

template <class Model, class Msg>
class TypedPage : public PageInstance {
 public:
  using UpdateFn = Callback<Update<Model, Msg>(Model, Msg)>;
  using ViewFn = Callback<Element<Msg>(const Model&)>;
  using TitleFn = Callback<std::string(const Model&)>;
  using SubscriptionsFn = Callback<std::vector<Subscription>(const Model&)>;
  using ReceiveFn = AnyMsg (*)(std::uint64_t type, std::string_view payload, std::string& error);

  TypedPage(Host& host, Model model, UpdateFn update, ViewFn view, TitleFn title = {}, SubscriptionsFn subscriptions = {},
            ReceiveFn receive = nullptr)
      : host_(host), model_(std::move(model)), update_(std::move(update)), view_(std::move(view)),
        title_(std::move(title)), subscriptions_(std::move(subscriptions)), receive_(receive) {}

  std::string title() override { return title_ ? title_(model_) : std::string(); }
  std::vector<Subscription> subscriptions() override { return subscriptions_ ? subscriptions_(model_) : std::vector<Subscription>{}; }
  bool takes_server_messages() const override { return receive_ != nullptr; }
  AnyMsg receive(std::uint64_t type, std::string_view payload, std::string& error) override {
    return receive_ ? receive_(type, payload, error) : AnyMsg();
  }

  Node view() override {
    Node n = std::move(view_(model_)).node();
    check_messages<Msg>(n);
    return n;
  }
  void handle(const AnyMsg& any) override {
    auto msg = unwrap_msg<Msg>(any);
    if (!msg) {
      host_.log_error(std::string("rally: dropped a message that is not part of the page's Msg: ") +
                      std::string(type_name(any.type())));
      return;
    }
    send(std::move(*msg));
  }
  void send(Msg msg) {
#ifdef RALLY_DEV_TOOLS
    if (dev_) {
      const std::string encoded = dev_->encode ? dev_->encode(msg) : std::string();
      host_.inspect_update(dev_page_, dev_->describe(msg), dev_->encode ? &encoded : nullptr);
    }
#endif
    auto next = update_(std::move(model_), std::move(msg));
    model_ = std::move(next.model);
    host_.invalidate();
    run(next.effect);
  }
  void run(const Effect<Msg>& effect) {
    // First, so that everything else (and the re-render) already sees the new context.
    for (const auto& c : effect.contexts()) host_.set_client_context(c);
    for (const auto& rpc : effect.rpcs()) {
      auto alive = alive_;
      host_.call(
          rpc.call,
          [this, alive, f = rpc.on_response](const void* r) { if (*alive) send(f(r)); },
          [this, alive, f = rpc.on_failure](const std::string& e) { if (*alive) send(f(e)); });
    }
    // Host::navigate defers the page switch to a later turn, but keep no reference to *this
    // across the call anyway: a replaced page is destroyed.
    Host& host = host_;
    for (const auto& path : effect.navigations()) host.navigate(path);
  }
  ~TypedPage() override { *alive_ = false; }
  const Model& model() const { return model_; }

#ifdef RALLY_DEV_TOOLS
  // Development builds: the page `id` logs its messages through Host::inspect_update.
  void inspect_with(std::string_view id, const PageDevTools<Model, Msg>& tools) {
    dev_page_ = id;
    dev_ = tools.describe ? &tools : nullptr;
  }
  bool dev_snapshot(std::string& page, std::string& model, std::string& why) override {
    if (!dev_ || !dev_->encode) {
      why = dev_ && dev_->unrecordable ? dev_->unrecordable : "the page's messages cannot be recorded";
      return false;
    }
    page = std::string(dev_page_);
    model = dev_->encode_model(model_);
    return true;
  }
#endif

 private:
  Host& host_;
  Model model_;
  UpdateFn update_;
  ViewFn view_;
  TitleFn title_;
  SubscriptionsFn subscriptions_;
  ReceiveFn receive_;
#ifdef RALLY_DEV_TOOLS
  std::string_view dev_page_;
  const PageDevTools<Model, Msg>* dev_ = nullptr;
#endif
  Shared<bool> alive_ = make_shared_value<bool>(true);
};

// What a load answered on client-side navigation.
struct Loaded {
  std::unique_ptr<PageInstance> page;  // the page to show, or
  std::string redirect;                // a path to navigate to instead, or
  bool not_found = false;              // the namespace's 404 (the runtime does a full page load)
};

// A page of the namespace, as the generated entry registers it.
struct PageEntry {
  std::string id;  // matches ssr::Document::page_id
  // Static page (no Model): no client code; navigating to it is a full page load.
  bool is_static = false;
  // Builds the running page from the SSR model bytes (and runs init()'s effects, which SSR never
  // runs). Returns nullptr and sets `error` if the bytes do not decode.
  Callback<std::unique_ptr<PageInstance>(Host& host, std::string_view model, std::string& error)> hydrate;

  // Client-side navigation. `params` are the route params + query as encoded by RouteMatch.
  // Pages without load(): init on the client (runs init()'s effects).
  Callback<std::unique_ptr<PageInstance>(Host& host, std::string_view params, std::string& error)> init;
  // Pages with load(): the runtime sends a request with handler `load_handler` and payload
  // `params`; `from_load` decodes the answer (an encoded rally::Load<Model>).
  std::uint64_t load_handler = 0;  // 0: the page has no load()
  Callback<Loaded(Host& host, std::string_view load_response, std::string& error)> from_load;
};

// A path of this namespace resolved to a page.
struct RouteMatch {
  std::string page_id;
  std::string params;  // encoded route params (+ query), what init/load_handler take
};

struct ClientApp {
  std::string name_space;
  std::string contract;  // hex contract hash, sent in the WebSocket URL
  std::string route_root;  // "/" or "/admin": paths outside it are full page loads
  std::vector<PageEntry> pages;
  std::vector<RpcBinding> rpcs;
  // Resolves a path + query (without '?') of this namespace; nullopt when no page matches
  // (the runtime then does a full page load, which shows the server's 404 page).
  Callback<std::optional<RouteMatch>(std::string_view path, std::string_view query)> match;
  // The app's document title when a page has no title() of its own.
  std::string default_title;
  // The namespace's ClientContext, when it has one (decode_context is empty otherwise): its type
  // (what set_context effects must carry) and its decoder, for #rally-data's data-context at boot
  // and for "rally:context" pushes. nullptr (and `error`) if the bytes do not decode.
  TypeId context_type = nullptr;
  Callback<Shared<const void>(std::string_view bytes, std::string& error)> decode_context;
  // The namespace's layout around every page's view (null: none); it gets the ClientContext as
  // Host::client_context() returns it. Layouts have no event handlers.
  Node (*layout)(const void* client_context, Node page) = nullptr;
};

// Implemented in lib/client (WASM only): reads #rally-data, hydrates the page under #rally-root,
// delegates events and opens the WebSocket. Called once from the generated main().
void start(ClientApp app);

}  // namespace rally::client
