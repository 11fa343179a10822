// make_app(): the App every generated app runs, driven by its tables. What used to be emitted into
// each app's server.cpp: routing across namespaces, the 404 page, the trailing-slash redirect, the
// document around a page, server-call and load dispatch, and ClientContext pushes.
#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "rally/codec.hpp"
#include "rally/html.hpp"
#include "rally/render.hpp"
#include "rally/routing.hpp"
#include "rally/server/app_table.hpp"
#include "rally/server/session.hpp"
#include "rally/ssr.hpp"
#include "rally/wire.hpp"
#include "dev_state.hpp"
#include "http_text.hpp"

namespace rally::server {

bool Page::load(void*, std::string_view, std::string&, std::string& error) const {
  error = "the page has no load()";
  return false;
}

bool Page::authorize(void*) const { return true; }

Response Page::submit(PageRequest& request, std::string_view, const form::Values&) const {
  return request.error_page(405, "Method not allowed", "This page does not take forms.");
}

const std::vector<Handler>& Page::handlers() const {
  static const std::vector<Handler> none;
  return none;
}

PageRequest::PageRequest(const AppTable& app, const NamespaceTable& ns, const Request& request, std::string_view route)
    : app_(app), ns_(ns), request_(request), route_(route), query_(parse_query(request.query)) {}

PageRequest::~PageRequest() = default;

void* PageRequest::server_context() {
  if (!server_context_ && app_.new_server_context) server_context_ = app_.new_server_context(request_);
  return server_context_.get();
}

const void* PageRequest::client_context() {
  if (!client_context_made_) {
    client_context_made_ = true;
    if (ns_.make_client_context) client_context_ = ns_.make_client_context(server_context());
  }
  return client_context_.get();
}

Response PageRequest::document(Page page) {
  const Node body = ns_.layout ? ns_.layout(client_context(), std::move(page.body)) : std::move(page.body);
  const std::string model_base64 = page.page_id.empty() ? std::string() : codec::base64_encode(page.model);
  return document_response(page.status, page.title, page.page_id, model_base64, &body, {});
}

PageRequest::Rendered PageRequest::render(Page page) {
  Rendered out;
  out.status = page.status;
  out.title = std::move(page.title);
  // No ClientContext: the page is only rendered once when its layout takes none.
  const Node body = ns_.layout ? ns_.layout(nullptr, std::move(page.body)) : std::move(page.body);
  render_html(body, out.body_html);
  out.page_id = std::move(page.page_id);
  if (!out.page_id.empty()) out.model_base64 = codec::base64_encode(page.model);
  return out;
}

Response PageRequest::document(const Rendered& page) {
  return document_response(page.status, page.title, page.page_id, page.model_base64, nullptr, page.body_html);
}

Response PageRequest::document_response(int status, std::string_view title, std::string_view page_id,
                                        std::string_view model_base64, const Node* body, std::string_view body_html) {
  ssr::Document doc;
  doc.title = title.empty() ? app_.name : title;
  const std::string head = ns_.head ? ns_.head() : std::string();
  doc.head_extra = head;
  std::string context_base64, csrf_token;
  if (!page_id.empty()) {
    doc.page_id = page_id;
    doc.model_base64 = model_base64;
    doc.contract = app_.contract;
    doc.client_script = ns_.script;
    const void* context = client_context();
    if (context && ns_.encode_client_context) context_base64 = codec::base64_encode(ns_.encode_client_context(context));
    csrf_token = form::token();
    doc.context_base64 = context_base64;
    doc.csrf_token = csrf_token;
    doc.call_timeout_ms = detail::call_timeout_ms();
  }
  doc.dev_stamp = detail::dev_stamp();
  if (!doc.dev_stamp.empty()) doc.dev_script = detail::dev_page_script();
  if (body) return html(status, ssr::render_document(doc, *body));
  doc.body_html = body_html;
  return html(status, ssr::render_document(doc));
}

Response PageRequest::not_found() {
  if (ns_.not_found) {
    PageRequest request(app_, ns_, request_, {});
    return ns_.not_found->render(request);
  }
  using namespace rally::html;
  Page page;
  page.status = 404;
  page.title = "Not found";
  page.body = div({}, {h1({}, {text("Not found")}), p({}, {text("There is no page at this address.")})});
  return document(std::move(page));
}

Response PageRequest::error_page(int status, std::string title, std::string message) {
  using namespace rally::html;
  Page page;
  page.status = status;
  page.body = div({}, {h1({}, {text(title)}), p({}, {text(std::move(message))})});
  page.title = std::move(title);
  return document(std::move(page));
}

namespace {

enum class Access { allowed, sign_in, forbidden };

// The page's policy against the session in progress (rally::server::SessionScope). An app without
// sessions (no database) has no signed-in user: its signed_in pages are never shown.
// `server_context()` is only asked for (and a ServerContext made) when authorize() needs it.
template <class GetContext>
Access access(const Page& page, GetContext server_context) {
  if (page.policy() == Policy::everyone && !page.has_authorize()) return Access::allowed;
  SessionBackend* session = SessionScope::current();
  if (!session || !session->user_id()) return Access::sign_in;
  return page.authorize(server_context()) ? Access::allowed : Access::forbidden;
}

Response forbidden(PageRequest& request) {
  return request.error_page(403, "Forbidden", "You do not have access to this page.");
}

// Where a POST comes from, by what browsers send with every one: Origin, else Sec-Fetch-Site.
// `unknown` when neither is there (an old browser, or not a browser).
enum class Sender { this_site, other_site, unknown };
Sender sender_of(const Request& request) {
  if (std::string_view origin = request.header("origin"); !origin.empty())
    return detail::same_origin(origin, request.header("host")) ? Sender::this_site : Sender::other_site;
  const std::string_view site = request.header("sec-fetch-site");
  if (site.empty()) return Sender::unknown;
  return site == "same-origin" || site == "none" ? Sender::this_site : Sender::other_site;
}

// A form POST to a page: refused when it came from another site or without the session's CSRF
// token (an app without sessions relies on the headers alone), else decoded and handed to the
// page's server_form_<name>.
Response submit(const Page& page, PageRequest& request) {
  const Request& r = request.request();
  if (!page.accepts_forms()) {
    Response out = request.error_page(405, "Method not allowed", "This page does not take forms.");
    out.headers.emplace_back("allow", "GET, HEAD");
    return out;
  }
  const Sender sender = sender_of(r);
  SessionBackend* session = SessionScope::current();
  if (sender == Sender::other_site || (!session && sender != Sender::this_site))
    return request.error_page(403, "Forbidden", "This form was sent from another site.");
  const std::string_view type = r.header("content-type");
  if (detail::lowercase(type.substr(0, type.find(';'))) != "application/x-www-form-urlencoded")
    return request.error_page(415, "Unsupported form encoding",
                              "Forms are sent as application/x-www-form-urlencoded (file uploads are not supported).");
  form::Values values;
  std::string error;
  if (!form::parse(r.body, values, error)) return request.bad_request(error);
  if (session) {
    auto token = form::find(values, form::token_field);
    if (!token || !session->check_csrf_token(*token))
      return request.error_page(403, "Forbidden",
                                "This form has expired or was not sent from this site. Reload the page and send it again.");
  }
  auto name = form::find(values, form::name_field);
  if (!name) return request.bad_request("the form does not say which form it is (render it with rally::html::post_form)");
  return page.submit(request, *name, values);
}

// Per WebSocket: the app's ServerContext, and the encoded ClientContext each namespace's client has
// (what SSR embedded, then what was last pushed).
struct TableConnection final : Connection {
  std::shared_ptr<void> server_context;
  std::optional<std::size_t> name_space;     // whose client opened it (the socket URL's ns=)
  std::vector<std::string> client_contexts;  // by namespace index; empty for namespaces without one
};

class TableApp final : public App {
 public:
  explicit TableApp(AppTable table) : table_(std::move(table)) {
    // Longer roots first, so "/admin/x" is not taken by the namespace at "/".
    for (std::size_t i = 0; i < table_.namespaces.size(); ++i) by_root_.push_back(i);
    std::stable_sort(by_root_.begin(), by_root_.end(), [&](std::size_t a, std::size_t b) {
      return table_.namespaces[a].root.size() > table_.namespaces[b].root.size();
    });
    for (std::size_t ns = 0; ns < table_.namespaces.size(); ++ns) {
      std::vector<const Page*> pages = table_.namespaces[ns].routes;
      if (table_.namespaces[ns].not_found) pages.push_back(table_.namespaces[ns].not_found);
      for (const Page* page : pages) {
        for (const Handler& h : page->handlers()) add_call(h.id, {ns, page, &h});
        if (page->load_id()) add_call(page->load_id(), {ns, page, nullptr});
      }
    }
  }

