#pragma once
// What a page's generated server unit instantiates: its functions, adapted to one shape by the
// generated lambdas, become a rally::server::Page. The page's own code is called from here (so it
// is compiled in the page's unit); the rest is in lib/server.
#include <cstdint>
#include <string>
#include <string_view>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../codec.hpp"
#include "../effect.hpp"
#include "../element.hpp"
#include "../glue.hpp"
#include "../load.hpp"
#include "../policy.hpp"
#include "app_table.hpp"

namespace rally::server {

namespace detail {
template <class F>
struct handler_traits;
template <class R, class Req, class Ctx>
struct handler_traits<R (*)(const Req&, Ctx&)> {
  using request = Req;
  using context = Ctx;
};

template <class Route>
Route decode_route(std::string_view bytes) {
  Route route{};
  std::string error;
  // The runtime encoded it from a parsed route; failing here is a bug, not bad input.
  if (!codec::from_bytes(bytes, route, &error)) throw std::logic_error("rally: bad route bytes: " + error);
  return route;
}

template <class Context>
const Context& context_ref(const void* context) {
  static const Context fallback{};
  return context ? *static_cast<const Context*>(context) : fallback;
}
}  // namespace detail

// A page's server_<name> handler as a table entry: handler<&page::server_save>(id).
template <auto Fn>
Handler handler(std::uint64_t id) {
  using traits = detail::handler_traits<decltype(Fn)>;
  return {id, [](void* server_context, std::string_view payload, std::string& out, std::string& error) {
            typename traits::request request{};
            if (!codec::from_bytes(payload, request, &error)) return false;
            out = codec::to_bytes(Fn(request, *static_cast<typename traits::context*>(server_context)));
            return true;
          }};
}

// A page with a Model: rendered from load() or init(), hydrated by the namespace's client.
template <class Model, class Msg, class Route, class ServerContext, class ClientContext>
class InteractivePage final : public Page {
 public:
  struct Spec {
    std::string_view id;
    int status = 200;  // 404 for not_found_
    // Exactly one of load and init starts the page on the server.
    Load<Model> (*load)(const Route&, const Query&, ServerContext&) = nullptr;
    Init<Model, Msg> (*init)(const Route&, const Query&, const ClientContext&) = nullptr;
    // init() reads the route or the query: SSR appends them to the model for the client's init().
    bool hydrate_params = false;
    Element<Msg> (*view)(const ClientContext&, const Model&) = nullptr;
    std::string (*title)(const ClientContext&, const Model&) = nullptr;  // null: the app's name
    std::uint64_t load_id = 0;
    std::vector<Handler> handlers;
    Policy policy = Policy::everyone;
    bool (*authorize)(ServerContext&) = nullptr;
  };

  explicit InteractivePage(Spec spec) : spec_(std::move(spec)) {}
  std::string_view id() const override { return spec_.id; }
  Policy policy() const override { return spec_.authorize ? Policy::signed_in : spec_.policy; }
  bool has_authorize() const override { return spec_.authorize != nullptr; }
  bool authorize(void* server_context) const override {
    return !spec_.authorize || spec_.authorize(*static_cast<ServerContext*>(server_context));
  }
  std::uint64_t load_id() const override { return spec_.load_id; }
  const std::vector<Handler>& handlers() const override { return spec_.handlers; }

  Response render(PageRequest& request) const override {
    const Route route = detail::decode_route<Route>(request.route());
    PageRequest::Page out;
    out.status = spec_.status;
    out.page_id = std::string(spec_.id);
    Model model{};
    if (spec_.load) {
      Load<Model> loaded = spec_.load(route, request.query(), *static_cast<ServerContext*>(request.server_context()));
      if (loaded.is_redirect()) return redirect(302, loaded.redirect_path());
      if (loaded.is_not_found()) return request.not_found();
      model = std::move(loaded.model());
      out.model = codec::to_bytes(model);
    }
    const ClientContext& client_context = detail::context_ref<ClientContext>(request.client_context());
    if (!spec_.load) {
      model = spec_.init(route, request.query(), client_context).model;
      out.model = codec::to_bytes(model);
      if (spec_.hydrate_params) out.model += codec::to_bytes(PageParams<Route>{route, request.query()});
    }
    Node body = spec_.view(client_context, model);
    check_messages<Msg>(body);
    out.body = std::move(body);
    if (spec_.title) out.title = spec_.title(client_context, model);
    return request.document(std::move(out));
  }

  bool load(void* server_context, std::string_view payload, std::string& out, std::string& error) const override {
    PageParams<Route> params{};
    if (!spec_.load || !codec::from_bytes(payload, params, &error)) return false;
    out = codec::to_bytes(spec_.load(params.route, params.query, *static_cast<ServerContext*>(server_context)));
    return true;
  }

 private:
  Spec spec_;
};

// A page without a Model: rendered on the server only, no client code.
template <class Route, class ServerContext, class ClientContext>
class StaticPage final : public Page {
 public:
  struct Spec {
    std::string_view id;
    int status = 200;
    Node (*view)(const ClientContext&) = nullptr;
    std::string (*title)(const ClientContext&) = nullptr;
    Policy policy = Policy::everyone;
    bool (*authorize)(ServerContext&) = nullptr;
  };

  explicit StaticPage(Spec spec) : spec_(std::move(spec)) {}
  std::string_view id() const override { return spec_.id; }
  Policy policy() const override { return spec_.authorize ? Policy::signed_in : spec_.policy; }
  bool has_authorize() const override { return spec_.authorize != nullptr; }
  bool authorize(void* server_context) const override {
    return !spec_.authorize || spec_.authorize(*static_cast<ServerContext*>(server_context));
  }

  Response render(PageRequest& request) const override {
    const ClientContext& client_context = detail::context_ref<ClientContext>(request.client_context());
    PageRequest::Page out;
    out.status = spec_.status;
    out.body = spec_.view(client_context);
    if (spec_.title) out.title = spec_.title(client_context);
    return request.document(std::move(out));
  }

 private:
  Spec spec_;
};

// A namespace's ClientContext functions for its table, type-erased:
// make_client_context<::ServerContext, &web::make_client_context> and encode_client_context<web::ClientContext>.
template <class ServerContext, auto Make>
std::shared_ptr<const void> make_client_context(void* server_context) {
  using ClientContext = std::decay_t<decltype(Make(std::declval<ServerContext&>()))>;
  return std::make_shared<const ClientContext>(Make(*static_cast<ServerContext*>(server_context)));
}
template <class ClientContext>
std::string encode_client_context(const void* client_context) {
  return codec::to_bytes(*static_cast<const ClientContext*>(client_context));
}

// The app's ServerContext factory for its table: default-constructed, or made by the app's
// `ServerContext make_server_context(const rally::Request&)`.
template <class ServerContext>
std::shared_ptr<void> new_server_context(const Request&) {
  return std::make_shared<ServerContext>();
}
template <class ServerContext, auto Make>
std::shared_ptr<void> make_server_context(const Request& request) {
  return std::make_shared<ServerContext>(Make(request));
}

}  // namespace rally::server
