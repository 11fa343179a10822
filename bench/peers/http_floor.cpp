// http_floor: the SSR floor. A bare Boost.Beast HTTP/1.1 keep-alive server whose responses are
// fixed bytes, made once at start from files: bin/bench gives it the bodies (and header lines) that
// Rally sent for the same paths, so the two serve the same bytes and their ratio is Rally's cost of
// rendering, routing and everything else above reading a request and writing a response.
//
//   http_floor [--port 0] [--threads 2] [--head PATH=FILE]... PATH=BODYFILE...
//
// --head gives the header lines of PATH's response (one "Name: value" a line; Content-Length is
// added here). Without it a response has "Content-Type: text/html; charset=utf-8". Other paths: 404.
#include "common.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace beast = boost::beast;
namespace http = beast::http;
using peers::net::ip::tcp;

namespace {

constexpr const char* usage = "http_floor [--port 0] [--threads 2] [--head PATH=FILE]... PATH=BODYFILE...";

std::string read_file(const std::string& name) {
  std::ifstream in(name, std::ios::binary);
  if (!in) peers::usage_error("http_floor", "cannot read " + name, usage);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::pair<std::string, std::string> split_arg(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || arg[0] != '/')
    peers::usage_error("http_floor", "'" + arg + "' is not PATH=FILE (PATH starting with /)", usage);
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

// The whole response: status line, header lines, Content-Length, blank line, body.
std::string make_response(const char* status, const std::string& head, const std::string& body) {
  std::string r = std::string("HTTP/1.1 ") + status + "\r\n";
  std::istringstream lines(head);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) r += line + "\r\n";
  }
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  return r + body;
}

using Responses = std::map<std::string, std::string, std::less<>>;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Responses& responses, const std::string& not_found)
      : socket_(std::move(socket)), responses_(responses), not_found_(not_found) {}

  void start() { read(); }

 private:
  void read() {
    req_ = {};
    http::async_read(socket_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->respond();
    });
  }

  void respond() {
    std::string_view target = req_.target();
    target = target.substr(0, target.find('?'));
    auto found = responses_.find(target);
    const std::string& bytes = found == responses_.end() ? not_found_ : found->second;
    keep_alive_ = req_.keep_alive();
    peers::net::async_write(socket_, peers::net::buffer(bytes), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (self->keep_alive_) return self->read();
      beast::error_code ignored;
      self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  tcp::socket socket_;
  beast::flat_buffer buffer_;
  http::request<http::empty_body> req_;
  const Responses& responses_;
  const std::string& not_found_;
  bool keep_alive_ = true;
};

void accept(tcp::acceptor& acceptor, const Responses& responses, const std::string& not_found) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      // Socket options as Rally's server leaves them (no TCP_NODELAY): the same kernel path.
      std::make_shared<Session>(std::move(socket), responses, not_found)->start();
    }
    accept(acceptor, responses, not_found);
  });
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  int threads = 2;
  std::map<std::string, std::string> bodies, heads;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--port" && has_value) port = static_cast<unsigned short>(peers::number("http_floor", a, argv[++i], 0, 65535, usage));
    else if (a == "--threads" && has_value) threads = static_cast<int>(peers::number("http_floor", a, argv[++i], 1, 256, usage));
    else if (a == "--head" && has_value) heads.insert(split_arg(argv[++i]));
    else if (a.starts_with("-")) peers::usage_error("http_floor", "unknown option or missing value: " + a, usage);
    else bodies.insert(split_arg(a));
  }
  if (bodies.empty()) peers::usage_error("http_floor", "give at least one PATH=BODYFILE", usage);
  Responses responses;
  for (const auto& [path, file] : bodies) {
    auto head = heads.find(path);
    responses[path] = make_response("200 OK", head == heads.end() ? "Content-Type: text/html; charset=utf-8" : read_file(head->second),
                                     read_file(file));
  }
  for (const auto& [path, file] : heads)
    if (!bodies.contains(path)) peers::usage_error("http_floor", "--head " + path + " has no body", usage);
  const std::string not_found = make_response("404 Not Found", "Content-Type: text/plain", "not found\n");

  peers::net::io_context io(threads);
  tcp::acceptor acceptor = peers::listen(io, port);
  accept(acceptor, responses, not_found);
  peers::run(io, threads);
}
