// fanout: one publisher, N subscribers of one chat room (examples/chat), over Rally's WebSocket
// protocol, on loopback. Built and run by bin/bench-fanout; see bench/README.md.
//
// Modes:
//   fanout          N sockets subscribe to web::Room{room}; once every one of them has received a
//                   probe line (proof that the server registered the subscription), one more socket
//                   calls server_say in a closed loop with WINDOW calls in flight, for a warm-up and
//                   then DURATION seconds. Every line's text carries its sequence number and the
//                   steady-clock time it was sent; each subscriber decodes each message frame with
//                   the app's generated codec and records the delivery latency.
//   idle-connect    N sockets connect (HTTP upgrade) and stay idle; the server's VmRSS before/after.
//   idle-subscribe  the same, each socket subscribed to the room (RSS read before and after they
//                   have received one line).
//
// Frames are built and read with Rally's own wire functions (rally::wire, linked from the
// runtime library) and the chat's generated codecs and topic table (its topics.cpp is compiled in),
// so the bytes are what the app's WASM client sends and reads. The WebSocket layer is our own: after
// an HTTP/1.1 upgrade the client reads the socket in large chunks and splits frames itself. A
// per-message composed read (Beast's websocket::stream) costs the load generator about as much CPU
// per frame as the server spends on a delivery, and on a 2-core machine that would measure the
// client rather than the server.
//
// Last line, for scripts (key=value):
//   RESULT mode=fanout subscribers=1000 ... deliveries_per_s=... p50_us=... lost=0 disconnects=0
// Exit status: 0 when a RESULT line was printed (lost deliveries or disconnects are reported in it,
// not failed on), 1 on bad usage or a setup failure (connect, subscribe, probe), 3 when the
// watchdog ended the run.
//
// Files: main.cpp (this: the controller, its three modes, main), clients.hpp/.cpp (the subscriber
// and publisher sockets), conn.hpp/.cpp (the raw WebSocket connection and frame splitting),
// stats.hpp/.cpp (latency histogram, counters, /proc readings, the RESULT lines), options.cpp and
// common.hpp (the command line and the state every part shares).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <rally/topic.hpp>
#include <rally/wire.hpp>

#include "clients.hpp"
#include "common.hpp"
#include "stats.hpp"
// web::Room and its generated topic table entry (include paths set by bench/CMakeLists.txt).
#include "codecs/web/room.hpp"
#include "web/room.hpp"

namespace fanout {
namespace {

// ---------------------------------------------------------------------------------------------
// The controller: runs on the main thread, drives the loops through net::post and polls counters.

class Bench {
 public:
  explicit Bench(Options opt) {
    shared_.opt = std::move(opt);
    const rally::TopicOps& ops = rally::topic_ops<web::Room>();
    shared_.topic_id = ops.id;
    web::Room room{shared_.opt.room};
    shared_.topic_key = ops.key(&room);
    shared_.subscribe_frame = rally::wire::encode_subscribe(shared_.topic_id, shared_.topic_key);
    endpoint_ = tcp::endpoint(net::ip::make_address("127.0.0.1"), shared_.opt.port);
    for (int i = 0; i < shared_.opt.threads; ++i) {
      loops_.push_back(std::make_unique<net::io_context>(1));
      guards_.emplace_back(loops_.back()->get_executor());
      stats_.push_back(std::make_unique<LoopStats>());
    }
    for (auto& loop : loops_) threads_.emplace_back([&ctx = *loop] { ctx.run(); });
  }

  ~Bench() { stop(); }

  int run() {
    switch (shared_.opt.mode) {
      case Mode::fanout: return fanout();
      case Mode::idle_connect: return idle(false);
      case Mode::idle_subscribe: return idle(true);
    }
    return 1;
  }

