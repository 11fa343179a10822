#pragma once
// The server side of an app as generated code describes it: tables of namespaces, pages and server
// calls. make_app() turns them into the App the server library runs; everything that is the same
// for every app (routing order, the 404 page, the trailing-slash redirect, the document around a
// page, handler dispatch, ClientContext pushes) lives in lib/server, compiled once.
// Boost-free, like app.hpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../element.hpp"
#include "../form.hpp"
#include "../load.hpp"
#include "../policy.hpp"
#include "../routing.hpp"
#include "app.hpp"

namespace rally::server {

struct NamespaceTable;
struct AppTable;

// One server call of a page: decodes the request from `payload`, runs the handler with the
// connection's ServerContext and encodes its Result into `out`. False (and `error`) when the
// payload does not decode.
struct Handler {
  std::uint64_t id = 0;
  bool (*call)(void* server_context, std::string_view payload, std::string& out, std::string& error) = nullptr;
};

// What a page's SSR receives from the runtime, and the runtime services it calls back.
class PageRequest {
 public:
  PageRequest(const AppTable& app, const NamespaceTable& ns, const Request& request, std::string_view route);
  ~PageRequest();
  PageRequest(const PageRequest&) = delete;
  PageRequest& operator=(const PageRequest&) = delete;

  const Request& request() const { return request_; }
  std::string_view route() const { return route_; }  // the encoded route params
  const Query& query() const { return query_; }
  // The app's ServerContext for this request, made on first use.
  void* server_context();
  // The namespace's ClientContext (after load(), which may change the ServerContext), made on first
  // use; nullptr when the namespace has none.
  const void* client_context();

  // The page's part of the document; the runtime adds the layout, <head>, the model and the script.
  struct Page {
    int status = 200;
    std::string title;     // empty: the app's name
    Node body;             // the page's view
    std::string page_id;   // interactive pages: which client page hydrates it (empty: static)
    std::string model;     // interactive pages: the hydration bytes
  };
  Response document(Page page);
  // The page's part rendered to HTML, its layout included: what a page whose HTML cannot depend on
  // the request keeps from its first request (rally/rendering.hpp). The layout must not read the
  // ClientContext (rally-gen only asks for this when it does not).
  struct Rendered {
    int status = 200;
    std::string title;
    std::string body_html;
    std::string page_id;
    std::string model_base64;
  };
  Rendered render(Page page);
  Response document(const Rendered& page);
  // The namespace's 404 page (its not_found_ page, or a built-in one).
  Response not_found();
  // A short page in the namespace's layout: 400 for a form that does not decode, 403, 405...
  Response error_page(int status, std::string title, std::string message);
  Response bad_request(std::string message) { return error_page(400, "Bad request", std::move(message)); }

 private:
  // The response: the document around `body` (or, when null, the rendered `body_html`).
  Response document_response(int status, std::string_view title, std::string_view page_id,
                             std::string_view model_base64, const Node* body, std::string_view body_html);

  const AppTable& app_;
  const NamespaceTable& ns_;
  const Request& request_;
  std::string_view route_;
  Query query_;
  std::shared_ptr<void> server_context_;
  std::shared_ptr<const void> client_context_;
  bool client_context_made_ = false;
};

// The server side of one page, defined by its generated unit (see rally/server/page.hpp).
class Page {
 public:
  virtual ~Page() = default;
  virtual std::string_view id() const = 0;
  // Server-side rendering; may throw (the server answers 500 and logs a trace id).
  virtual Response render(PageRequest& request) const = 0;
  // The page's load() over the WebSocket (client-side navigation): 0 when it has none.
  virtual std::uint64_t load_id() const { return 0; }
  // Decodes rally::PageParams<Route> from `payload`, runs load() and encodes its rally::Load<Model>.
  virtual bool load(void* server_context, std::string_view payload, std::string& out, std::string& error) const;
  virtual const std::vector<Handler>& handlers() const;
  // Whether the page has server_form_* handlers (POST to its path), and running the one named
  // `form` with the decoded body; the runtime has checked the policy and the CSRF token.
  virtual bool accepts_forms() const { return false; }
  virtual Response submit(PageRequest& request, std::string_view form, const form::Values& values) const;
  // Who may see it and call its handlers (rally/policy.hpp): signed_in, or an authorize(ctx) which
  // implies it. The runtime checks before render(), load() and every handler.
  virtual Policy policy() const { return Policy::everyone; }
  virtual bool has_authorize() const { return false; }
  virtual bool authorize(void* server_context) const;
};

struct NamespaceTable {
  std::string_view name;    // "web"
  std::string_view root;    // "/" or "/admin"
  std::string_view script;  // the client bundle, "/_rally/web.js"
  // The namespace's sign-in page ("/sign-in", "/admin/sign-in"), where a signed-out request for a
  // signed_in page is sent with ?next=<its target>; empty: none (such requests get 403).
  std::string_view sign_in;
  // The route a path is (the namespace's generated match()), and the page of each route, in the
  // order of the namespace's Route alternatives.
  std::optional<routing::Match> (*match)(std::string_view path) = nullptr;
  std::vector<const Page*> routes;
  const Page* not_found = nullptr;  // its not_found_ page; null: the built-in one
  // The ClientContext, when the namespace has one (all three null otherwise).
  std::shared_ptr<const void> (*make_client_context)(void* server_context) = nullptr;
  std::string (*encode_client_context)(const void* client_context) = nullptr;
  // Its layout around every page (null: none) and the extra trusted <head> HTML (null: none).
  Node (*layout)(const void* client_context, Node page) = nullptr;
  std::string (*head)() = nullptr;
};

// A topic of the app (rally/topic.hpp): its id, and its authorize(topic, ctx) when it has one
// (null: any connection may subscribe).
struct TopicAccess {
  std::uint64_t id = 0;
  bool (*authorize)(std::string_view key, void* server_context) = nullptr;
};

// A job type of the app: its name, and how to decode its arguments and run its perform with a
// ServerContext (false and `error` when they do not decode).
struct JobEntry {
  std::string_view name;
  bool (*perform)(std::string_view payload, void* server_context, std::string& error) = nullptr;
};

struct AppTable {
  std::string_view name;      // the app's target name, also the default document title
  std::string_view contract;  // hex contract hash the clients present
  // A new ServerContext for a request: one per SSR request, one per WebSocket (made from its
  // upgrade request).
  std::shared_ptr<void> (*new_server_context)(const Request& request) = nullptr;
  std::vector<NamespaceTable> namespaces;  // the first one is served at "/"
  std::vector<TopicAccess> topics;          // subscriptions to any other topic id are refused
  std::vector<JobEntry> jobs;
};

// The App the server library runs. Throws std::logic_error if two handlers share an id (rally-gen
// checks this at build time; a hand-written table might not).
std::unique_ptr<App> make_app(AppTable table);

}  // namespace rally::server
