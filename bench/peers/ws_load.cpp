// ws_load: a closed-loop WebSocket load client. -c connections, each sends one binary message,
// waits for its reply and sends the next, until the deadline. Every connection is open (TCP and
// WebSocket handshake) before the clock starts; round trips that start in the warm-up or end after
// the deadline are not counted. Every reply is checked.
//
//   ws_load --port P [--host 127.0.0.1] [--path /] [-c 1] [-t 1] [-d 10] [-w 1]
//           --handler HEX16 [--payload HEX] [--result HEX] [--echo]
//
// The request is a Rally request frame (include/rally/wire.hpp): kind 01, the request id (LEB128
// varint, 1, 2, 3... per connection), the handler id (8 bytes little-endian, from the app's
// contract.json) and the payload (default 02: amount = 1 as a zigzag varint). The reply must be a
// response frame, kind 02, with the same id, then `--result` (default 00 02: Result ok, 1). Push and
// message frames (kinds 04, 08) are skipped; an error frame (03) is counted in errors=; a reload
// frame (05, the contract hash in --path is not the server's) ends the run. With --echo the reply
// must be the request itself (the floor, ws_echo, is sent the same bytes).
//
// The last line is for scripts:
//   RESULT conns=64 threads=1 duration_s=10.000 frame_bytes=12 roundtrips=... rps=... p50_us=...
//          p99_us=... max_us=... errors=0 skipped=0
// A watchdog ends the process (exit 3) if it runs 15 s past its connect, warm-up and duration.
#include "common.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = peers::net;
using peers::net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* usage =
    "ws_load --port P [--host 127.0.0.1] [--path /] [-c 1] [-t 1] [-d 10] [-w 1] --handler HEX16 "
    "[--payload HEX] [--result HEX] [--echo]";