 private:
  // Opens `n` more subscriber sockets, at most `batch` upgrades at a time, and waits for them.
  void open_subscribers(int n, bool subscribe) {
    constexpr int batch = 100;
    const int base = shared_.opened.load();
    for (int done = 0; done < n;) {
      const int now = std::min(batch, n - done);
      for (int i = 0; i < now; ++i) {
        const std::size_t loop = subs_.size() % loops_.size();
        subs_.push_back(std::make_unique<Subscriber>(*loops_[loop], shared_, *stats_[loop], subscribe));
        Subscriber* s = subs_.back().get();
        net::post(*loops_[loop], [s, to = endpoint_] { s->start(to); });
      }
      done += now;
      wait_for("opening subscriber sockets", 30, [&] { return shared_.opened.load() >= base + done; });
    }
  }

  void open_publisher() {
    publisher_ = std::make_unique<Publisher>(*loops_[0], shared_);
    net::post(*loops_[0], [p = publisher_.get(), to = endpoint_] { p->start(to); });
    wait_for("opening the publisher socket", 10, [&] { return publisher_->ready.load(); });
  }

  // Probe lines until every subscriber has received one: then the server holds every subscription
  // (a socket's frames are handled in order, so a subscription precedes the lines it can hear).
  void confirm_subscribed(int expected) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (shared_.confirmed.load() < expected) {
      check_failures("subscribing");
      if (Clock::now() > deadline)
        fail("only " + std::to_string(shared_.confirmed.load()) + " of " + std::to_string(expected) +
             " subscribers received a probe line within 30 s" + first_error_suffix());
      net::post(*loops_[0], [p = publisher_.get()] { p->probe(); });
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Let the last probes drain so that they do not land in the measurement.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }

  int fanout() {
    const Options& o = shared_.opt;
    open_subscribers(o.subscribers, true);
    open_publisher();
    confirm_subscribed(o.subscribers);

    const std::int64_t t0 = now_ns();
    const auto measure_at = t0 + static_cast<std::int64_t>(o.warmup_s * 1e9);
    const auto end = measure_at + static_cast<std::int64_t>(o.duration_s * 1e9);
    net::post(*loops_[0], [p = publisher_.get(), measure_at, end] { p->run(measure_at, end); });

    // CPU time of both processes over the measured part (sampled when it starts and ends).
    wait_for("the first measured call", o.warmup_s + 10, [&] { return publisher_->start_ns.load() != 0; });
    const std::string server = std::to_string(o.server_pid);
    const double server_cpu0 = o.server_pid ? cpu_seconds(server) : 0, self_cpu0 = cpu_seconds("self");
    const double machine0 = machine_busy_seconds();
    const std::int64_t cpu_t0 = now_ns();

    wait_for("the publisher's last answer", o.duration_s + 30, [&] { return publisher_->done.load(); });
    check_failures("publishing");
    // Publications are delivered after their call was answered: wait until all have arrived, or
    // until nothing more arrives for a second (lost ones), within --drain-max.
    const std::uint64_t expected = publisher_->measured_ok * static_cast<std::uint64_t>(o.subscribers);
    const auto drain_deadline = Clock::now() + std::chrono::duration<double>(o.drain_max_s);
    std::uint64_t last = delivered();
    auto last_progress = Clock::now();
    while (delivered() < expected && Clock::now() < drain_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (const std::uint64_t d = delivered(); d != last) {
        last = d;
        last_progress = Clock::now();
      } else if (Clock::now() - last_progress > std::chrono::seconds(1)) {
        break;
      }
    }
    const double server_cpu1 = o.server_pid ? cpu_seconds(server) : 0, self_cpu1 = cpu_seconds("self");
    const double machine1 = machine_busy_seconds();
    const double cpu_wall = static_cast<double>(now_ns() - cpu_t0) / 1e9;
    stop();

    FanoutRun run;
    run.publications = publisher_->measured_ok;
    run.failed_calls = publisher_->measured_failed;
    run.publisher_error_frames = publisher_->error_frames;
    run.start_ns = publisher_->start_ns.load();
    run.end_ns = publisher_->end_ns.load();
    run.call_latency = &publisher_->call_latency;
    run.expected = expected;
    run.disconnects = shared_.disconnects.load();
    run.server_cpu = o.server_pid ? server_cpu1 - server_cpu0 : 0;
    run.client_cpu = self_cpu1 - self_cpu0;
    run.machine_busy = machine1 - machine0;
    run.cpu_wall = cpu_wall;
    if (!shared_.first_error.empty()) std::fprintf(stderr, "fanout: first problem seen: %s\n", shared_.first_error.c_str());
    print_fanout_result(o, run, stats_);
    return 0;
  }

