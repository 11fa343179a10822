#pragma once
// The outgoing frames of one WebSocket. Boost-free so that its rules can be tested on their own.
//
// The frame being written is referenced by Asio until the write's handler runs, even when the
// socket is closed under it: close() therefore drops only the frames still waiting, and the
// in-flight one leaves through write_done() like any other.
#include <cstddef>
#include <deque>
#include <string>
#include <utility>

namespace rally::server::detail {

class WriteQueue {
 public:
  explicit WriteQueue(std::size_t max_frames) : max_frames_(max_frames) {}

  // Adds a frame. False when the queue is full (a client that does not read its answers; the
  // caller closes the socket) or closed (the frame is dropped).
  bool push(std::string frame) {
    if (closed_ || frames_.size() >= max_frames_) return false;
    frames_.push_back(std::move(frame));
    return true;
  }

  // True if a write should start now (a frame waits and none is in flight); it is then in flight.
  bool start_write() {
    if (closed_ || writing_ || frames_.empty()) return false;
    writing_ = true;
    return true;
  }
  const std::string& in_flight() const { return frames_.front(); }

  // The in-flight write finished (successfully or not): its buffer is no longer referenced.
  void write_done() {
    if (!writing_) return;
    writing_ = false;
    frames_.pop_front();
  }

  void close() {
    closed_ = true;
    frames_.erase(writing_ ? frames_.begin() + 1 : frames_.begin(), frames_.end());
  }

  bool closed() const { return closed_; }
  bool writing() const { return writing_; }
  bool empty() const { return frames_.empty(); }
  std::size_t size() const { return frames_.size(); }

 private:
  std::size_t max_frames_;
  std::deque<std::string> frames_;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace rally::server::detail
