// The fanout load client's Subscriber and Publisher (declared in clients.hpp): the frames they send
// and how they read the server's, with Rally's wire functions and the chat's generated codecs, so
// the bytes are what the app's WASM client sends and reads.
#include "clients.hpp"

#include <charconv>
#include <string>
#include <system_error>
#include <utility>

#include <rally/codec.hpp>
#include <rally/topic.hpp>
#include <rally/wire.hpp>

// The app's own types and their generated codecs (include paths set by bench/CMakeLists.txt).
#include "codecs/web/pages/rooms/id_.hpp"
#include "codecs/web/room.hpp"
#include "web/room.hpp"

namespace fanout {
namespace {

using web::pages::rooms::id_::ServerSay;

// The chat once took the author from the request; a chat with accounts takes it from the session.
template <class Say>
void name_author(Say& say) {
  if constexpr (requires { say.author; }) say.author = "bench";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Subscriber

void Subscriber::on_open() {
  shared_.opened.fetch_add(1, std::memory_order_relaxed);
  if (subscribe_) send(shared_.subscribe_frame);
}

void Subscriber::on_message(std::string_view message, std::int64_t arrived) {
  std::string error;
  const auto frame = rally::wire::decode_server_frame(message, error);
  if (!frame) return bad("undecodable frame: " + error);
  if (frame->kind == rally::wire::FrameKind::error) {
    stats_.error_frames.fetch_add(1, std::memory_order_relaxed);
    shared_.note_error("error frame " + std::string(rally::wire::to_string(frame->code)) + ": " + std::string(frame->text));
    return;
  }
  if (frame->kind == rally::wire::FrameKind::reload) return bad("reload frame (wrong contract?): " + std::string(frame->text));
  if (frame->kind != rally::wire::FrameKind::message || frame->id != shared_.topic_id || frame->text != shared_.topic_key)
    return bad("a frame of kind " + std::to_string(static_cast<int>(frame->kind)) + " for another topic");
  web::Line line;
  if (!rally::topic_ops<web::Room>().decode(frame->payload, &line, error)) return bad("undecodable line: " + error);
  if (!confirmed_) {
    confirmed_ = true;
    shared_.confirmed.fetch_add(1, std::memory_order_relaxed);
  }
  // "p <seq> <sent ns>": a timed line; anything else (the probes) is only a sign of life.
  std::string_view text = line.text;
  if (text.size() < 2 || text[0] != 'p' || text[1] != ' ') return;
  std::uint64_t seq = 0;
  std::int64_t sent = 0;
  const char* end = text.data() + text.size();
  auto r1 = std::from_chars(text.data() + 2, end, seq);
  if (r1.ec != std::errc{} || r1.ptr == end) return bad("unreadable line text");
  auto r2 = std::from_chars(r1.ptr + 1, end, sent);
  if (r2.ec != std::errc{}) return bad("unreadable line text");
  if (seq <= last_seq_ && last_seq_ != 0) stats_.out_of_order.fetch_add(1, std::memory_order_relaxed);
  last_seq_ = seq;
  if (seq < shared_.measure_from.load(std::memory_order_acquire)) return;  // warm-up
  stats_.latency.add(arrived - sent);
  stats_.delivered.fetch_add(1, std::memory_order_relaxed);
  if (arrived > stats_.last_delivery_ns.load(std::memory_order_relaxed))
    stats_.last_delivery_ns.store(arrived, std::memory_order_relaxed);
}

void Subscriber::on_closed(const std::string& why, bool was_open) {
  if (shared_.stopping.load()) return;
  if (!was_open) {
    shared_.failed.fetch_add(1);
  } else {
    shared_.disconnects.fetch_add(1);
  }
  shared_.note_error(why);
}

void Subscriber::bad(const std::string& why) {
  stats_.bad_frames.fetch_add(1, std::memory_order_relaxed);
  shared_.note_error(why);
}

// ---------------------------------------------------------------------------------------------
// Publisher

void Publisher::probe() {
  if (probe_seq_ != 0 || running_) return;
  probe_seq_ = next_seq_++;
  call(probe_seq_, "probe");
}

void Publisher::run(std::int64_t measure_at, std::int64_t end) {
  running_ = true;
  measure_at_ = measure_at;
  end_at_ = end;
  for (int i = 0; i < shared_.opt.window; ++i) send_timed();
}

void Publisher::on_message(std::string_view message, std::int64_t arrived) {
  std::string error;
  const auto frame = rally::wire::decode_server_frame(message, error);
  if (!frame) return shared_.note_error("publisher: undecodable frame: " + error);
  if (frame->kind == rally::wire::FrameKind::error) {
    ++error_frames;
    shared_.note_error("publisher: error frame " + std::string(rally::wire::to_string(frame->code)) + ": " +
                       std::string(frame->text));
    if (frame->id == 0) return;  // not the answer to a call
    if (frame->id >= measured_from_) ++measured_failed;
  } else if (frame->kind == rally::wire::FrameKind::response) {
    rally::Result<web::Line> result;
    const bool decoded = rally::codec::from_bytes(frame->payload, result, &error);
    if (!decoded) {
      shared_.note_error("publisher: undecodable answer: " + error);
    } else if (!result) {
      shared_.note_error("publisher: server_say failed: " + result.error_text());
    }
    if (frame->id >= measured_from_) {
      ++(decoded && result ? measured_ok : measured_failed);
      call_latency.add(arrived - sent_at(frame->id));
      end_ns.store(arrived);
    }
  } else {
    return;  // a push (rally:context / rally:session): not an answer
  }
  if (frame->id == probe_seq_) {
    probe_seq_ = 0;
    return;
  }
  --in_flight_;
  if (now_ns() < end_at_) return send_timed();
  if (in_flight_ == 0) done.store(true);
}

void Publisher::on_closed(const std::string& why, bool) {
  if (shared_.stopping.load()) return;
  shared_.note_error("publisher: " + why);
  shared_.failed.fetch_add(1);
  done.store(true);
}

void Publisher::send_timed() {
  const std::uint64_t seq = next_seq_++;
  const std::int64_t t = now_ns();
  if (measured_from_ == UINT64_MAX && t >= measure_at_) {
    measured_from_ = seq;
    shared_.measure_from.store(seq, std::memory_order_release);
    start_ns.store(t);
  }
  sent_[seq % sent_.size()] = t;
  ++in_flight_;
  call(seq, "p " + std::to_string(seq) + " " + std::to_string(t));
}

void Publisher::call(std::uint64_t seq, std::string text) {
  ServerSay say{};
  say.room = shared_.opt.room;
  say.text = std::move(text);
  name_author(say);
  send(rally::wire::encode_request(seq, shared_.opt.handler, rally::codec::to_bytes(say)));
}

}  // namespace fanout
