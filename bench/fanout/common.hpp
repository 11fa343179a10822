// What every part of the fanout load client shares: the command-line options, the state the
// controller and the event loops share (Shared), the clock and the fatal-error exit. Kept apart so
// that the connection, the statistics and the modes each include only this, not one another.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace fanout {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

[[noreturn]] inline void fail(const std::string& why) {
  std::fprintf(stderr, "fanout: %s\n", why.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}

// ---------------------------------------------------------------------------------------------
// Options (parsed in options.cpp)

enum class Mode { fanout, idle_connect, idle_subscribe };

struct Options {
  Mode mode = Mode::fanout;
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string contract;         // 16 hex digits: contract.json "contract"
  std::uint64_t handler = 0;    // server_say's id: contract.json "handlers"[].id
  std::int64_t room = 1;
  int subscribers = 1000;
  int window = 16;              // server_say calls in flight
  double duration_s = 10;
  double warmup_s = 1;
  int threads = 1;              // client event loops (subscribers are spread over them)
  int server_pid = 0;           // for VmRSS (idle modes) and CPU time (fanout)
  int warm_conns = 16;          // idle modes: sockets opened before the baseline RSS is read
  double settle_s = 1;          // idle modes: wait before each RSS reading
  double drain_max_s = 10;      // fanout: how long to wait for deliveries after the last call
  double watchdog_s = 0;        // 0: computed from the other durations
  std::string cookie;           // sent with every upgrade: a signed-in session, when the room needs one
};

// Reads argv; prints the usage and exits 1 on anything it does not accept.
Options parse_options(int argc, char** argv);

// ---------------------------------------------------------------------------------------------
// State shared by every thread.

struct Shared {
  Options opt;
  std::uint64_t topic_id = 0;
  std::string topic_key;  // the encoded Room{room}
  std::string subscribe_frame;
  std::atomic<int> opened{0};            // sockets whose upgrade succeeded
  std::atomic<int> failed{0};            // sockets that never opened
  std::atomic<int> confirmed{0};         // subscribers that received at least one line
  std::atomic<int> disconnects{0};       // open sockets closed by the server or the network
  std::atomic<bool> stopping{false};     // our own teardown: closes are not disconnects
  std::atomic<std::uint64_t> measure_from{UINT64_MAX};  // first measured sequence number
  std::mutex first_error_mutex;
  std::string first_error;

  void note_error(const std::string& e) {
    std::lock_guard lock(first_error_mutex);
    if (first_error.empty()) first_error = e;
  }
};

}  // namespace fanout