std::string from_hex(const std::string& hex, const char* flag) {
  auto nibble = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    peers::usage_error("ws_load", std::string(flag) + " takes hex digits, not '" + hex + "'", usage);
  };
  if (hex.size() % 2) peers::usage_error("ws_load", std::string(flag) + " takes an even number of hex digits", usage);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  return out;
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Reads a varint at `pos`; false when the bytes end first.
bool get_varint(std::string_view in, std::size_t& pos, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; pos < in.size() && shift < 64; shift += 7) {
    const auto b = static_cast<std::uint8_t>(in[pos++]);
    v |= std::uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

struct Settings {
  std::string host = "127.0.0.1", path = "/", handler, payload = "\x02", result = std::string("\x00\x02", 2);
  unsigned short port = 0;
  int conns = 1, threads = 1, duration = 10, warmup = 1;
  bool echo = false;
};

// What every connection shares: the clock's marks, the counters, the samples.
struct Run {
  explicit Run(const Settings& settings) : s(settings) {}
  const Settings& s;
  Clock::time_point measure_from, deadline;
  std::atomic<long> errors{0}, skipped{0}, finished{0};
  std::mutex mutex;
  std::vector<std::uint32_t> latencies_us;  // merged as connections finish
  std::atomic<int> error_lines{0};
  net::io_context* io = nullptr;

  void report_error(const std::string& what) {
    errors++;
    if (error_lines++ < 5) std::fprintf(stderr, "ws_load: bad reply: %s\n", what.c_str());
  }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(net::io_context& io, Run& run) : ws_(io), run_(run) {}

  // Connects and completes the WebSocket handshake; `done(ok)` is called once.
  template <class Done>
  void open(const tcp::endpoint& ep, Done done) {
    ws_.next_layer().async_connect(ep, [self = shared_from_this(), done](beast::error_code ec) {
      if (ec) return done(false, "connect: " + ec.message());
      self->ws_.next_layer().set_option(tcp::no_delay(true));
      const std::string host = self->run_.s.host + ":" + std::to_string(self->run_.s.port);
      self->ws_.async_handshake(host, self->run_.s.path, [self, done](beast::error_code ec) {
        if (ec) return done(false, "handshake: " + ec.message());
        self->ws_.binary(true);
        done(true, std::string());
      });
    });
  }

  void start() { send(); }

 private:
  void send() {
    const Settings& s = run_.s;
    frame_.assign(1, '\x01');
    put_varint(frame_, ++id_);
    frame_ += s.handler;
    frame_ += s.payload;
    sent_at_ = Clock::now();
    ws_.async_write(net::buffer(frame_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("write: " + ec.message());
      self->read();
    });
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("read: " + ec.message());
      self->on_reply();
    });
  }

  void on_reply() {
    const auto now = Clock::now();
    const std::string reply = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (!check(reply)) return;  // skipped a push: still waiting for the reply
    if (sent_at_ >= run_.measure_from && now <= run_.deadline)
      samples_.push_back(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_).count()));
    if (now < run_.deadline) return send();
    finish();
  }

  // True when `reply` answers the request in flight (right or wrong); false for a frame to skip.
  bool check(const std::string& reply) {
    if (run_.s.echo) {
      if (reply != frame_) run_.report_error("the echo differs from the request");
      return true;
    }
    if (reply.empty()) { run_.report_error("empty frame"); return true; }
    const auto kind = static_cast<std::uint8_t>(reply[0]);
    if (kind == 4 || kind == 8) { run_.skipped++; read(); return false; }
    if (kind == 5) {
      std::fprintf(stderr, "ws_load: the server sent a reload frame: the contract hash in --path is not the server's\n");
      std::_Exit(1);
    }
    std::size_t pos = 1;
    std::uint64_t id = 0;
    if ((kind != 2 && kind != 3) || !get_varint(reply, pos, id)) {
      run_.report_error("frame kind " + std::to_string(kind) + " is not a response");
    } else if (id != id_) {
      run_.report_error("reply id " + std::to_string(id) + " for request " + std::to_string(id_));
    } else if (kind == 3) {
      run_.report_error("error frame, code " + std::to_string(pos < reply.size() ? static_cast<std::uint8_t>(reply[pos]) : 0) +
                        ": " + (pos + 1 < reply.size() ? reply.substr(pos + 2) : std::string()));
    } else if (reply.compare(pos, std::string::npos, run_.s.result) != 0) {
      run_.report_error("the result is not the expected one");
    }
    return true;
  }

  void fail(const std::string& what) {
    if (Clock::now() < run_.deadline) run_.report_error(what);
    finish();
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    {
      std::lock_guard lock(run_.mutex);
      run_.latencies_us.insert(run_.latencies_us.end(), samples_.begin(), samples_.end());
    }
    if (++run_.finished == run_.s.conns) run_.io->stop();
  }

  websocket::stream<tcp::socket> ws_;
  Run& run_;
  beast::flat_buffer buffer_;
  std::string frame_;
  std::uint64_t id_ = 0;
  Clock::time_point sent_at_;
  std::vector<std::uint32_t> samples_;
  bool finished_ = false;
};

