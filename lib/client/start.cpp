// rally::client::start: boot (read #rally-data, hydrate), event delegation, batched rendering.
// Moving between pages is navigation.cpp.
#include <emscripten/emscripten.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "js.hpp"
#include "rally/form.hpp"
#include "rally/wire.hpp"
#include "runtime.hpp"

namespace rally::client {

Runtime* runtime = nullptr;

namespace {

// Every page gets these listeners at boot; other event names get theirs when a view first uses
// them.
constexpr const char* default_events[] = {"click", "dblclick", "input", "change", "submit", "keydown"};

}  // namespace

void Runtime::fail_boot(const std::string& why) {
  js::log(js::Level::error, "rally: " + why + "; the page stays as the server rendered it, without interactivity");
}

Node Runtime::view() {
  Node page = page_->view();
  // Not a conditional expression: `c ? layout(...) : page` would copy the whole tree.
  if (app_.layout) return app_.layout(context_.get(), std::move(page));
  return page;
}

void Runtime::invalidate() {
  if (render_scheduled_) return;
  render_scheduled_ = true;
  rally_schedule_render();
}

void Runtime::log_error(const std::string& message) { js::log(js::Level::error, message); }

void Runtime::boot() {
  dom::Handle root = dom_.root();
  if (!root) return fail_boot("no element with id \"rally-root\"");
  int page_len = rally_boot_data(0);
  if (page_len < 0) return fail_boot("no <script id=\"rally-data\" data-page=...> element");
  std::string page_id = js::take_string(page_len);
  std::string contract = js::take_string(rally_boot_data(1));
  if (contract != app_.contract)
    return fail_boot("the page was rendered for contract " + contract + " but this client (" + app_.name_space +
                     ") was built for " + app_.contract + "; reload to get matching code");

  const PageEntry* entry = nullptr;
  for (const auto& p : app_.pages)
    if (p.id == page_id) entry = &p;
  if (!entry) return fail_boot("this client has no page \"" + page_id + "\"");
  int model_len = rally_boot_bytes(2);
  if (model_len < 0) return fail_boot("the model of page \"" + page_id + "\" in #rally-data is not valid base64");
  std::string model = js::take_string(model_len);
  std::string error;
  listen_to_server();
  // Before hydrating: the page's init(), view() and the layout may read them.
  if (app_.context && !(this->*app_.context->boot)(error)) return fail_boot(error);
  boot_csrf_token();
#ifdef RALLY_DEV_TOOLS
  // Only development builds take part in rally dev's reloads and build overlay.
  int dev = rally_dev_stamp();
  if (dev > 0) transport_.set_dev_stamp(js::take_string(dev));
  rally_dev_install();
#endif
  page_ = entry->hydrate(*this, model, error);
  if (!page_) return fail_boot("could not decode the model of page \"" + page_id + "\": " + error);

  vdom_ = std::make_unique<Node>(view());
  tree_.emplace(dom_, root);
  tree_->hydrate(*vdom_);
  dom_.flush();
  if (tree_->stats().repaired)
    js::log(js::Level::warn, "rally: hydration repaired " + std::to_string(tree_->stats().repaired) +
                                 " place(s) where the server's HTML differed from the view");
  for (const char* type : default_events) listen(type);
  listen_to_new();
  // What was typed before this point reaches update() like any typing.
  for (dom::Handle typed : tree_->typed_before_hydration()) rally_dom_dispatch_input(typed);
  if (app_.titles) (this->*app_.titles->update)();
  location_ = js::take_string(rally_location());
  if (app_.navigation) (this->*app_.navigation->start)();
  sync_topics();  // sent when the socket opens
  rally_mark_hydrated();
  transport_.connect();
}

void Runtime::boot_csrf_token() {
  // post_form's hidden _csrf field: the session's token, kept in #rally-data's data-csrf, where the
  // server rendered it and where a session change's push puts the new one.
  form::set_token_source([] { return js::take_string(rally_boot_data(4)); });
  // The server's RALLY_CALL_TIMEOUT_MS, when it sets one.
  if (int ms = rally_call_timeout(); ms >= 0) transport_.set_request_timeout(ms);
}

void Runtime::listen_to_server() {
  transport_.on_push([this](std::string_view topic, std::string_view payload) { on_push(topic, payload); });
#ifdef RALLY_DEV_TOOLS
  // rally dev's build status comes to every socket, whatever its pages take.
  transport_.on_topic_message([this](std::uint64_t topic, std::string_view key, std::string_view payload) {
    if (topic == wire::audience_dev) return rally_dev_status(payload.data(), static_cast<int>(payload.size()));
    if (app_.topics) (this->*app_.topics->on_message)(topic, key, payload);
  });
#else
  if (app_.topics)
    transport_.on_topic_message([this](std::uint64_t topic, std::string_view key, std::string_view payload) {
      (this->*app_.topics->on_message)(topic, key, payload);
    });
#endif
  // A new socket has no subscriptions: all of the page's go out again.
  if (app_.topics) transport_.on_opened([this] { (this->*app_.topics->resubscribe)(); });
}

void Runtime::set_client_context(const ContextUpdate& update) {
  if (app_.context) return (this->*app_.context->set)(update);
  log_error("rally: dropped a rally::effect::set_context: namespace " + app_.name_space + " has no ClientContext");
}

#ifdef RALLY_DEV_TOOLS
void Runtime::inspect_update(std::string_view page, const std::string& description, const std::string* encoded) {
  rally_dev_update(page.data(), static_cast<int>(page.size()), description.data(), static_cast<int>(description.size()),
                   encoded ? encoded->data() : nullptr, encoded ? static_cast<int>(encoded->size()) : -1);
}

void Runtime::dev_record() {
  std::string page, model, why = "no page is running";
  if (page_ && page_->dev_snapshot(page, model, why)) why.clear();
  rally_dev_recording(page.data(), static_cast<int>(page.size()), model.data(), static_cast<int>(model.size()),
                      why.data(), static_cast<int>(why.size()));
}
#endif

void Runtime::on_push(std::string_view topic, std::string_view payload) {
  if (topic == wire::session_topic) {
    rally_set_csrf(payload.data(), static_cast<int>(payload.size()));
    // This tab's own form made the change: its answer is on the way and decides where it goes.
    if (rally_submitting()) return;
    invalidate();
    if (app_.navigation) (this->*app_.navigation->refresh)();
    return;
  }
  // App topics come as message frames (topics.cpp), not as pushes.
  if (topic == wire::context_topic && app_.context) (this->*app_.context->push)(payload);
}

void Runtime::listen(const std::string& type) {
  for (const auto& t : listened_)
    if (t == type) return;
  listened_.push_back(type);
  rally_listen(static_cast<int>(listened_.size() - 1), type.c_str(), static_cast<int>(type.size()));
}

// The tree's list, not a walk of the vdom (which lacks lazy expansions) nor of the mounted tree
// (10,000 nodes after "create 10,000 rows", for the few types a page uses).
void Runtime::listen_to_new() {
  const auto& types = tree_->event_types();
  for (; tree_types_taken_ < types.size(); ++tree_types_taken_) listen(types[tree_types_taken_]);
}

void Runtime::render() {
  render_scheduled_ = false;
  if (!tree_ || !page_) return;  // init effects may invalidate before hydration finished
  auto next = std::make_unique<Node>(view());
  tree_->patch(*next);
  dom_.flush();  // the page is up to date before JS runs again (events, navigation, focus)
  vdom_ = std::move(next);  // only now: patch read the old nodes
  listen_to_new();  // before JS runs again: a new handler's event must reach on_event
  if (app_.titles) (this->*app_.titles->update)();  // a page's title may depend on its model
  sync_topics();  // and its topics
}

void Runtime::update_title() {
  std::string title = page_ ? page_->title() : std::string();
  if (title.empty()) title = app_.default_title;
  // Neither the page nor the app names one: keep what the server's <title> said.
  if (!title.empty()) rally_set_title(title.c_str(), static_cast<int>(title.size()));
}

const TitleHooks* title_hooks() {
  static constexpr TitleHooks hooks{&Runtime::update_title};
  return &hooks;
}

bool Runtime::on_link(const std::string& url) {
  return app_.navigation && (this->*app_.navigation->on_link)(url);
}

void Runtime::on_popstate(const std::string& url) {
  if (app_.navigation) (this->*app_.navigation->on_popstate)(url);
}

void Runtime::navigate(const std::string& path) {
  if (app_.navigation) return (this->*app_.navigation->navigate)(path);
  // This client shows no other page: the browser loads it (after the current update, as a link
  // would).
  rally_full_load(0, path.c_str(), static_cast<int>(path.size()));
}

void Runtime::sync_topics() {
  if (app_.topics) (this->*app_.topics->sync)();
}

void Runtime::on_event(int index, int path_length) {
  if (!tree_ || index < 0 || index >= static_cast<int>(listened_.size())) return;
  const std::string& type = listened_[index];
  std::optional<EventData> data;
  // Like the DOM: every handler from the target up runs, until one stops propagation. Handlers
  // only queue messages and a render, so the vdom walked here stays alive throughout.
  for (int i = 0; i < path_length; ++i) {
    const Node* node = tree_->find(rally_event_path(i));
    if (!node) continue;
    bool stop = false;
    for (const auto& h : node->events) {
      if (h.event != type || !h.make) continue;
      if (!data) {
        data.emplace();
        data->value = js::take_string(rally_event_data(0));
        data->key = js::take_string(rally_event_data(1));
        data->checked = !js::take_string(rally_event_data(2)).empty();
      }
      rally_event_control(h.prevent_default, h.stop_propagation);
      stop = stop || h.stop_propagation;
      page_->handle(h.make(*data));
    }
    if (stop) return;
  }
}

void start(ClientApp app) {
  // Lives for as long as the page (the browser calls back into it) and is never destroyed, so the
  // bundle has no destructor code for it.
  runtime = new Runtime(std::move(app));
  runtime->boot();
}

}  // namespace rally::client

// Called by rally_client.js.
extern "C" {
EMSCRIPTEN_KEEPALIVE void rally_on_event(int index, int path_length) {
  if (auto* r = rally::client::runtime) r->on_event(index, path_length);
}
EMSCRIPTEN_KEEPALIVE void rally_on_render() {
  if (auto* r = rally::client::runtime) r->render();
}
EMSCRIPTEN_KEEPALIVE void rally_on_ws_open() {
  if (auto* r = rally::client::runtime) r->transport().on_open();
}
EMSCRIPTEN_KEEPALIVE void rally_on_ws_close() {
  if (auto* r = rally::client::runtime) r->transport().on_close();
}
#ifdef RALLY_DEV_TOOLS
// rallyDev.record() (rally_dev.js): development builds only.
EMSCRIPTEN_KEEPALIVE void rally_dev_record() {
  if (auto* r = rally::client::runtime) r->dev_record();
}
#endif
EMSCRIPTEN_KEEPALIVE void rally_on_ws_message(int length) {
  auto* r = rally::client::runtime;
  std::string bytes = rally::client::js::take_string(length);
  if (r) r->transport().on_message(bytes);
}
}