  std::string_view name() const override { return table_.name; }
  std::string_view contract_hash() const override { return table_.contract; }

  Response render(const Request& request) override {
    // Every Node tree of this request (page, layout, 404) lives in the thread's render arena.
    rally::detail::RenderArena::Scope arena;
    for (std::size_t i : by_root_) {
      const NamespaceTable& ns = table_.namespaces[i];
      if (auto match = ns.match(request.path)) {
        PageRequest page_request(table_, ns, request, match->params);
        const Page& page = *ns.routes.at(match->index);
        const bool post = request.method == "POST";
        switch (access(page, [&] { return page_request.server_context(); })) {
          case Access::allowed: return post ? submit(page, page_request) : page.render(page_request);
          case Access::forbidden: return forbidden(page_request);
          case Access::sign_in:
            if (ns.sign_in.empty()) return forbidden(page_request);
            return redirect(post ? 303 : 302, std::string(ns.sign_in) + "?next=" + routing::encode_text(request.target));
        }
      }
    }
    // "/about/" -> 308 "/about" (query kept): one URL per page. Only a path whose stripped form is a
    // page redirects, so "//host/" can never become a redirect to "//host".
    std::string_view path = request.path;
    if (path.size() > 1 && path.back() == '/' && path[path.size() - 2] != '/') {
      std::string_view canonical = path.substr(0, path.size() - 1);
      for (const NamespaceTable& ns : table_.namespaces)
        if (ns.match(canonical))
          return redirect(308, std::string(canonical) + (request.query.empty() ? "" : "?" + request.query));
    }
    // The 404 page of the namespace the path is below, else of the first.
    std::vector<std::string_view> segments;
    const NamespaceTable* owner = &table_.namespaces.front();
    for (std::size_t i : by_root_) {
      if (routing::below_root(path, table_.namespaces[i].root, segments)) {
        owner = &table_.namespaces[i];
        break;
      }
    }
    PageRequest page(table_, *owner, request, {});
    return page.not_found();
  }

