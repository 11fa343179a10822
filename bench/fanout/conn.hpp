// The fanout load client's raw WebSocket connection: an HTTP/1.1 upgrade, then binary frames,
// built and split by hand (conn.cpp). Subscriber and Publisher (clients.hpp) derive from it. Its own
// file because it is the one part that is about the transport rather than the app or the numbers:
// the client reads the socket in large chunks and splits frames itself, since a per-message
// composed read (Beast's websocket::stream) would cost the load generator about as much CPU per
// frame as the server spends on a delivery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"

namespace fanout {

// One WebSocket client connection: an HTTP/1.1 upgrade, then binary frames. Client frames are
// masked (RFC 6455 5.3); server frames arrive unmasked and are split out of large reads.
class Conn {
 public:
  Conn(net::io_context& ioc, Shared& shared) : shared_(shared), socket_(ioc), in_(16 * 1024) {
    mask_state_ = 0x9e3779b97f4a7c15ull ^ reinterpret_cast<std::uintptr_t>(this);
  }
  virtual ~Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Connects and upgrades on the socket's io_context; on_open() or on_closed() follows there.
  void start(const tcp::endpoint& to);

  // Queues one binary message; writes coalesce while one is in flight.
  void send(std::string_view payload);

  void close();

  bool is_open() const { return open_ && !closed_; }

 protected:
  virtual void on_open() = 0;
  // A whole message; `arrived` is when the read that completed it returned.
  virtual void on_message(std::string_view message, std::int64_t arrived) = 0;
  virtual void on_closed(const std::string& why, bool was_open) = 0;

  Shared& shared_;

 private:
  void read_more();
  // The response head; whatever follows it is already frames.
  bool parse_upgrade();
  // Every complete frame in the buffer; false when the socket was closed meanwhile.
  bool parse_frames(std::int64_t arrived);
  void consume(std::size_t n);
  void append_frame(std::string& out, unsigned opcode, std::string_view payload);
  void write_pending();
  void closed(const std::string& why);

  tcp::socket socket_;
  std::string request_;
  std::vector<char> in_;
  std::size_t in_len_ = 0;
  std::string fragments_;
  std::string pending_, in_flight_;
  bool writing_ = false;
  bool open_ = false;
  bool closed_ = false;
  std::uint64_t mask_state_;
};

}  // namespace fanout
