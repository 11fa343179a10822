// ws_echo: the RPC floor. A bare Boost.Beast WebSocket server that sends every binary message back
// as it came: what one round trip over loopback costs with Beast's framing and no application.
//
//   ws_echo [--port 0] [--threads 1]      (any path is accepted)
#include "common.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <memory>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using peers::net::ip::tcp;

namespace {

constexpr const char* usage = "ws_echo [--port 0] [--threads 1]";

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : ws_(std::move(socket)) {}

  void start() {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->read();
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->ws_.binary(self->ws_.got_binary());
      self->ws_.async_write(self->buffer_.data(), [self](beast::error_code ec, std::size_t) {
        if (ec) return;
        self->buffer_.consume(self->buffer_.size());
        self->read();
      });
    });
  }

  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buffer_;
};

void accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (!ec) {
      // Socket options as Rally's server leaves them (no TCP_NODELAY): the same kernel path.
      std::make_shared<Session>(std::move(socket))->start();
    }
    accept(acceptor);
  });
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  int threads = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--port" && has_value) port = static_cast<unsigned short>(peers::number("ws_echo", a, argv[++i], 0, 65535, usage));
    else if (a == "--threads" && has_value) threads = static_cast<int>(peers::number("ws_echo", a, argv[++i], 1, 256, usage));
    else peers::usage_error("ws_echo", "unknown argument or missing value: " + a, usage);
  }
  peers::net::io_context io(threads);
  tcp::acceptor acceptor = peers::listen(io, port);
  accept(acceptor);
  peers::run(io, threads);
}
