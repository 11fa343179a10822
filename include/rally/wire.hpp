#pragma once
// The WebSocket protocol between a page's client and the server (one socket per tab).
//
// Every frame is a binary WebSocket message that starts with one FrameKind byte:
//   request   (client -> server): varint id, 8-byte handler id, payload = the encoded Server<Name>
//   response  (server -> client): varint id, payload = the encoded rally::Result<T, E>
//   error     (server -> client): varint id (0 when no request is to blame), 1-byte ErrorCode,
//                                 varint-length message
//   push      (server -> client): varint-length topic, payload = the encoded value
//   reload    (server -> client): varint-length reason; the client was built from other headers
//   subscribe   (client -> server): 8-byte topic type id, varint-length key = the encoded topic
//   unsubscribe (client -> server): the same
//   message   (server -> client): 8-byte topic type id, varint-length key, payload = the encoded
//                                 publication (Topic::Message)
// Server messages (rally/server/send.hpp) are `message` frames of the four audience topics below,
// whose payload is the 8-byte server message type id and then the encoded message.
// The client names its contract hash in the socket URL (/_rally/ws?contract=<hex>); a mismatch is
// answered with a reload frame and a close, never with data the client would misread.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rally::wire {

inline constexpr std::uint8_t protocol_version = 1;
inline constexpr std::string_view socket_path = "/_rally/ws";
inline constexpr std::string_view asset_prefix = "/_rally/";
// The push topic that carries a connection's new ClientContext (encoded) after a server handler
// changed it. Topics starting with "rally:" belong to the framework.
inline constexpr std::string_view context_topic = "rally:context";
// The tab's session changed (a sign-in or sign-out in another tab of the browser); the payload is
// the new session's form token. The client renders its forms with it and loads its page again.
inline constexpr std::string_view session_topic = "rally:session";

// The framework's audiences for server messages. The server subscribes every socket to its tab and
// its session; a page that takes server messages subscribes to its path and to the app.
inline constexpr std::uint64_t audience_tab = 0x7261'6c6c'7900'0001ull;      // key: the socket's random id
inline constexpr std::uint64_t audience_session = 0x7261'6c6c'7900'0002ull;  // key: a keyed hash of the session id
inline constexpr std::uint64_t audience_page = 0x7261'6c6c'7900'0003ull;     // key: the page's path ("/rooms/7")
inline constexpr std::uint64_t audience_app = 0x7261'6c6c'7900'0004ull;      // key: empty
// Development only: a server run by `rally dev` subscribes its tabs to this one and relays the
// build's state on it ("building", "ok", "reload", or "failed" and the diagnostics). Key: empty.
inline constexpr std::uint64_t audience_dev = 0x7261'6c6c'7900'0005ull;
constexpr bool is_audience(std::uint64_t topic) { return topic >= audience_tab && topic <= audience_dev; }

enum class FrameKind : std::uint8_t {
  request = 1, response = 2, error = 3, push = 4, reload = 5, subscribe = 6, unsubscribe = 7, message = 8
};

enum class ErrorCode : std::uint8_t {
  malformed = 1,        // the frame could not be decoded
  unknown_handler = 2,  // no handler has that id
  handler_failed = 3,   // the handler threw; the server logged a trace id
  unauthorized = 4,
  too_large = 5,
  overloaded = 6,       // too many requests in flight on this socket
};
const char* to_string(ErrorCode code);

struct Request {
  std::uint64_t id = 0;
  std::uint64_t handler = 0;
  std::string_view payload;
};

// A client frame: a request, or a subscription change (topic and key).
struct ClientFrame {
  FrameKind kind{};
  Request request;            // request
  std::uint64_t topic = 0;    // subscribe, unsubscribe
  std::string_view key;       // subscribe, unsubscribe
};

struct ServerFrame {
  FrameKind kind{};
  std::uint64_t id = 0;             // response, error; message: the topic type id
  ErrorCode code{};                 // error
  std::string_view text;            // error message, push topic, reload reason; message: the key
  std::string_view payload;         // response result, push value, message publication
};

std::string encode_request(std::uint64_t id, std::uint64_t handler, std::string_view payload);
std::string encode_response(std::uint64_t id, std::string_view result);
std::string encode_error(std::uint64_t id, ErrorCode code, std::string_view message);
std::string encode_push(std::string_view topic, std::string_view value);
std::string encode_reload(std::string_view reason);
std::string encode_subscribe(std::uint64_t topic, std::string_view key);
std::string encode_unsubscribe(std::uint64_t topic, std::string_view key);
std::string encode_message(std::uint64_t topic, std::string_view key, std::string_view payload);

// Parses a client frame; on failure returns nullopt and says why in `error`.
// The views in the result point into `frame`.
std::optional<Request> decode_request(std::string_view frame, std::string& error);
std::optional<ClientFrame> decode_client_frame(std::string_view frame, std::string& error);
std::optional<ServerFrame> decode_server_frame(std::string_view frame, std::string& error);

// FNV-1a 64: handler ids and contract hashes (stable across compilers and platforms).
constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}
std::string to_hex(std::uint64_t v);  // 16 lowercase hex digits

}  // namespace rally::wire
