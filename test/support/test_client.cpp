#include "test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <random>

#include "sha1.hpp"

namespace rally::test {

namespace {

using Clock = std::chrono::steady_clock;

int connect_local(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads what is available, waiting until the deadline. Returns bytes read, 0 on EOF, -1 on error,
// -2 on timeout.
ssize_t read_some(int fd, std::string& out, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left < 0) left = 0;
  pollfd p{fd, POLLIN, 0};
  int r = ::poll(&p, 1, static_cast<int>(left));
  if (r == 0) return -2;
  if (r < 0) return errno == EINTR ? read_some(fd, out, deadline) : -1;
  char buf[16384];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  return n;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Parses "HTTP/1.1 200 OK\r\nName: value\r\n..." (without the blank line).
bool parse_head(std::string_view head, int& status, Headers& headers) {
  std::size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  if (line.substr(0, 5) != "HTTP/" || line.size() < 12) return false;
  status = std::atoi(std::string(line.substr(9, 3)).c_str());
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    std::string_view field = head.substr(0, eol);
    std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(lower(std::string(field.substr(0, colon))), trim(field.substr(colon + 1)));
  }
  return status > 0;
}

std::string random_bytes(std::size_t n) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

int WsFrame::close_code() const {
  if (opcode != 8 || payload.size() < 2) return 0;
  return (static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]);
}

HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target, const Headers& headers,
                          std::string_view body) {
  HttpResponse res;
  int fd = connect_local(port);
  if (fd < 0) {
    res.error = std::string("connect failed: ") + std::strerror(errno);
    return res;
  }
  const bool own_host = std::any_of(headers.begin(), headers.end(), [](const auto& h) { return h.first == "Host"; });
  std::string req = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n" +
                    (own_host ? std::string() : "Host: 127.0.0.1:" + std::to_string(port) + "\r\n") + "Connection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n";
  req += body;
  if (!write_all(fd, req)) {
    res.error = "send failed";
    ::close(fd);
    return res;
  }
  const auto deadline = Clock::now() + default_timeout;
  std::string in;
  std::size_t head_end;
  while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = read_some(fd, in, deadline);
    if (n <= 0) {
      res.error = n == -2 ? "timed out waiting for the response head" : "connection closed before the response head";
      ::close(fd);
      return res;
    }
  }
  if (!parse_head(std::string_view(in).substr(0, head_end), res.status, res.headers)) {
    res.error = "malformed response head: " + in.substr(0, head_end);
    res.status = 0;
    ::close(fd);
    return res;
  }
  std::string rest = in.substr(head_end + 4);
  const bool no_body = method == "HEAD" || res.status == 304 || res.status == 204 || res.status < 200;
  std::string length = res.header("content-length");
  if (!no_body) {
    if (!length.empty()) {
      std::size_t want = std::stoul(length);
      while (rest.size() < want) {
        ssize_t n = read_some(fd, rest, deadline);
        if (n <= 0) {
          res.error = "body truncated at " + std::to_string(rest.size()) + " of " + length + " bytes";
          break;
        }
      }
    } else {
      while (read_some(fd, rest, deadline) > 0) {
      }
    }
    res.body = std::move(rest);
  }
  ::close(fd);
  return res;
}

std::string http_raw(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
  int fd = connect_local(port);
  if (fd < 0) return {};
  std::string out;
  if (write_all(fd, bytes)) {
    const auto deadline = Clock::now() + timeout;
    while (read_some(fd, out, deadline) > 0) {
    }
  }
  ::close(fd);
  return out;
}