  std::unique_ptr<Connection> connect(const Request& upgrade) override {
    auto conn = std::make_unique<TableConnection>();
    if (table_.new_server_context) conn->server_context = table_.new_server_context(upgrade);
    conn->client_contexts.resize(table_.namespaces.size());
    const std::string_view ns = detail::query_param(upgrade.query, "ns").value_or("");
    for (std::size_t i = 0; i < table_.namespaces.size(); ++i)
      if (table_.namespaces[i].name == ns) conn->name_space = i;
    // What SSR embedded: the page's request made its ServerContext the same way (same cookies).
    for (std::size_t i = 0; i < table_.namespaces.size(); ++i) conn->client_contexts[i] = encoded_context(i, *conn);
    return conn;
  }

  RpcOutcome call(Connection& connection, std::uint64_t id, std::string_view payload) override {
    using Status = RpcOutcome::Status;
    auto& conn = static_cast<TableConnection&>(connection);
    auto found = calls_.find(id);
    if (found == calls_.end()) return {Status::unknown_handler, {}, "no server handler has id " + wire::to_hex(id), {}};
    const Call& c = found->second;
    // A handler (or load) of a protected page runs only for a session its page admits.
    if (Access a = access(*c.page, [&] { return conn.server_context.get(); }); a != Access::allowed)
      return {Status::unauthorized, {}, a == Access::sign_in ? "sign in first" : "not allowed", {}};
    RpcOutcome out;
    bool ok = c.handler ? c.handler->call(conn.server_context.get(), payload, out.payload, out.message)
                        : c.page->load(conn.server_context.get(), payload, out.payload, out.message);
    if (!ok) return {Status::malformed, {}, std::move(out.message), {}};
    // If the call changed what make_client_context returns for this connection, the client gets the
    // new one as a push after the answer (a sign-in or sign-out reaches its other tabs by refresh()).
    push_changed_context(c.name_space, conn, out.pushes);
    return out;
  }