Settings parse(int argc, char** argv) {
  Settings s;
  bool have_port = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool v = i + 1 < argc;
    auto num = [&](long lo, long hi) { return peers::number("ws_load", a, argv[++i], lo, hi, usage); };
    if (a == "--port" && v) { s.port = static_cast<unsigned short>(num(1, 65535)); have_port = true; }
    else if (a == "--host" && v) s.host = argv[++i];
    else if (a == "--path" && v) s.path = argv[++i];
    else if (a == "-c" && v) s.conns = static_cast<int>(num(1, 10000));
    else if (a == "-t" && v) s.threads = static_cast<int>(num(1, 64));
    else if (a == "-d" && v) s.duration = static_cast<int>(num(1, 3600));
    else if (a == "-w" && v) s.warmup = static_cast<int>(num(0, 600));
    else if (a == "--handler" && v) s.handler = from_hex(argv[++i], "--handler");
    else if (a == "--payload" && v) s.payload = from_hex(argv[++i], "--payload");
    else if (a == "--result" && v) s.result = from_hex(argv[++i], "--result");
    else if (a == "--echo") s.echo = true;
    else peers::usage_error("ws_load", "unknown argument or missing value: " + a, usage);
  }
  if (!have_port) peers::usage_error("ws_load", "--port is required", usage);
  if (s.handler.size() != 8) peers::usage_error("ws_load", "--handler takes 16 hex digits (the id from contract.json)", usage);
  // contract.json writes the id as a number; the frame carries it little-endian.
  std::reverse(s.handler.begin(), s.handler.end());
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse(argc, argv);
  // Bounded whatever happens: connecting (10 s at most), warm-up, duration, the last replies.
  std::thread([limit = s.warmup + s.duration + 25] {
    std::this_thread::sleep_for(std::chrono::seconds(limit));
    std::fprintf(stderr, "ws_load: watchdog: still running after %d s, giving up\n", limit);
    std::_Exit(3);
  }).detach();

  net::io_context io(s.threads);
  Run run(s);
  run.io = &io;
  const tcp::endpoint ep(net::ip::make_address(s.host), s.port);
  std::vector<std::shared_ptr<Connection>> conns;
  int opened = 0;
  std::string open_error;
  for (int i = 0; i < s.conns; ++i) {
    conns.push_back(std::make_shared<Connection>(io, run));
    conns.back()->open(ep, [&](bool ok, const std::string& err) {
      if (!ok && open_error.empty()) open_error = err;
      if (++opened == s.conns) io.stop();
    });
  }
  io.run_for(std::chrono::seconds(10));  // one thread: the handlers above need no lock
  if (opened < s.conns || !open_error.empty()) {
    std::fprintf(stderr, "ws_load: %d of %d connections opened to %s:%u%s (%s)\n", opened, s.conns, s.host.c_str(), s.port,
                 s.path.c_str(), open_error.empty() ? "timed out" : open_error.c_str());
    return 1;
  }
  io.restart();

  const auto start = Clock::now();
  run.measure_from = start + std::chrono::seconds(s.warmup);
  run.deadline = run.measure_from + std::chrono::seconds(s.duration);
  // A reply that never comes must not hold the run: stop 5 s after the deadline regardless.
  net::steady_timer stop_timer(io, run.deadline + std::chrono::seconds(5));
  stop_timer.async_wait([&](beast::error_code ec) {
    if (!ec) {
      std::fprintf(stderr, "ws_load: %ld of %d connections still waiting 5 s after the deadline\n",
                   s.conns - run.finished.load(), s.conns);
      run.errors += s.conns - run.finished.load();
      io.stop();
    }
  });
  for (auto& c : conns) c->start();
  std::vector<std::thread> pool;
  for (int i = 1; i < s.threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();

  auto& lat = run.latencies_us;
  {
    std::lock_guard lock(run.mutex);
    std::sort(lat.begin(), lat.end());
  }
  auto pct = [&](double p) { return lat.empty() ? 0u : lat[std::min(lat.size() - 1, static_cast<std::size_t>(p * lat.size()))]; };
  std::string frame(1, '\x01');
  put_varint(frame, 1);
  std::printf("RESULT conns=%d threads=%d duration_s=%d.000 frame_bytes=%zu roundtrips=%zu rps=%.0f p50_us=%u p99_us=%u max_us=%u "
              "errors=%ld skipped=%ld\n",
              s.conns, s.threads, s.duration, frame.size() + s.handler.size() + s.payload.size(), lat.size(),
              static_cast<double>(lat.size()) / s.duration, pct(0.50), pct(0.99), lat.empty() ? 0u : lat.back(),
              run.errors.load(), run.skipped.load());
  std::fflush(stdout);
  std::_Exit(0);  // the sockets close with the process; nothing else to tear down
}
