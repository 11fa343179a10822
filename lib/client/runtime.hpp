#pragma once
// The one Runtime of a page: the running PageInstance, its mounted DOM, the transport and
// client-side navigation. start.cpp boots, renders and dispatches events; navigation.cpp moves
// between pages. WASM only.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "js_dom.hpp"
#include "rally/client/app.hpp"
#include "rally/dom.hpp"
#include "transport.hpp"

namespace rally::client {

class Runtime final : public Host {
 public:
  explicit Runtime(ClientApp app) : app_(std::move(app)), transport_(app_.contract, app_.name_space, app_.rpcs) {}

  void boot();
  void on_event(int index, int path_length);
  void render();
  Transport& transport() { return transport_; }

  // Navigation, from the browser. `url` is path + query + hash of this origin.
  bool on_link(const std::string& url);  // true: handled here, the browser must not follow it
  void on_popstate(const std::string& url);

  // Host
  void call(const RpcCall& call, SharedFunction<void(const void* response)> on_response,
            SharedFunction<void(const std::string& error)> on_failure) override {
    transport_.call(call, std::move(on_response), std::move(on_failure));
  }
  // Renders once per burst of messages, in a microtask: after the event handler (or socket
  // message) that changed the model and everything it synchronously sent, before the next paint.
  // requestAnimationFrame would stall in background tabs and add a frame of input latency.
  void invalidate() override;
  void log_error(const std::string& message) override;
  void navigate(const std::string& path) override;
  const void* client_context() const override { return context_.get(); }
  void set_client_context(const ContextUpdate& update) override;
#ifdef RALLY_DEV_TOOLS
  // The dev inspector: the message goes to the console and, during a recording, into it.
  void inspect_update(std::string_view page, const std::string& description, const std::string* encoded) override;
  // rallyDev.record(): hands rally_dev.js where the recording starts (the page and its model).
  void dev_record();
#endif

 private:
  // How a navigation touches the history: a new entry (link, effect), the current entry
  // (redirect after a back/forward), or none (back/forward already moved the URL).
  enum class History { push, replace, none };
  struct Target {
    std::string path, query, hash;  // query without '?', hash without '#'
    std::string path_query() const { return query.empty() ? path : path + "?" + query; }
    std::string url() const { return hash.empty() ? path_query() : path_query() + "#" + hash; }
  };
  static Target split(const std::string& url);

  void fail_boot(const std::string& why);
  // The current page's view inside the namespace's layout.
  Node view();
  // Registers the event types the tree noted since the last call (what the last hydration or
  // patch built, adopted or changed, lazy expansions included): no walk of the mounted tree.
  void listen_to_new();
  void listen(const std::string& type);
  // document.title for the current page (app_.titles: null when no page has a title()).
  friend const TitleHooks* title_hooks();
  void update_title();
  // The transport's handlers of what the server sends unasked (pushes, topic messages).
  void listen_to_server();
  void boot_csrf_token();
  void on_push(std::string_view topic, std::string_view payload);

  // Client-side navigation (navigation.cpp), through app_.navigation: null when the namespace's
  // client cannot show another page (then links and navigate effects are page loads).
  friend const NavigationHooks* navigation_hooks();
  void start_navigation();
  bool follow_link(const std::string& url);
  void follow_popstate(const std::string& url);
  void navigate_here(const std::string& path);
  // The page entry that shows `target` client-side, or nullptr (a full page load instead).
  const PageEntry* resolve(const Target& target, std::string& params) const;
  // `quiet`: a failed load goes to the server's page without logging an error (a session change).
  void visit(const Target& target, History history, int redirects, bool quiet = false);
  void refresh_page();
  void show(std::unique_ptr<PageInstance> page, const Target& target, History history);
  void full_load(const Target& target, History history, const std::string& why);

  ClientApp app_;
  Transport transport_;
  JsDom dom_;
  std::unique_ptr<PageInstance> page_;
  // Topics (topics.cpp), through app_.topics: null when no page of the namespace has any.
  friend const TopicHooks* topic_hooks();
  void sync_topics();
  // The page's topics as last sent to the server, each named "<topic id><key>". A page has a few:
  // a vector searched from the front is smaller code than a map, and as fast at that count.
  using Subscriptions = std::vector<std::pair<std::string, Subscription>>;
  Subscriptions subscriptions_;
  void sync_subscriptions();
  void resubscribe();
  void on_topic_message(std::uint64_t topic, std::string_view key, std::string_view payload);
  void on_server_message(std::uint64_t audience, std::string_view key, std::string_view payload);
  // The namespace's ClientContext (null if it has none): outlives pages, so it survives
  // client-side navigation; replaced whole by set_context effects and "rally:context" pushes
  // (context.cpp, through app_.context: null when the namespace has no ClientContext).
  Shared<const void> context_;
  friend const ContextHooks* context_hooks();
  // Boot: decodes #rally-data's data-context; false (and `error`) if it does not decode.
  bool boot_context(std::string& error);
  void adopt_context(const ContextUpdate& update);
  void on_context_push(std::string_view payload);
  std::unique_ptr<Node> vdom_;  // what tree_ points into; replaced after each patch
  std::optional<dom::Tree> tree_;
  std::vector<std::string> listened_;  // index = the id JS calls back with
  std::size_t tree_types_taken_ = 0;  // how many of tree_->event_types() listen_to_new() has taken
  bool render_scheduled_ = false;
  std::string location_;             // path + query of the page shown (hash changes are the browser's)
  std::uint64_t navigation_ = 0;     // the latest navigation: older load answers are dropped
};

extern Runtime* runtime;

// What the runtime calls of navigation.cpp. ClientApp::navigation points here only when the
// namespace's client can show more than one page (see the generated client_<ns>.cpp).
struct NavigationHooks {
  void (Runtime::*start)();  // at boot: intercept links and back/forward
  bool (Runtime::*on_link)(const std::string& url);
  void (Runtime::*on_popstate)(const std::string& url);
  void (Runtime::*navigate)(const std::string& path);  // a navigate effect
  void (Runtime::*refresh)();  // the session changed: a page built by load() loads again
};

// What the runtime calls of topics.cpp. ClientApp::topics points here only when a page uses topics,
// so that otherwise the linker leaves that code out.
struct TopicHooks {
  void (Runtime::*sync)();        // after every render: the current page's subscriptions to the server
  void (Runtime::*on_message)(std::uint64_t topic, std::string_view key, std::string_view payload);
  void (Runtime::*resubscribe)();  // a new socket: every subscription again
};

// What the runtime calls to set document.title. ClientApp::titles points here only when a page of
// the namespace has a title().
struct TitleHooks {
  void (Runtime::*update)();  // after every render and at boot
};

// What the runtime calls of context.cpp. ClientApp::context points here only when the namespace
// has a ClientContext (use_client_context).
struct ContextHooks {
  bool (Runtime::*boot)(std::string& error);  // #rally-data's data-context, before hydrating
  void (Runtime::*set)(const ContextUpdate& update);  // a set_context effect
  void (Runtime::*push)(std::string_view payload);  // a "rally:context" push
};

}  // namespace rally::client
