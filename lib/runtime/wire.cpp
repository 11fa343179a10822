// Framing of the WebSocket protocol (see wire.hpp for the byte layout).
#include "rally/wire.hpp"

#include "rally/codec.hpp"

namespace rally::wire {

namespace {

using codec::Reader;
using codec::Writer;

const char* kind_name(std::uint8_t kind) {
  switch (static_cast<FrameKind>(kind)) {
    case FrameKind::request: return "request";
    case FrameKind::response: return "response";
    case FrameKind::error: return "error";
    case FrameKind::push: return "push";
    case FrameKind::reload: return "reload";
    case FrameKind::subscribe: return "subscribe";
    case FrameKind::unsubscribe: return "unsubscribe";
    case FrameKind::message: return "message";
  }
  return nullptr;
}

bool is_error_code(std::uint8_t c) {
  return c >= static_cast<std::uint8_t>(ErrorCode::malformed) && c <= static_cast<std::uint8_t>(ErrorCode::overloaded);
}

// Checks what every frame shares; returns the kind byte or 0 with `error` set.
std::uint8_t check_frame(std::string_view frame, Reader& r, std::string& error) {
  if (frame.empty()) {
    error = "empty frame";
    return 0;
  }
  if (frame.size() > codec::Limits::max_frame_bytes) {
    error = "frame of " + std::to_string(frame.size()) + " bytes exceeds the limit of " +
            std::to_string(codec::Limits::max_frame_bytes);
    return 0;
  }
  std::uint8_t kind = r.u8();
  if (!kind_name(kind)) {
    error = "unknown frame kind " + std::to_string(kind) + " at byte 0";
    return 0;
  }
  return kind;
}

// Sets `error` from the reader (or for leftover bytes); true if the frame was fully consumed.
bool finish(Reader& r, const char* what, std::string& error) {
  if (r.ok() && !r.at_end()) r.fail("trailing bytes");
  if (r.ok()) return true;
  error = std::string("malformed ") + what + " frame: " + r.error();
  return false;
}

}  // namespace

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::malformed: return "malformed";
    case ErrorCode::unknown_handler: return "unknown_handler";
    case ErrorCode::handler_failed: return "handler_failed";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::overloaded: return "overloaded";
  }
  return "unknown";
}

std::string encode_request(std::uint64_t id, std::uint64_t handler, std::string_view payload) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(FrameKind::request));
  w.varint(id);
  w.fixed64(handler);
  w.raw(payload);
  return w.take();
}

std::string encode_response(std::uint64_t id, std::string_view result) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(FrameKind::response));
  w.varint(id);
  w.raw(result);
  return w.take();
}

std::string encode_error(std::uint64_t id, ErrorCode code, std::string_view message) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(FrameKind::error));
  w.varint(id);
  w.u8(static_cast<std::uint8_t>(code));
  w.bytes(message);
  return w.take();
}

std::string encode_push(std::string_view topic, std::string_view value) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(FrameKind::push));
  w.bytes(topic);
  w.raw(value);
  return w.take();
}

std::string encode_reload(std::string_view reason) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(FrameKind::reload));
  w.bytes(reason);
  return w.take();
}

namespace {
std::string encode_topic_frame(FrameKind kind, std::uint64_t topic, std::string_view key) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(kind));
  w.fixed64(topic);
  w.bytes(key);
  return w.take();
}
}  // namespace

std::string encode_subscribe(std::uint64_t topic, std::string_view key) {
  return encode_topic_frame(FrameKind::subscribe, topic, key);
}
std::string encode_unsubscribe(std::uint64_t topic, std::string_view key) {
  return encode_topic_frame(FrameKind::unsubscribe, topic, key);
}
std::string encode_message(std::uint64_t topic, std::string_view key, std::string_view payload) {
  std::string out = encode_topic_frame(FrameKind::message, topic, key);
  out.append(payload.data(), payload.size());
  return out;
}

std::optional<ClientFrame> decode_client_frame(std::string_view frame, std::string& error) {
  Reader r(frame);
  std::uint8_t kind = check_frame(frame, r, error);
  if (!kind) return std::nullopt;
  ClientFrame f;
  f.kind = static_cast<FrameKind>(kind);
  if (f.kind == FrameKind::request) {
    auto request = decode_request(frame, error);
    if (!request) return std::nullopt;
    f.request = *request;
    return f;
  }
  if (f.kind != FrameKind::subscribe && f.kind != FrameKind::unsubscribe) {
    error = std::string("a ") + kind_name(kind) + " frame cannot come from a client";
    return std::nullopt;
  }
  f.topic = r.fixed64();
  f.key = r.bytes();
  if (!finish(r, kind_name(kind), error)) return std::nullopt;
  return f;
}

std::optional<Request> decode_request(std::string_view frame, std::string& error) {
  Reader r(frame);
  std::uint8_t kind = check_frame(frame, r, error);
  if (!kind) return std::nullopt;
  if (kind != static_cast<std::uint8_t>(FrameKind::request)) {
    error = std::string("expected a request frame, got a ") + kind_name(kind) + " frame";
    return std::nullopt;
  }
  Request req;
  req.id = r.varint();
  req.handler = r.fixed64();
  if (!r.ok()) {
    error = "malformed request frame: " + r.error();
    return std::nullopt;
  }
  req.payload = r.rest();
  return req;
}

std::optional<ServerFrame> decode_server_frame(std::string_view frame, std::string& error) {
  Reader r(frame);
  std::uint8_t kind = check_frame(frame, r, error);
  if (!kind) return std::nullopt;
  ServerFrame f;
  f.kind = static_cast<FrameKind>(kind);
  // Response, push and message frames end with a payload (the rest of the frame); error and reload
  // frames end with their last field.
  bool has_payload = true;
  switch (f.kind) {
    case FrameKind::response:
      f.id = r.varint();
      break;
    case FrameKind::error: {
      f.id = r.varint();
      const std::size_t code_at = r.offset();
      const std::uint8_t code = r.u8();
      if (r.ok() && !is_error_code(code)) {
        error = "malformed error frame: unknown error code " + std::to_string(code) + " at byte " + std::to_string(code_at);
        return std::nullopt;
      }
      f.code = static_cast<ErrorCode>(code);
      f.text = r.bytes();
      has_payload = false;
      break;
    }
    case FrameKind::push:
      f.text = r.bytes();
      break;
    case FrameKind::reload:
      f.text = r.bytes();
      has_payload = false;
      break;
    case FrameKind::message:
      f.id = r.fixed64();
      f.text = r.bytes();
      break;
    default:  // request, subscribe, unsubscribe
      error = std::string("a ") + kind_name(kind) + " frame cannot come from the server";
      return std::nullopt;
  }
  if (has_payload) {
    if (r.ok()) f.payload = r.rest();
  } else if (r.ok() && !r.at_end()) {
    r.fail("trailing bytes");
  }
  if (!r.ok()) {
    error = std::string("malformed ") + kind_name(kind) + " frame: " + r.error();
    return std::nullopt;
  }
  return f;
}

std::string to_hex(std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 15];
  return out;
}

}  // namespace rally::wire