bool can_connect(std::uint16_t port) {
  int fd = connect_local(port);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

WsClient::~WsClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::string WsClient::connect(std::uint16_t port, std::string_view target, const Headers& extra) {
  if (fd_ >= 0) ::close(fd_);
  buffer_.clear();
  fd_ = connect_local(port);
  if (fd_ < 0) return std::string("connect failed: ") + std::strerror(errno);
  const std::string key = base64_encode(random_bytes(16));
  bool own_host = false;
  std::string extra_lines;
  for (const auto& [name, value] : extra) {
    own_host = own_host || lower(name) == "host";
    extra_lines += name + ": " + value + "\r\n";
  }
  std::string req = "GET " + std::string(target) + " HTTP/1.1\r\n" +
                    (own_host ? std::string() : "Host: 127.0.0.1:" + std::to_string(port) + "\r\n") +
                    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                    "\r\nSec-WebSocket-Version: 13\r\n" + extra_lines + "\r\n";
  if (!write_all(fd_, req)) return "sending the handshake failed";
  const auto deadline = Clock::now() + default_timeout;
  std::size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = read_some(fd_, buffer_, deadline);
    if (n <= 0) return n == -2 ? "timed out waiting for the handshake response" : "connection closed during the handshake";
  }
  int status = 0;
  Headers headers;
  std::string head = buffer_.substr(0, head_end);
  buffer_.erase(0, head_end + 4);
  if (!parse_head(head, status, headers)) return "malformed handshake response: " + head;
  if (status != 101) return "HTTP " + std::to_string(status) + " instead of 101: " + head;
  auto find = [&](std::string_view name) -> std::string {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  };
  auto digest = sha1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  std::string expected = base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  if (find("sec-websocket-accept") != expected)
    return "Sec-WebSocket-Accept is \"" + find("sec-websocket-accept") + "\", expected \"" + expected + "\"";
  if (lower(find("upgrade")) != "websocket") return "missing Upgrade: websocket";
  return {};
}

bool WsClient::send_raw(std::string_view bytes) { return fd_ >= 0 && write_all(fd_, bytes); }

bool WsClient::send_frame(int opcode, std::string_view payload) {
  std::string frame;
  frame += static_cast<char>(0x80 | (opcode & 0x0f));
  const std::size_t n = payload.size();
  if (n < 126) {
    frame += static_cast<char>(0x80 | n);
  } else if (n <= 0xffff) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(n >> 8);
    frame += static_cast<char>(n & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i) frame += static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff);
  }
  const std::string mask = random_bytes(4);
  frame += mask;
  for (std::size_t i = 0; i < n; ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  return send_raw(frame);
}

bool WsClient::read_exact(std::size_t n, std::string& out, Clock::time_point deadline, std::string& error) {
  while (buffer_.size() < n) {
    ssize_t r = read_some(fd_, buffer_, deadline);
    if (r <= 0) {
      error = r == -2 ? "timed out" : r == 0 ? "connection closed" : std::string("read failed: ") + std::strerror(errno);
      return false;
    }
  }
  out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return true;
}

WsFrame WsClient::receive(std::chrono::milliseconds timeout) {
  WsFrame result;
  if (fd_ < 0) {
    result.error = "not connected";
    return result;
  }
  const auto deadline = Clock::now() + timeout;
  std::string message;
  int message_opcode = -1;
  while (true) {
    std::string head;
    if (!read_exact(2, head, deadline, result.error)) return result;
    const bool fin = head[0] & 0x80;
    const int opcode = head[0] & 0x0f;
    if (head[1] & 0x80) {
      result.error = "server sent a masked frame";
      return result;
    }
    std::uint64_t length = head[1] & 0x7f;
    std::string ext;
    if (length == 126 || length == 127) {
      const std::size_t bytes = length == 126 ? 2 : 8;
      if (!read_exact(bytes, ext, deadline, result.error)) return result;
      length = 0;
      for (char c : ext) length = (length << 8) | static_cast<std::uint8_t>(c);
    }
    std::string payload;
    if (!read_exact(static_cast<std::size_t>(length), payload, deadline, result.error)) return result;
    if (opcode == 9) {  // ping: answer and keep waiting
      send_frame(10, payload);
      continue;
    }
    if (opcode >= 8) {
      result.opcode = opcode;
      result.payload = std::move(payload);
      return result;
    }
    if (opcode != 0) message_opcode = opcode;
    message += payload;
    if (fin) {
      result.opcode = message_opcode;
      result.payload = std::move(message);
      return result;
    }
  }
}

void WsClient::close() {
  if (fd_ < 0) return;
  if (send_frame(8, std::string("\x03\xe8", 2))) {
    // Wait for the server's close frame (or the socket closing), then drop the connection.
    for (int i = 0; i < 4; ++i) {
      WsFrame f = receive(std::chrono::milliseconds(500));
      if (!f.ok() || f.opcode == 8) break;
    }
  }
  ::close(fd_);
  fd_ = -1;
}

}  // namespace rally::test
