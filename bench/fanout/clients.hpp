// The fanout load client's two kinds of sockets, on top of the raw connection (conn.hpp): the
// Subscriber, which subscribes to the room and counts and times the lines it hears, and the
// Publisher, which calls server_say in a closed loop. This is where the chat app's protocol lives
// (its generated codecs and topic table, in clients.cpp); the controller in main.cpp drives them.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "common.hpp"
#include "conn.hpp"
#include "stats.hpp"

namespace fanout {

// ---------------------------------------------------------------------------------------------
// A subscriber: subscribes on open (unless idle-connect), then counts and times what arrives.

class Subscriber final : public Conn {
 public:
  Subscriber(net::io_context& ioc, Shared& shared, LoopStats& stats, bool subscribe)
      : Conn(ioc, shared), stats_(stats), subscribe_(subscribe) {}

 protected:
  void on_open() override;
  void on_message(std::string_view message, std::int64_t arrived) override;
  void on_closed(const std::string& why, bool was_open) override;

 private:
  void bad(const std::string& why);

  LoopStats& stats_;
  bool subscribe_;
  bool confirmed_ = false;
  std::uint64_t last_seq_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The publisher: server_say calls, each answered by the handler's Result<Line>. Lives on loop 0;
// the controller talks to it through net::post and reads its atomics.

class Publisher final : public Conn {
 public:
  Publisher(net::io_context& ioc, Shared& shared) : Conn(ioc, shared) {}

  std::atomic<bool> ready{false};
  std::atomic<bool> done{false};           // the closed loop ended and every call was answered
  std::atomic<std::int64_t> start_ns{0};   // when the first measured call was sent
  std::atomic<std::int64_t> end_ns{0};     // when the last measured answer arrived
  // Read after `done`:
  std::uint64_t measured_ok = 0, measured_failed = 0, error_frames = 0;
  Histogram call_latency;                  // request sent -> answer read, measured calls

  // One probe line, unless the previous one is still unanswered.
  void probe();

  // The closed loop: `window` calls in flight until `end`; calls sent from `measure_at` on count.
  void run(std::int64_t measure_at, std::int64_t end);

 protected:
  void on_open() override { ready.store(true); }
  void on_message(std::string_view message, std::int64_t arrived) override;
  void on_closed(const std::string& why, bool) override;

 private:
  void send_timed();
  std::int64_t sent_at(std::uint64_t seq) const { return sent_[seq % sent_.size()]; }
  void call(std::uint64_t seq, std::string text);

  bool running_ = false;
  std::uint64_t probe_seq_ = 0;  // the probe call awaiting its answer (0: none)
  int in_flight_ = 0;
  std::uint64_t next_seq_ = 1;
  std::uint64_t measured_from_ = UINT64_MAX;
  std::int64_t measure_at_ = 0, end_at_ = 0;
  std::array<std::int64_t, 256> sent_{};  // by seq modulo: the window is at most 255
};

}  // namespace fanout
