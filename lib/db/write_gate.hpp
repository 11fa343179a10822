#pragma once
// Private: one in-process queue of writers per database file.
//
// SQLite lets one writer in at a time and makes the others wait in its busy handler, which
// polls with sleeps of up to 100 ms and serves no one in order: with a handful of threads
// writing the same file, an unlucky writer can sleep through its whole busy_timeout and fail
// with SQLITE_BUSY. Connections of one process to one file therefore queue here first, first
// come first served, and only reach SQLite's lock when it is theirs (other processes still meet
// busy_timeout, as before).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace rally::db::detail {

class WriteGate {
 public:
  // Waits for this caller's turn; false after `timeout` (the caller's turn is then given up).
  bool lock_for(std::chrono::milliseconds timeout);
  void unlock();

 private:
  std::mutex mutex_;
  std::condition_variable turn_;
  std::uint64_t next_ = 0;     // the ticket the next caller draws
  std::uint64_t serving_ = 0;  // the ticket that may write now
  std::set<std::uint64_t> abandoned_;  // tickets whose holders timed out while waiting
};

// The gate shared by every connection of this process to the file `key` (a canonical path).
std::shared_ptr<WriteGate> write_gate_for(const std::string& key);

}  // namespace rally::db::detail