  // VmRSS of the server per idle socket. A few sockets first (and the publisher, for the probes),
  // so that one-time costs (allocator arenas, the topic's map entry, statement caches) are in the
  // baseline rather than spread over N.
  int idle(bool subscribe) {
    const Options& o = shared_.opt;
    auto settle = [&] { std::this_thread::sleep_for(std::chrono::duration<double>(o.settle_s)); };
    auto rss = [&] {
      auto kb = status_kb(o.server_pid, "VmRSS");
      if (!kb) fail("cannot read VmRSS of pid " + std::to_string(o.server_pid));
      return *kb;
    };
    if (o.warm_conns > 0) open_subscribers(o.warm_conns, subscribe);
    if (subscribe) {
      open_publisher();
      confirm_subscribed(o.warm_conns);
    }
    settle();
    const long before = rss();
    open_subscribers(o.subscribers, subscribe);
    settle();
    check_failures("idling");
    const long after = rss();
    long after_line = after;
    if (subscribe) {
      confirm_subscribed(o.warm_conns + o.subscribers);
      settle();
      after_line = rss();
    }
    const int disconnects = shared_.disconnects.load();
    stop();
    print_idle_result(o, subscribe, before, after, after_line, disconnects);
    return 0;
  }

  std::uint64_t delivered() const {
    std::uint64_t n = 0;
    for (const auto& s : stats_) n += s->delivered.load(std::memory_order_relaxed);
    return n;
  }

  std::string first_error_suffix() {
    std::lock_guard lock(shared_.first_error_mutex);
    return shared_.first_error.empty() ? "" : " (first problem: " + shared_.first_error + ")";
  }

  void check_failures(const char* during) {
    if (shared_.failed.load() > 0)
      fail(std::to_string(shared_.failed.load()) + " socket(s) failed while " + during + first_error_suffix());
  }

  template <class Ready>
  void wait_for(const char* what, double seconds, Ready ready) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (!ready()) {
      check_failures(what);
      if (Clock::now() > deadline) fail(std::string("timed out waiting for ") + what + first_error_suffix());
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  // Closes every socket on its own loop, then ends the loops.
  void stop() {
    if (threads_.empty()) return;
    shared_.stopping.store(true);
    for (std::size_t i = 0; i < subs_.size(); ++i)
      net::post(*loops_[i % loops_.size()], [s = subs_[i].get()] { s->close(); });
    if (publisher_) net::post(*loops_[0], [p = publisher_.get()] { p->close(); });
    guards_.clear();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  Shared shared_;
  tcp::endpoint endpoint_;
  std::vector<std::unique_ptr<net::io_context>> loops_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards_;
  std::vector<std::unique_ptr<LoopStats>> stats_;
  std::vector<std::thread> threads_;
  std::vector<std::unique_ptr<Subscriber>> subs_;  // declared after loops_: destroyed before them
  std::unique_ptr<Publisher> publisher_;
};

}  // namespace
}  // namespace fanout

int main(int argc, char** argv) {
  using namespace fanout;
  const Options opt = parse_options(argc, argv);
  // Whatever happens (a server that stops answering, a bug here), the process ends in bounded time.
  std::thread([seconds = opt.watchdog_s] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    std::fprintf(stderr, "fanout: watchdog: still running after %.0f s, exiting\n", seconds);
    std::fflush(stderr);
    std::_Exit(3);
  }).detach();
  Bench bench(opt);
  return bench.run();
}
