// fanout-floor: the least a server can do for the fan-out benchmark, as an anchor for Rally's
// numbers. One thread, epoll, blocking nothing: it accepts the same WebSocket upgrade, takes
// subscribe frames and server_say requests in Rally's wire format, and for each request builds the
// message frame once and hands it to every subscribed socket with one send() each, then answers the
// call. No strands, no write queues, no database, no logging, no session: what is left is the
// kernel's cost of a small TCP write on loopback (including, on loopback, the receiver's side) and
// the load client. Not a Rally server and not a general WebSocket server (no Sec-WebSocket-Accept,
// no fragmentation, no pings): it only serves bench/fanout/main.cpp on 127.0.0.1.
//
//   fanout-floor [PORT]   prints "listening on http://127.0.0.1:<port>", runs until SIGTERM/SIGINT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <rally/codec.hpp>
#include <rally/topic.hpp>
#include <rally/wire.hpp>

#include "codecs/web/pages/rooms/id_.hpp"
#include "codecs/web/room.hpp"

namespace {

volatile sig_atomic_t stopping = 0;

struct Client {
  int fd = -1;
  bool upgraded = false;
  std::string in;
};

// An unmasked server frame: FIN + binary, then the length.
std::string ws_frame(std::string_view payload) {
  std::string out;
  out.push_back(static_cast<char>(0x82));
  const std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n < 65536) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xff));
  } else {
    out.push_back(static_cast<char>(127));
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
  }
  out.append(payload);
  return out;
}

class Floor {
 public:
  explicit Floor(int listener) : listener_(listener) {
    epoll_ = epoll_create1(0);
    add(listener_);
    const rally::TopicOps& ops = rally::topic_ops<web::Room>();
    topic_ = ops.id;
  }

  void run() {
    std::vector<epoll_event> events(256);
    while (!stopping) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 200);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == listener_) {
          accept_all();
        } else if (!read_from(fd)) {
          drop(fd);
        }
      }
    }
  }

  std::uint64_t short_writes = 0;  // frames not fully written at once (the socket's buffer was full)

 private:
  void add(int fd) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
  }

  void accept_all() {
    for (;;) {
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      clients_[fd].fd = fd;
      add(fd);
    }
  }

  void drop(int fd) {
    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    clients_.erase(fd);
    for (auto& [key, fds] : rooms_) std::erase(fds, fd);
  }

  bool read_from(int fd) {
    Client& c = clients_[fd];
    char buf[16384];
    for (;;) {
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n == 0) return false;
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return false;
      }
      c.in.append(buf, static_cast<std::size_t>(n));
    }
    if (!c.upgraded) {
      const std::size_t end = c.in.find("\r\n\r\n");
      if (end == std::string::npos) return c.in.size() < 8192;
      c.in.erase(0, end + 4);
      c.upgraded = true;
      // Enough for the bench client, which checks the status line only.
      send_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Accept: bench\r\n\r\n");
    }
    // Client frames: masked, short (this client never fragments).
    std::size_t pos = 0;
    for (;;) {
      const auto* p = reinterpret_cast<const unsigned char*>(c.in.data() + pos);
      const std::size_t avail = c.in.size() - pos;
      if (avail < 6) break;
      std::size_t len = p[1] & 0x7f, head = 2;
      if (len == 126) {
        if (avail < 8) break;
        len = (std::size_t{p[2]} << 8) | p[3];
        head = 4;
      } else if (len == 127) {
        return false;
      }
      if (avail < head + 4 + len) break;
      std::string payload(c.in.data() + pos + head + 4, len);
      for (std::size_t i = 0; i < len; ++i) payload[i] ^= static_cast<char>(p[head + (i & 3)]);
      pos += head + 4 + len;
      if ((p[0] & 0x0f) == 0x2 && !handle(fd, payload)) return false;
    }
    c.in.erase(0, pos);
    return true;
  }

  bool handle(int fd, std::string_view payload) {
    std::string error;
    auto frame = rally::wire::decode_client_frame(payload, error);
    if (!frame) return false;
    if (frame->kind == rally::wire::FrameKind::subscribe) {
      if (frame->topic == topic_) rooms_[std::string(frame->key)].push_back(fd);
      return true;
    }
    if (frame->kind != rally::wire::FrameKind::request) return true;
    web::pages::rooms::id_::ServerSay say;
    if (!rally::codec::from_bytes(frame->request.payload, say, &error)) return false;
    web::Line line{++next_line_, author_of(say), say.text};
    web::Room room{say.room};
    const std::string key = rally::topic_ops<web::Room>().key(&room);
    const std::string message = ws_frame(rally::wire::encode_message(topic_, key, rally::codec::to_bytes(line)));
    if (auto it = rooms_.find(key); it != rooms_.end())
      for (int s : it->second) send_all(s, message);
    send_all(fd, ws_frame(rally::wire::encode_response(frame->request.id, rally::codec::to_bytes(rally::Result<web::Line>(line)))));
    return true;
  }

  // The chat once took the author from the request; with accounts, Rally's takes it from the session.
  template <class Say>
  static std::string author_of(const Say& say) {
    if constexpr (requires { say.author; }) return say.author;
    return "bench";
  }

  void send_all(int fd, std::string_view bytes) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n != static_cast<ssize_t>(bytes.size())) ++short_writes;  // a floor: no queue, the frame is cut
  }

  int listener_;
  int epoll_;
  std::uint64_t topic_ = 0;
  std::int64_t next_line_ = 0;
  std::unordered_map<int, Client> clients_;
  std::unordered_map<std::string, std::vector<int>> rooms_;
};

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 0;
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa {};
  sa.sa_handler = [](int) { stopping = 1; };
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 4096) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("fanout-floor: cannot listen");
    return 1;
  }
  std::printf("fanout-floor listening on http://127.0.0.1:%u\n", static_cast<unsigned>(ntohs(addr.sin_port)));
  std::fflush(stdout);
  Floor floor(listener);
  floor.run();
  std::fprintf(stderr, "fanout-floor: stopping (%llu short writes)\n", static_cast<unsigned long long>(floor.short_writes));
  return 0;
}
