#pragma once
// A minimal blocking HTTP/1.1 and WebSocket client for tests, over POSIX sockets (no Boost, so it
// cannot share a bug with the server's Beast code). Every read has a deadline: a test that expects
// an answer gets an error value instead of hanging.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rally::test {

using Headers = std::vector<std::pair<std::string, std::string>>;
// Generous: a loaded 2-core CI machine answers slowly, and only a failing exchange waits this long.
inline constexpr std::chrono::milliseconds default_timeout{10000};

struct HttpResponse {
  int status = 0;          // 0 when the exchange failed; see error
  Headers headers;         // names lowercased
  std::string body;
  std::string error;
  // The first header with that lowercase name, or "".
  std::string header(std::string_view name) const;
};

// One request on a fresh connection on 127.0.0.1 (Connection: close is added, and Host unless
// `headers` has one).
HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target,
                          const Headers& headers = {}, std::string_view body = {});
inline HttpResponse http_get(std::uint16_t port, std::string_view target, const Headers& headers = {}) {
  return http_request(port, "GET", target, headers);
}

// Sends `bytes` as they are and returns everything the server sends until it closes the
// connection or `timeout` passes.
std::string http_raw(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout = default_timeout);

// Whether a TCP connection to 127.0.0.1:port succeeds.
bool can_connect(std::uint16_t port);

struct WsFrame {
  int opcode = -1;  // 1 text, 2 binary, 8 close, 9 ping, 10 pong; -1 on error
  std::string payload;
  std::string error;  // set on timeout, disconnect or a protocol violation by the server
  bool ok() const { return error.empty(); }
  // For close frames: the status code, or 0.
  int close_code() const;
};

class WsClient {
 public:
  WsClient() = default;
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Connects and performs the RFC 6455 handshake, checking Sec-WebSocket-Accept. `extra` headers
  // are added to the request (a Host among them replaces the default one).
  // Returns "" on success, otherwise what failed (e.g. "HTTP 403 ...").
  std::string connect(std::uint16_t port, std::string_view target, const Headers& extra = {});

  bool send_binary(std::string_view payload) { return send_frame(2, payload); }
  bool send_text(std::string_view payload) { return send_frame(1, payload); }
  // A single masked frame with FIN set.
  bool send_frame(int opcode, std::string_view payload);
  // Bytes exactly as given: for hostile or hand-made frames.
  bool send_raw(std::string_view bytes);

  // The next complete message (continuation frames joined) or control frame. Pings are answered
  // and skipped.
  WsFrame receive(std::chrono::milliseconds timeout = default_timeout);

  // Sends a close frame (1000) and waits briefly for the server's, then closes the socket.
  void close();
  bool is_open() const { return fd_ >= 0; }

 private:
  bool read_exact(std::size_t n, std::string& out, std::chrono::steady_clock::time_point deadline, std::string& error);
  int fd_ = -1;
  std::string buffer_;  // bytes read past what was consumed
};

}  // namespace rally::test
