// The fanout load client's WebSocket connection (declared in conn.hpp): the upgrade request, the
// splitting of server frames out of large reads (pings answered, close frames reported, fragments
// joined), and masked client frames whose writes coalesce while one is in flight.
#include "conn.hpp"

#include <cstring>
#include <string>
#include <utility>

#include <boost/asio/write.hpp>

#include <rally/codec.hpp>
#include <rally/wire.hpp>

namespace fanout {

void Conn::start(const tcp::endpoint& to) {
  socket_.async_connect(to, [this](boost::system::error_code ec) {
    if (ec) return closed("connect: " + ec.message());
    socket_.set_option(tcp::no_delay(true));
    request_ = "GET " + std::string(rally::wire::socket_path) + "?contract=" + shared_.opt.contract +
               "&ns=web HTTP/1.1\r\nHost: " + shared_.opt.host + ":" + std::to_string(shared_.opt.port) +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
               (shared_.opt.cookie.empty() ? std::string() : "Cookie: " + shared_.opt.cookie + "\r\n") +
               // Any 16 bytes in base64; the accept header is not checked (status 101 is the
               // server's answer, and this client only ever talks to a Rally server on loopback).
               "Sec-WebSocket-Key: cmFsbHktYmVuY2gtZmFub3V0\r\nSec-WebSocket-Version: 13\r\n\r\n";
    net::async_write(socket_, net::buffer(request_), [this](boost::system::error_code ec2, std::size_t) {
      if (ec2) return closed("upgrade request: " + ec2.message());
      request_.clear();
      read_more();
    });
  });
}

void Conn::send(std::string_view payload) {
  if (closed_) return;
  append_frame(pending_, 0x2, payload);
  if (!writing_) write_pending();
}

void Conn::close() {
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Conn::read_more() {
  if (in_len_ == in_.size()) in_.resize(in_.size() * 2);  // one frame larger than the buffer
  socket_.async_read_some(net::buffer(in_.data() + in_len_, in_.size() - in_len_),
                          [this](boost::system::error_code ec, std::size_t n) {
                            if (ec) return closed(open_ ? "read: " + ec.message() : "upgrade response: " + ec.message());
                            in_len_ += n;
                            if (!open_ && !parse_upgrade()) return;
                            if (open_ && !parse_frames(now_ns())) return;
                            read_more();
                          });
}

bool Conn::parse_upgrade() {
  std::string_view got(in_.data(), in_len_);
  const std::size_t end = got.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (in_len_ > 8192) return closed("upgrade response head too long"), false;
    return true;
  }
  const std::string_view status = got.substr(0, got.find("\r\n"));
  if (status.substr(0, 13) != "HTTP/1.1 101 ") return closed("upgrade refused: " + std::string(status)), false;
  consume(end + 4);
  open_ = true;
  on_open();
  return !closed_;
}

bool Conn::parse_frames(std::int64_t arrived) {
  std::size_t pos = 0;
  while (!closed_) {
    const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + pos);
    const std::size_t avail = in_len_ - pos;
    if (avail < 2) break;
    const bool fin = p[0] & 0x80;
    const unsigned opcode = p[0] & 0x0f;
    if (p[1] & 0x80) return closed("the server sent a masked frame"), false;
    std::uint64_t len = p[1] & 0x7f;
    std::size_t head = 2;
    if (len == 126) {
      if (avail < 4) break;
      len = (std::uint64_t{p[2]} << 8) | p[3];
      head = 4;
    } else if (len == 127) {
      if (avail < 10) break;
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
      head = 10;
    }
    if (len > rally::codec::Limits::max_frame_bytes) return closed("frame over the protocol's limit"), false;
    if (avail < head + len) break;
    const std::string_view payload(in_.data() + pos + head, static_cast<std::size_t>(len));
    pos += head + static_cast<std::size_t>(len);
    if (opcode == 0x9) {  // ping: answer with the same payload
      append_frame(pending_, 0xA, payload);
      if (!writing_) write_pending();
    } else if (opcode == 0x8) {
      unsigned code = payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]) : 0;
      return closed("the server closed the socket (code " + std::to_string(code) + " " +
                    std::string(payload.size() > 2 ? payload.substr(2) : std::string_view{}) + ")"),
             false;
    } else if (opcode == 0x1 || opcode == 0x2 || opcode == 0x0) {
      if (fin && fragments_.empty() && opcode != 0x0) {
        on_message(payload, arrived);
      } else {
        fragments_.append(payload);
        if (fin) {
          on_message(fragments_, arrived);
          fragments_.clear();
        }
      }
    }  // pong and reserved opcodes: nothing to do
  }
  consume(pos);
  return !closed_;
}

void Conn::consume(std::size_t n) {
  if (n == 0) return;
  std::memmove(in_.data(), in_.data() + n, in_len_ - n);
  in_len_ -= n;
}

void Conn::append_frame(std::string& out, unsigned opcode, std::string_view payload) {
  out.push_back(static_cast<char>(0x80 | opcode));
  const std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n < 65536) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xff));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
  }
  // xorshift: the mask only has to vary, not to be secret, between a client and its own server.
  mask_state_ ^= mask_state_ << 13;
  mask_state_ ^= mask_state_ >> 7;
  mask_state_ ^= mask_state_ << 17;
  char mask[4];
  for (int i = 0; i < 4; ++i) mask[i] = static_cast<char>(mask_state_ >> (8 * i));
  out.append(mask, 4);
  const std::size_t at = out.size();
  out.append(payload.data(), n);
  for (std::size_t i = 0; i < n; ++i) out[at + i] ^= mask[i & 3];
}

void Conn::write_pending() {
  if (pending_.empty() || closed_) return;
  writing_ = true;
  std::swap(pending_, in_flight_);
  pending_.clear();
  net::async_write(socket_, net::buffer(in_flight_), [this](boost::system::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) return closed("write: " + ec.message());
    write_pending();
  });
}

void Conn::closed(const std::string& why) {
  if (closed_) return;
  const bool was_open = open_;
  close();
  on_closed(why, was_open);
}

}  // namespace fanout
