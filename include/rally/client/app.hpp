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

 protected:
  // Not virtual: nothing is destroyed through a Host (the runtime's lives as long as the page).
  ~Host() = default;
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

// The part of a running page that does not depend on its Model and Msg: its host, whether it is
// still alive (for answers that arrive after it was replaced) and the untyped effects. One copy
// for all pages; page.hpp's TypedPage adds the typed rest.
class PageCore : public PageInstance {
 public:
  ~PageCore() override { *alive_ = false; }

 protected:
  explicit PageCore(Host& host) : host_(host) {}
  // An effect's new contexts. First, so that everything else (and the re-render) already sees them.
  void adopt(const std::vector<ContextUpdate>& contexts) {
    for (const auto& c : contexts) host_.set_client_context(c);
  }
  // An effect's navigations. Host::navigate defers the page switch to a later turn, but this keeps
  // no reference to *this across the call anyway: a replaced page is destroyed.
  void go(const std::vector<std::string>& paths) {
    Host& host = host_;
    for (const auto& path : paths) host.navigate(path);
  }
  void dropped(const AnyMsg& any) {
    host_.log_error(std::string("rally: dropped a message that is not part of the page's Msg: ") +
                    std::string(type_name(any.type())));
  }

  Host& host_;
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

// Parts of the runtime (lib/client) that a client links only when its pages use them.
struct NavigationHooks;
const NavigationHooks* navigation_hooks();  // client-side navigation
struct TopicHooks;
const TopicHooks* topic_hooks();  // topic subscriptions and server messages
struct ContextHooks;
const ContextHooks* context_hooks();  // the namespace's ClientContext
struct TitleHooks;
const TitleHooks* title_hooks();  // document.title from the pages' title()

struct ClientApp {
  std::string name_space;
  std::string contract;  // hex contract hash, sent in the WebSocket URL
  std::string route_root;  // "/" or "/admin": paths outside it are full page loads
  std::vector<PageEntry> pages;
  std::vector<RpcBinding> rpcs;
  // navigation_hooks() and `match`, set when the namespace's client can show two pages or one page
  // two ways: two interactive pages, or one whose init takes the route's params or the query, or
  // that has load(). Null otherwise: links and navigate effects are then page loads, which show the
  // same page the same way.
  const NavigationHooks* navigation = nullptr;
  // Resolves a path + query (without '?') of this namespace; nullopt when no page matches
  // (the runtime then does a full page load, which shows the server's 404 page). Empty without
  // navigation.
  Callback<std::optional<RouteMatch>(std::string_view path, std::string_view query)> match;
  // The app's document title when a page has no title() of its own.
  std::string default_title;
  // title_hooks(), set by the entry of each page with a title(). Null when no page has one: then
  // every page's title is default_title, which the server's <title> already says, and the
  // runtime's code that sets document.title is not linked into the client.
  const TitleHooks* titles = nullptr;
  // The namespace's ClientContext, when it has one (decode_context is empty otherwise): its type
  // (what set_context effects must carry) and its decoder, for #rally-data's data-context at boot
  // and for "rally:context" pushes. nullptr (and `error`) if the bytes do not decode.
  TypeId context_type = nullptr;
  Callback<Shared<const void>(std::string_view bytes, std::string& error)> decode_context;
  // context_hooks(), set with them: null without a ClientContext, and then the runtime's context
  // code is not linked into the client.
  const ContextHooks* context = nullptr;
  // The namespace's layout around every page's view (null: none); it gets the ClientContext as
  // Host::client_context() returns it. Layouts have no event handlers.
  Node (*layout)(const void* client_context, Node page) = nullptr;
  // topic_hooks(), set by the entry of each page with subscriptions() or from_server(); null when
  // no page has them, and then the runtime's topic code is not linked into the client.
  const TopicHooks* topics = nullptr;
};

// Implemented in lib/client (WASM only): reads #rally-data, hydrates the page under #rally-root,
// delegates events and opens the WebSocket. Called once from the generated main().
void start(ClientApp app);

}  // namespace rally::client
