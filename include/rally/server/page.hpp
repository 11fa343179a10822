#pragma once
// What a page's generated server unit instantiates: its functions, adapted to one shape by the
// generated lambdas, become a rally::server::Page. The page's own code is called from here (so it
// is compiled in the page's unit); the rest is in lib/server.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
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
#include "../form.hpp"
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

template <class F>
struct form_traits;
template <class Model, class Form, class Ctx>
struct form_traits<FormResult<Model> (*)(const Form&, Ctx&)> {
  using model = Model;
  using form = Form;
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

// What a page rendered once keeps: made by its first request (and by the next one if that throws).
class RenderedOnce {
 public:
  template <class Make>
  const PageRequest::Rendered& get(Make make) const {
    if (const PageRequest::Rendered* done = done_.load(std::memory_order_acquire)) [[likely]] return *done;
    std::lock_guard lock(mutex_);
    if (!done_.load(std::memory_order_relaxed)) {
      rendered_ = make();
      done_.store(&rendered_, std::memory_order_release);
    }
    return rendered_;
  }

 private:
  mutable std::mutex mutex_;
  mutable PageRequest::Rendered rendered_;
  mutable std::atomic<const PageRequest::Rendered*> done_{nullptr};
};

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

// A page's server_form_<name> handler as a table entry (Model is void on a page without one).
template <class Model, class ServerContext>
struct FormHandler {
  std::string_view name;           // what post_form's hidden _form field names
  std::vector<form::Field> fields;  // the form struct's fields, by name
  // Decodes `values` into the form struct and runs the handler; false (and `error`, for a 400) when
  // they do not decode.
  bool (*run)(const std::vector<form::Field>& fields, const form::Values& values, ServerContext& ctx,
              std::optional<FormResult<Model>>& out, std::string& error) = nullptr;
};

// form_handler<&page::server_form_sign_in>("sign_in", {form::field<&page::SignIn::email>("email"), ...})
template <auto Fn>
auto form_handler(std::string_view name, std::vector<form::Field> fields) {
  using traits = detail::form_traits<decltype(Fn)>;
  using Model = typename traits::model;
  using Context = typename traits::context;
  return FormHandler<Model, Context>{
      name, std::move(fields),
      [](const std::vector<form::Field>& fields, const form::Values& values, Context& ctx,
         std::optional<FormResult<Model>>& out, std::string& error) {
        typename traits::form form{};
        if (!form::decode(values, fields, form, error)) return false;
        out.emplace(Fn(form, ctx));
        return true;
      }};
}

namespace detail {
// Finds the form `name` among `forms` and runs it: a 303 for a redirect, `show(result)` for a page
// to render again, 400 when the form is unknown or its fields do not decode.
template <class Model, class ServerContext, class Show>
Response submit_form(const std::vector<FormHandler<Model, ServerContext>>& forms, PageRequest& request, std::string_view name,
                     const form::Values& values, Show show) {
  for (const auto& f : forms) {
    if (f.name != name) continue;
    std::optional<FormResult<Model>> result;
    std::string error;
    if (!f.run(f.fields, values, *static_cast<ServerContext*>(request.server_context()), result, error))
      return request.bad_request(error);
    if (result->is_redirect()) return redirect(303, result->location());
    if constexpr (std::is_void_v<Model>) return show();
    else return show(std::move(result->model()), result->status());
  }
  return request.bad_request("this page has no form named " + form::detail::quote(name));
}
}  // namespace detail

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
    std::vector<FormHandler<Model, ServerContext>> forms;
    Policy policy = Policy::everyone;
    bool (*authorize)(ServerContext&) = nullptr;
    // Nothing the page's HTML comes from depends on the request: render it once (rally/rendering.hpp).
    bool render_once = false;
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
    if (spec_.load) {
      Load<Model> loaded = spec_.load(route, request.query(), *static_cast<ServerContext*>(request.server_context()));
      if (loaded.is_redirect()) return redirect(302, loaded.redirect_path());
      if (loaded.is_not_found()) return request.not_found();
      return show(request, route, std::move(loaded.model()), spec_.status);
    }
    if (spec_.render_once)
      return request.document(rendered_.get([&] {
        const ClientContext& none = detail::context_ref<ClientContext>(nullptr);
        return request.render(page(request, route, spec_.init(route, request.query(), none).model, spec_.status, none));
      }));
    const ClientContext& client_context = detail::context_ref<ClientContext>(request.client_context());
    return show(request, route, spec_.init(route, request.query(), client_context).model, spec_.status);
  }

  bool accepts_forms() const override { return !spec_.forms.empty(); }
  Response submit(PageRequest& request, std::string_view form, const form::Values& values) const override {
    return detail::submit_form(spec_.forms, request, form, values, [&](Model model, int status) {
      return show(request, detail::decode_route<Route>(request.route()), std::move(model), status);
    });
  }

  bool load(void* server_context, std::string_view payload, std::string& out, std::string& error) const override {
    PageParams<Route> params{};
    if (!spec_.load || !codec::from_bytes(payload, params, &error)) return false;
    out = codec::to_bytes(spec_.load(params.route, params.query, *static_cast<ServerContext*>(server_context)));
    return true;
  }

 private:
  // The document of `model`, which the client hydrates.
  Response show(PageRequest& request, const Route& route, Model model, int status) const {
    const ClientContext& client_context = detail::context_ref<ClientContext>(request.client_context());
    return request.document(page(request, route, std::move(model), status, client_context));
  }

  PageRequest::Page page(PageRequest& request, const Route& route, Model model, int status,
                         const ClientContext& client_context) const {
    PageRequest::Page out;
    out.status = status;
    out.page_id = std::string(spec_.id);
    out.model = codec::to_bytes(model);
    if (!spec_.load && spec_.hydrate_params) out.model += codec::to_bytes(PageParams<Route>{route, request.query()});
    Node body = spec_.view(client_context, model);
    check_messages<Msg>(body);
    out.body = std::move(body);
    if (spec_.title) out.title = spec_.title(client_context, model);
    return out;
  }

  Spec spec_;
  detail::RenderedOnce rendered_;
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
    std::vector<FormHandler<void, ServerContext>> forms;
    Policy policy = Policy::everyone;
    bool (*authorize)(ServerContext&) = nullptr;
    bool render_once = false;  // as InteractivePage's
  };

  explicit StaticPage(Spec spec) : spec_(std::move(spec)) {}
  std::string_view id() const override { return spec_.id; }
  Policy policy() const override { return spec_.authorize ? Policy::signed_in : spec_.policy; }
  bool has_authorize() const override { return spec_.authorize != nullptr; }
  bool authorize(void* server_context) const override {
    return !spec_.authorize || spec_.authorize(*static_cast<ServerContext*>(server_context));
  }

  Response render(PageRequest& request) const override {
    if (spec_.render_once)
      return request.document(rendered_.get([&] { return request.render(page(detail::context_ref<ClientContext>(nullptr))); }));
    return request.document(page(detail::context_ref<ClientContext>(request.client_context())));
  }

  bool accepts_forms() const override { return !spec_.forms.empty(); }
  Response submit(PageRequest& request, std::string_view form, const form::Values& values) const override {
    return detail::submit_form(spec_.forms, request, form, values, [] { return Response{}; });
  }

 private:
  PageRequest::Page page(const ClientContext& client_context) const {
    PageRequest::Page out;
    out.status = spec_.status;
    out.body = spec_.view(client_context);
    if (spec_.title) out.title = spec_.title(client_context);
    return out;
  }

  Spec spec_;
  detail::RenderedOnce rendered_;
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

// A topic's static authorize(const Topic&, ServerContext&) for its table: the key decoded first
// (a key that does not decode is refused).
template <class Topic, class ServerContext, auto Authorize>
bool authorize_topic(std::string_view key, void* server_context) {
  Topic topic{};
  std::string error;
  if (!codec::from_bytes(key, topic, &error)) return false;
  return Authorize(topic, *static_cast<ServerContext*>(server_context));
}

// A job type's static perform(const Job&, ServerContext&) for its table: the arguments decoded
// first (false and `error` when they do not).
template <class Job, class ServerContext>
bool perform_job(std::string_view payload, void* server_context, std::string& error) {
  Job job{};
  if (!codec::from_bytes(payload, job, &error)) return false;
  Job::perform(job, *static_cast<ServerContext*>(server_context));
  return true;
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
