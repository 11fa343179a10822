#pragma once
// What the three programs share: argument errors, running an io_context on N threads, and the
// "listening on" line bin/bench waits for (the port is chosen by the kernel with --port 0).
#include <boost/asio.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace peers {

namespace net = boost::asio;
using tcp = net::ip::tcp;

[[noreturn]] inline void usage_error(const char* tool, const std::string& what, const char* usage) {
  std::fprintf(stderr, "%s: %s\nusage: %s\n", tool, what.c_str(), usage);
  std::exit(2);
}

inline long number(const char* tool, std::string_view flag, const char* text, long lo, long hi, const char* usage) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (!*text || *end || v < lo || v > hi)
    usage_error(tool, std::string(flag) + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                          ", not '" + text + "'", usage);
  return v;
}

// Binds 127.0.0.1:port (0: any free port) and says where, on stdout, before serving.
inline tcp::acceptor listen(net::io_context& io, unsigned short port) {
  tcp::acceptor acceptor(io);
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
  acceptor.open(ep.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen(net::socket_base::max_listen_connections);
  std::printf("listening on http://127.0.0.1:%u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  return acceptor;
}

// Runs `io` on `threads` threads (this one included) until SIGINT/SIGTERM.
inline void run(net::io_context& io, int threads) {
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
}

}  // namespace peers
