// Server: the event loops, their threads and the listener.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "dev_channel.hpp"
#include "log.hpp"
#include "rally/server/env.hpp"
#include "rally/server/run.hpp"
#include "session.hpp"
#include "topic_hub.hpp"

namespace rally::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
// After an accept error such as EMFILE, wait before retrying instead of spinning.
constexpr auto accept_retry_delay = std::chrono::milliseconds(100);
}  // namespace

struct Server::Impl {
  Impl(App& app, Options options) : shared(std::make_shared<detail::Shared>(detail::Shared{app, std::move(options), nullptr})) {}

  std::shared_ptr<detail::Shared> shared;  // settled by start(), read-only while serving
  // One event loop per server thread, each run by that thread alone. A connection is dealt to one
  // loop and stays there (what other threads send it is posted to its loop), so its handlers never
  // run at the same time and need no strand. bin/bench, counter page, two threads: 44% more
  // requests a second than one io_context shared by both threads with a strand per connection.
  // The listener has a loop and thread of its own, so a slow handler holds up its own loop's
  // connections (new ones dealt to that loop wait too) but never the listener. Sessions are owned
  // by their pending handlers, and a session's handlers only ever wait on its own loop:
  // destroying the loops destroys every session and its socket.
  std::vector<std::unique_ptr<net::io_context>> loops;
  // Keeps each loop running while it has no connection (run() returns once a loop is out of work).
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  std::optional<net::io_context> accept_loop;
  std::size_t next_loop = 0;  // round robin; touched only by the accept handler
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> retry_timer;
  std::optional<detail::DevChannel> dev;  // a dev server's (Options::dev_status_file), on the accept loop
  std::vector<std::thread> threads;
  std::uint16_t bound_port = 0;

  std::mutex mutex;
  std::condition_variable stopped_cv;
  bool running = false;

  // Destroys the listener and the loops, in the order they need: I/O objects before the loop
  // they were made on, and the accept loop before the worker loops (its pending accept may hold
  // a socket made for one of them). Destroying a loop destroys its pending handlers, hence every
  // session and its socket. start() uses it to undo a half-made start, stop() to end.
  void release_loops() {
    dev.reset();
    retry_timer.reset();
    acceptor.reset();
    accept_loop.reset();
    keep_running.clear();
    loops.clear();
  }

  // An exception escaping a handler would end the thread and, uncaught, the process: log it and
  // keep serving (the session whose handler threw is gone, its socket closed).
  void run_loop(net::io_context& loop) {
    for (;;) {
      try {
        loop.run();
        return;
      } catch (const std::exception& e) {
        log_line("[trace " + new_trace_id() + "] a handler threw out of the event loop: " + e.what());
      } catch (...) {
        log_line("[trace " + new_trace_id() + "] a handler threw out of the event loop: unknown exception");
      }
    }
  }

  void do_accept() {
    net::io_context& loop = *loops[next_loop];
    next_loop = (next_loop + 1) % loops.size();
    acceptor->async_accept(loop.get_executor(), [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {
        log_line("accept failed: " + ec.message());
        retry_timer->expires_after(accept_retry_delay);
        retry_timer->async_wait([this](boost::system::error_code wait_ec) {
          if (!wait_ec) do_accept();
        });
        return;
      }
      detail::start_http_session(std::move(socket), shared);
      do_accept();
    });
  }
};

Server::Server(App& app, Options options) : impl_(std::make_unique<Impl>(app, std::move(options))) {}

Server::~Server() { stop(); }

void Server::start() {
  Impl& s = *impl_;
  if (!s.loops.empty()) throw std::logic_error("rally::server::Server::start called twice");
  const Options& o = s.shared->options;
  if (o.database && o.sessions) {
    SessionSettings settings;
    settings.secure_cookie = env::is_prod();
    s.shared->sessions = std::make_shared<SessionStore>(o.database, settings);  // throws if it cannot migrate
  }
  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1) threads = 1;
  try {
    for (int i = 0; i < threads; ++i) {
      s.loops.push_back(std::make_unique<net::io_context>(1));
      s.keep_running.push_back(net::make_work_guard(*s.loops.back()));
    }
    s.accept_loop.emplace(1);
  } catch (...) {  // e.g. out of file descriptors: leave nothing for stop() or a retry to trip on
    s.release_loops();
    throw;
  }

  const std::string where = o.host + ":" + std::to_string(o.port);
  auto fail = [&](const std::string& why) {
    s.release_loops();
    throw std::runtime_error("cannot listen on " + where + ": " + why);
  };
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  bool found = false;
  {
    // Scoped: fail() destroys the accept loop, which must outlive every I/O object built on it.
    tcp::resolver resolver(*s.accept_loop);
    auto results = resolver.resolve(o.host, std::to_string(o.port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    found = !ec && !results.empty();
    if (found) endpoint = results.begin()->endpoint();
  }
  if (!found) fail(ec ? ec.message() : "host not found");

  s.acceptor.emplace(*s.accept_loop);
  s.acceptor->open(endpoint.protocol(), ec);
  if (ec) fail(ec.message());
  s.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (ec) fail(ec.message());
  s.acceptor->bind(endpoint, ec);
  if (ec) fail(ec.message());
  s.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail(ec.message());
  s.bound_port = s.acceptor->local_endpoint().port();
  s.retry_timer.emplace(*s.accept_loop);
  if (!o.dev_status_file.empty()) {
    try {
      s.dev.emplace(*s.accept_loop, o.dev_status_file);
    } catch (...) {
      s.release_loops();
      throw;
    }
  }

  s.next_loop = 0;
  s.do_accept();
  {
    std::lock_guard lock(s.mutex);
    s.running = true;
  }
  s.threads.reserve(s.loops.size() + 1);
  for (auto& loop : s.loops) s.threads.emplace_back([&s, &loop = *loop] { s.run_loop(loop); });
  s.threads.emplace_back([&s] { s.run_loop(*s.accept_loop); });
}

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::stop() {
  Impl& s = *impl_;
  if (s.loops.empty()) return;
  // Handlers finish the step they are in; then no loop runs, and their sessions need no strand.
  if (s.accept_loop) s.accept_loop->stop();
  for (auto& loop : s.loops) loop->stop();
  for (auto& t : s.threads)
    if (t.joinable()) t.join();
  s.threads.clear();
  flush_log();  // the last requests' lines, before a caller reads the log
  // Another thread may be delivering a topic message to our sockets right now (a job publishing):
  // wait for it, and keep new deliveries off until every socket is gone with its loop.
  {
    auto no_deliveries = detail::topic_hub().hold_deliveries();
    s.release_loops();
  }
  {
    std::lock_guard lock(s.mutex);
    s.running = false;
  }
  s.stopped_cv.notify_all();
}

void Server::wait() {
  Impl& s = *impl_;
  std::unique_lock lock(s.mutex);
  s.stopped_cv.wait(lock, [&] { return !s.running; });
}

}  // namespace rally::server
