// One HTTP/1.1 connection: keep-alive request loop, routing to static files, SSR and the
// WebSocket upgrade. Modelled on Beast's advanced_server example.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "dev_state.hpp"
#include "http_text.hpp"
#include "log.hpp"
#include "options.hpp"
#include "rally/db/connection.hpp"
#include "rally/server/database.hpp"
#include "rally/wire.hpp"
#include "session.hpp"
#include "static_files.hpp"
#include "websocket_session.hpp"

namespace rally::server::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t header_limit = 8 * 1024;    // request line + headers
constexpr std::size_t body_limit = 1024 * 1024;   // request body
constexpr auto idle_timeout = std::chrono::seconds(30);  // per request, also between keep-alive requests
constexpr std::string_view server_header = "Rally";
constexpr std::string_view assets_prefix = "/assets/";

using StringRequest = http::request<http::string_body>;

bool safe_header_text(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// Why the app's response cannot be sent as it is, or "" if it can. A CR/LF would split the
// response; framing headers are the server's: an app value would contradict the real body.
std::string response_problem(const Response& out) {
  if (!safe_header_text(out.content_type)) return "content type contains CR, LF or NUL";
  for (const auto& [name, value] : out.headers) {
    if (!is_token(name)) return "header name \"" + name + "\" is not an HTTP token";
    if (!safe_header_text(value)) return "header " + name + " contains CR, LF or NUL";
    const std::string lower = lowercase(name);
    if (lower == "content-length" || lower == "transfer-encoding" || lower == "connection" || lower == "upgrade")
      return "header " + name + " is set by the server, not the app";
  }
  return {};
}

Request to_app_request(const StringRequest& req, const std::string& remote) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  std::size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  r.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
  for (const auto& field : req) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "cookie") {
      auto cookies = parse_cookie_header(field.value());
      r.cookies.insert(r.cookies.end(), std::make_move_iterator(cookies.begin()), std::make_move_iterator(cookies.end()));
    }
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = req.body();
  r.remote_address = remote;
  return r;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<const Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {
    boost::system::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this())); }

 private:
  void do_read() {
    parser_.emplace();
    parser_->header_limit(header_limit);
    parser_->body_limit(body_limit);
    stream_.expires_after(idle_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category()) return reject_malformed(ec);
    if (ec) return;  // timeout, reset or shutdown: nobody left to answer
    started_ = std::chrono::steady_clock::now();
    db_stats_ = {};
    StringRequest req = parser_->release();
    if (!host_ok(req)) return;
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    if (path == rally::wire::socket_path && beast::websocket::is_upgrade(req)) return upgrade(std::move(req));
    handle(req);
  }

  // RFC 9112 3.2: an HTTP/1.1 request without Host is a 400. A Host that is not one of the allowed
  // names is one too: a page of another site reaching us through DNS rebinding sends its own name.
  bool host_ok(const StringRequest& req) {
    const auto host = req.find(http::field::host);
    if (host == req.end() && req.version() < 11) return true;
    if (host != req.end() && host_allowed(host->value(), shared_->options.allowed_hosts)) return true;
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    if (host == req.end()) {
      send_text(http::status::bad_request, "400 Bad Request: an HTTP/1.1 request needs a Host header\n", false, false);
    } else {
      log_line("refused Host \"" + std::string(host->value()) + "\" for " + target_ +
               ": not in RALLY_ALLOWED_HOSTS (the default is the loopback names)");
      send_text(http::status::bad_request, "400 Bad Request: this server does not answer to that host name\n", false, false);
    }
    return false;
  }

  // Malformed request: answer once, then close, since the stream position is unknown.
  void reject_malformed(beast::error_code ec) {
    http::status status = http::status::bad_request;
    if (ec == http::error::header_limit) status = http::status::request_header_fields_too_large;
    if (ec == http::error::body_limit) status = http::status::payload_too_large;
    started_ = std::chrono::steady_clock::now();
    method_ = "-";
    target_ = "(malformed: " + ec.message() + ")";
    send_text(status, std::string(http::obsolete_reason(status)) + ": " + ec.message() + "\n", false, false);
  }

  void handle(const StringRequest& req) {
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    const bool files = path == rally::wire::socket_path || path.substr(0, rally::wire::asset_prefix.size()) == rally::wire::asset_prefix ||
                       path.substr(0, assets_prefix.size()) == assets_prefix;
    // Pages also take POST (their forms: the app answers 405 for a page without any).
    const bool post = req.method() == http::verb::post && !files;
    if (req.method() != http::verb::get && !head && !post) {
      http::response<http::string_body> res{http::status::method_not_allowed, req.version()};
      res.set(http::field::allow, files ? "GET, HEAD" : "GET, HEAD, POST");
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = files ? "405 Method Not Allowed: use GET or HEAD\n" : "405 Method Not Allowed: use GET, HEAD or POST\n";
      return send(std::move(res), keep_alive, false);
    }
    if (path == rally::wire::socket_path)
      return send_text(http::status::upgrade_required, "426 Upgrade Required: this URL takes a WebSocket\n", keep_alive, head);
    if (path.substr(0, rally::wire::asset_prefix.size()) == rally::wire::asset_prefix)
      return serve_file(req, shared_->options.client_dir, target.substr(rally::wire::asset_prefix.size()));
    if (path.substr(0, assets_prefix.size()) == assets_prefix)
      return serve_file(req, shared_->options.assets_dir, target.substr(assets_prefix.size()));
    render(req);
  }

  void serve_file(const StringRequest& req, const std::string& root, std::string_view rel) {
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    auto path = resolve_static_path(root, rel);
    auto info = path ? file_info(*path) : std::nullopt;
    if (!info) return send_text(http::status::not_found, "404 Not Found\n", keep_alive, head);
    auto set_common = [&](auto& res) {
      res.set(http::field::cache_control, "no-cache");
      res.set(http::field::etag, info->etag);
      res.set("X-Content-Type-Options", "nosniff");
    };
    if (etag_matches(req[http::field::if_none_match], info->etag)) {
      http::response<http::empty_body> res{http::status::not_modified, req.version()};
      set_common(res);
      return send(std::move(res), keep_alive, false);
    }
    const std::string_view type = mime_type(path->string());
    if (head) {
      http::response<http::empty_body> res{http::status::ok, req.version()};
      set_common(res);
      res.set(http::field::content_type, type);
      res.content_length(info->size);
      return send(std::move(res), keep_alive, false);
    }
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(path->c_str(), beast::file_mode::scan, ec);
    if (ec) return send_text(http::status::not_found, "404 Not Found\n", keep_alive, head);
    const auto size = body.size();
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, req.version())};
    set_common(res);
    res.set(http::field::content_type, type);
    res.content_length(size);
    send(std::move(res), keep_alive, false);
  }

  void render(const StringRequest& req) {
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    Response out;
    std::string trace;
    try {
      // load() reaches the database through ctx.db: the lease lasts for this render only.
      CallScope scope(shared_->options.database);
      try {
        const Request request = to_app_request(req, remote_);
        // The request's session (a new one when its cookie names none): resumed in this call's
        // database lease, current while the app renders.
        std::shared_ptr<LiveSession> user_session;
        if (shared_->sessions) user_session = shared_->sessions->resume(request.cookie(session_cookie_name));
        SessionScope session_scope(user_session.get());
        out = shared_->app.render(request);
        if (std::string cookie = user_session ? user_session->set_cookie() : std::string(); !cookie.empty()) {
          out.headers.emplace_back("set-cookie", std::move(cookie));
          // A response that hands out a session id must never be stored by a shared cache.
          out.headers.emplace_back("cache-control", "no-store");
        }
      } catch (...) {
        db_stats_ = scope.stats();
        throw;
      }
      db_stats_ = scope.stats();
      if (out.status < 100 || out.status > 599)
        throw std::logic_error("App::render returned HTTP status " + std::to_string(out.status));
    } catch (const std::exception& e) {
      trace = new_trace_id();
      log_line("[trace " + trace + "] render failed: " + e.what());
    } catch (...) {
      trace = new_trace_id();
      log_line("[trace " + trace + "] render failed: unknown exception");
    }
    if (!trace.empty()) return send_server_error(trace, keep_alive, head);
    if (std::string problem = response_problem(out); !problem.empty()) {
      trace = new_trace_id();
      log_line("[trace " + trace + "] render of " + target_ + " returned a response that cannot be sent: " + problem);
      return send_server_error(trace, keep_alive, head);
    }
    http::response<http::string_body> res;
    res.version(req.version());
    res.result(static_cast<unsigned>(out.status));
    res.set(http::field::content_type, out.content_type);
    for (const auto& [name, value] : out.headers) res.insert(name, value);
    res.body() = std::move(out.body);
    send(std::move(res), keep_alive, head);
  }

  // The page names only the trace id; the log line with the same id says what went wrong.
  void send_server_error(const std::string& trace, bool keep_alive, bool head) {
    http::response<http::string_body> res{http::status::internal_server_error, 11};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.body() = error_page(500, "Internal Server Error", trace);
    send(std::move(res), keep_alive, head);
  }

  void send_text(http::status status, std::string body, bool keep_alive, bool head) {
    http::response<http::string_body> res{status, 11};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::move(body);
    send(std::move(res), keep_alive, head);
  }

  // For HEAD the body is dropped but Content-Length still tells its size.
  template <class Body>
  void send(http::response<Body>&& res, bool keep_alive, bool head) {
    res.set(http::field::server, server_header);
    res.keep_alive(keep_alive);
    if constexpr (std::is_same_v<Body, http::string_body>) {
      const std::size_t size = res.body().size();
      if (head) res.body().clear();
      res.content_length(size);
    }
    if (shared_->options.log_requests) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count();
      std::string line = method_ + " " + target_ + " " + std::to_string(res.result_int()) + " " + std::to_string(us) + "us";
      if (db_stats_.count > 0) line += " (" + rally::db::to_string(db_stats_) + ")";
      log_routine(line);
    }
    beast::async_write(stream_, http::message_generator(std::move(res)),
                       beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!keep_alive) return do_close();
    do_read();
  }

  void upgrade(StringRequest req) {
    method_ = "WS";
    target_ = std::string(req.target());
    std::string_view target = req.target();
    std::size_t q = target.find('?');
    std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    const bool keep_alive = req.keep_alive();
    if (auto origin = req.find(http::field::origin); origin != req.end() && !same_origin(origin->value(), req[http::field::host])) {
      if (shared_->options.log_requests)
        log_line("WS " + target_ + " refused: Origin " + std::string(origin->value()) + " is not this host");
      return send_text(http::status::forbidden, "403 Forbidden: cross-origin WebSocket\n", false, false);
    }
    std::unique_ptr<Connection> connection;
    std::shared_ptr<LiveSession> user_session;
    // A dev server's tab sends the stamp its page was rendered with: an earlier server's stamp
    // means rally dev restarted the server with new code, and the tab must reload to get it.
    const std::string_view stamp = dev_stamp();
    const auto tab_stamp = stamp.empty() ? std::nullopt : query_param(query, "dev");
    const bool stale_tab = tab_stamp && *tab_stamp != stamp;
    // A page without a client (a static page) watches the build with a socket of its own.
    const bool watch_only = tab_stamp && !stale_tab && query_param(query, "watch").has_value();
    const std::string_view reload_reason =
        stale_tab ? "the dev server restarted with new code" : "client and server were built from different page headers";
    if (!stale_tab && !watch_only && query_param(query, "contract").value_or("") == shared_->app.contract_hash()) {
      std::string trace;
      try {
        CallScope scope(shared_->options.database);
        const Request request = to_app_request(req, remote_);
        // The page that opened the socket set the cookie: the socket is that session's. (A client
        // without one gets an anonymous session of its own; a socket cannot set a cookie.)
        if (shared_->sessions) user_session = shared_->sessions->resume(request.cookie(session_cookie_name), /*websocket=*/true);
        SessionScope session_scope(user_session.get());
        connection = shared_->app.connect(request);
      } catch (const std::exception& e) {
        trace = new_trace_id();
        log_line("[trace " + trace + "] connect failed: " + e.what());
      } catch (...) {
        trace = new_trace_id();
        log_line("[trace " + trace + "] connect failed: unknown exception");
      }
      if (!trace.empty()) {
        return send_server_error(trace, false, false);
      }
      if (!connection) return send_text(http::status::forbidden, "403 Forbidden: the app refused this socket\n", false, false);
    }
    if (shared_->options.log_requests)
      log_routine("WS " + target_ + (connection || watch_only ? " open" : " reload (" + std::string(reload_reason) + ")"));
    // The WebSocket session has its own timeouts.
    stream_.expires_never();
    start_websocket_session(std::move(stream_), std::move(req), shared_, std::move(connection), std::move(user_session),
                            reload_reason, !tab_stamp ? DevTab::none : watch_only ? DevTab::watch_only : DevTab::app);
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<const Shared> shared_;
  std::string remote_;
  // For the request log line.
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  rally::db::QueryStats db_stats_;  // what the request's render ran, for its log line
  std::string method_;
  std::string target_;
};

}  // namespace

void start_http_session(tcp::socket socket, std::shared_ptr<const Shared> shared) {
  std::make_shared<HttpSession>(std::move(socket), std::move(shared))->run();
}

}  // namespace rally::server::detail
