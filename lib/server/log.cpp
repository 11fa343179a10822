#include "log.hpp"

#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <new>
#include <random>
#include <thread>

#include "rally/render.hpp"
#include "rally/wire.hpp"

namespace rally::server {

namespace {

constexpr std::size_t flush_at_bytes = 64 * 1024;
constexpr auto flush_every = std::chrono::milliseconds(200);

void write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // stderr is gone: nothing better to do with a log line
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// The buffer and its writer thread, started with the first routine line. Never destroyed (a static
// that outlives every thread that may log); std::atexit writes out the rest.
class Log {
 public:
  static Log& get() {
    static Log* log = new Log;
    return *log;
  }

  void routine(std::string_view line) {
    std::unique_lock lock(mutex_);
    append(line);
    if (!writer_started_) {
      writer_started_ = true;
      std::thread([this] { run(); }).detach();
    }
    if (buffer_.size() >= flush_at_bytes) wake_.notify_one();
  }

  void now(std::string_view line) {
    std::lock_guard write_lock(write_mutex_);
    std::string out;
    {
      std::lock_guard lock(mutex_);
      out.swap(buffer_);
    }
    out += "rally: ";
    out += line;
    out += '\n';
    write_all(out);
  }

  void flush() {
    std::lock_guard write_lock(write_mutex_);
    std::string out;
    {
      std::lock_guard lock(mutex_);
      out.swap(buffer_);
    }
    write_all(out);
  }

 private:
  Log() {
    std::atexit([] { Log::get().flush(); });
    // A fork() copies the locks and the buffer but not the writer thread: the child could inherit a
    // lock the writer held, its routine lines would wait for a writer that is not there, and the
    // lines buffered before the fork would be written by both processes. The fork waits for both
    // locks and writes the buffer out; the child starts its own writer with its first routine line.
    ::pthread_atfork([] { Log::get().prepare_fork(); }, [] { Log::get().after_fork(false); },
                     [] { Log::get().after_fork(true); });
  }

  void prepare_fork() {
    write_mutex_.lock();
    mutex_.lock();
    // Now, so that neither process has these lines after the fork: none written twice, none lost
    // when the parent leaves right away.
    write_all(buffer_);
    buffer_.clear();
  }
  void after_fork(bool in_child) {
    if (in_child) {
      writer_started_ = false;
      // The parent's writer may be waiting on wake_, and it does not exist here: a new condition
      // variable in its place. Not destroyed first: its destructor would wait for that waiter.
      new (&wake_) std::condition_variable;
    }
    mutex_.unlock();
    write_mutex_.unlock();
  }

  void append(std::string_view line) {
    buffer_ += "rally: ";
    buffer_ += line;
    buffer_ += '\n';
  }

  void run() {
    std::string out;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, flush_every, [this] { return buffer_.size() >= flush_at_bytes; });
        if (buffer_.empty()) continue;
      }
      // Written outside the buffer's lock, so request threads never wait for the terminal; the
      // write lock keeps this batch and a problem line from interleaving.
      std::lock_guard write_lock(write_mutex_);
      {
        std::lock_guard lock(mutex_);
        out.swap(buffer_);
      }
      write_all(out);
      out.clear();
    }
  }

  std::mutex mutex_;        // buffer_
  std::mutex write_mutex_;  // the order of writes to stderr
  std::condition_variable wake_;
  std::string buffer_;
  bool writer_started_ = false;
};

}  // namespace

std::string new_trace_id() {
  thread_local std::mt19937_64 rng{(static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}()};
  return rally::wire::to_hex(rng());
}

void log_line(std::string_view line) { Log::get().now(line); }

void log_routine(std::string_view line) { Log::get().routine(line); }

void flush_log() { Log::get().flush(); }

std::string error_page(int status, std::string_view title, std::string_view trace_id) {
  std::string t = rally::escape_text(title);
  std::string s = std::to_string(status);
  std::string out = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + s + " " + t +
                    "</title></head>\n<body><h1>" + s + " " + t + "</h1>\n";
  if (!trace_id.empty()) out += "<p>Trace id: <code>" + rally::escape_text(trace_id) + "</code></p>\n";
  out += "</body></html>\n";
  return out;
}

}  // namespace rally::server