  bool may_subscribe(Connection& connection, std::uint64_t topic, std::string_view key) override {
    auto& conn = static_cast<TableConnection&>(connection);
    // Server messages: the app's and a page's audiences are the client's to join, a page only if
    // its policy admits the connection; a tab's and a session's are given by the server.
    if (topic == wire::audience_app) return true;
    if (topic == wire::audience_page) return may_see(conn, key);
    if (wire::is_audience(topic)) return false;
    for (const TopicAccess& t : table_.topics) {
      if (t.id != topic) continue;
      return !t.authorize || t.authorize(key, conn.server_context.get());
    }
    return false;  // not a topic of this app
  }

  std::vector<JobType> job_types() const override {
    std::vector<JobType> out;
    for (const JobEntry& job : table_.jobs) {
      out.push_back({std::string(job.name), [this, perform = job.perform](std::string_view payload, std::string& error) {
                       // A job has no request: its ServerContext is made from an empty one.
                       auto ctx = table_.new_server_context ? table_.new_server_context(Request{}) : nullptr;
                       return perform(payload, ctx.get(), error);
                     }});
    }
    return out;
  }

  std::vector<RpcOutcome::Push> refresh(Connection& connection) override {
    auto& conn = static_cast<TableConnection&>(connection);
    std::vector<RpcOutcome::Push> pushes;
    if (conn.name_space) push_changed_context(*conn.name_space, conn, pushes);
    return pushes;
  }

 private:
  struct Call {
    std::size_t name_space = 0;
    const Page* page = nullptr;
    const Handler* handler = nullptr;  // null: the page's load
  };

  // Whether the page at `path` exists and its policy admits the connection's session.
  bool may_see(TableConnection& conn, std::string_view path) const {
    for (std::size_t i : by_root_) {
      const NamespaceTable& ns = table_.namespaces[i];
      if (auto match = ns.match(path))
        return access(*ns.routes.at(match->index), [&] { return conn.server_context.get(); }) == Access::allowed;
    }
    return false;
  }

  std::string encoded_context(std::size_t ns, TableConnection& conn) const {
    const NamespaceTable& table = table_.namespaces[ns];
    if (!table.make_client_context || !table.encode_client_context) return {};
    auto context = table.make_client_context(conn.server_context.get());
    return table.encode_client_context(context.get());
  }

  void push_changed_context(std::size_t ns, TableConnection& conn, std::vector<RpcOutcome::Push>& pushes) const {
    std::string context = encoded_context(ns, conn);
    if (context == conn.client_contexts[ns]) return;
    conn.client_contexts[ns] = context;
    pushes.push_back({std::string(wire::context_topic), std::move(context)});
  }

  void add_call(std::uint64_t id, Call call) {
    if (!calls_.emplace(id, call).second)
      throw std::logic_error("rally: two server handlers of app " + std::string(table_.name) + " have id " + wire::to_hex(id));
  }

  AppTable table_;
  std::vector<std::size_t> by_root_;
  std::unordered_map<std::uint64_t, Call> calls_;
};

}  // namespace

std::unique_ptr<App> make_app(AppTable table) {
  if (table.namespaces.empty()) throw std::logic_error("rally: app " + std::string(table.name) + " has no namespace");
  return std::make_unique<TableApp>(std::move(table));
}

}  // namespace rally::server
