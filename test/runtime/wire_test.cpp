#include <gtest/gtest.h>

#include <string>

#include <rally/codec.hpp>
#include <rally/wire.hpp>

namespace {

using namespace rally::wire;

std::string must_fail_server(const std::string& frame) {
  std::string error;
  EXPECT_FALSE(decode_server_frame(frame, error).has_value());
  EXPECT_FALSE(error.empty());
  return error;
}

std::string must_fail_request(const std::string& frame) {
  std::string error;
  EXPECT_FALSE(decode_request(frame, error).has_value());
  EXPECT_FALSE(error.empty());
  return error;
}

TEST(Wire, RequestRoundTrip) {
  const std::uint64_t handler = fnv1a64("web/home_/ServerIncrement");
  const std::string payload("\x02\x00\xFF", 3);
  std::string frame = encode_request(300, handler, payload);
  // kind, varint 300, 8 little-endian bytes, payload
  EXPECT_EQ(frame.substr(0, 3), std::string("\x01\xAC\x02", 3));
  EXPECT_EQ(static_cast<unsigned char>(frame[3]), handler & 0xff);
  EXPECT_EQ(frame.size(), 3u + 8u + payload.size());
  std::string error;
  auto req = decode_request(frame, error);
  ASSERT_TRUE(req.has_value()) << error;
  EXPECT_EQ(req->id, 300u);
  EXPECT_EQ(req->handler, handler);
  EXPECT_EQ(req->payload, payload);
}

TEST(Wire, RequestWithEmptyPayload) {
  std::string error;
  const std::string frame = encode_request(0, ~0ull, "");
  auto req = decode_request(frame, error);
  ASSERT_TRUE(req.has_value()) << error;
  EXPECT_EQ(req->handler, ~0ull);
  EXPECT_TRUE(req->payload.empty());
}

TEST(Wire, ResponseRoundTrip) {
  std::string result = rally::codec::to_bytes(rally::Result<std::int64_t>(7));
  std::string error;
  const std::string frame = encode_response(12, result);  // the views point into it
  auto f = decode_server_frame(frame, error);
  ASSERT_TRUE(f.has_value()) << error;
  EXPECT_EQ(f->kind, FrameKind::response);
  EXPECT_EQ(f->id, 12u);
  EXPECT_EQ(f->payload, result);
}

TEST(Wire, ErrorRoundTrip) {
  std::string error;
  const std::string frame = encode_error(5, ErrorCode::handler_failed, "trace 1234");
  auto f = decode_server_frame(frame, error);
  ASSERT_TRUE(f.has_value()) << error;
  EXPECT_EQ(f->kind, FrameKind::error);
  EXPECT_EQ(f->id, 5u);
  EXPECT_EQ(f->code, ErrorCode::handler_failed);
  EXPECT_EQ(f->text, "trace 1234");
  EXPECT_TRUE(f->payload.empty());
}

TEST(Wire, PushRoundTrip) {
  std::string value("\x00\x01", 2);
  std::string error;
  const std::string frame = encode_push("room:7", value);
  auto f = decode_server_frame(frame, error);
  ASSERT_TRUE(f.has_value()) << error;
  EXPECT_EQ(f->kind, FrameKind::push);
  EXPECT_EQ(f->text, "room:7");
  EXPECT_EQ(f->payload, value);
}

TEST(Wire, ReloadRoundTrip) {
  std::string error;
  const std::string frame = encode_reload("contract changed");
  auto f = decode_server_frame(frame, error);
  ASSERT_TRUE(f.has_value()) << error;
  EXPECT_EQ(f->kind, FrameKind::reload);
  EXPECT_EQ(f->text, "contract changed");
}

TEST(Wire, EmptyFrameIsRejected) {
  EXPECT_EQ(must_fail_request(""), "empty frame");
  EXPECT_EQ(must_fail_server(""), "empty frame");
}

TEST(Wire, UnknownKindIsRejected) {
  EXPECT_NE(must_fail_request(std::string("\x09\x01", 2)).find("unknown frame kind 9"), std::string::npos);
  EXPECT_NE(must_fail_server(std::string("\x00\x01", 2)).find("unknown frame kind 0"), std::string::npos);
}

TEST(Wire, WrongDirectionIsRejected) {
  EXPECT_NE(must_fail_request(encode_response(1, "x")).find("expected a request frame"), std::string::npos);
  EXPECT_NE(must_fail_server(encode_request(1, 2, "x")).find("request frame"), std::string::npos);
}

TEST(Wire, TruncatedRequestIsRejected) {
  std::string frame = encode_request(1000, 42, "");
  for (std::size_t n = 1; n < frame.size(); ++n) {
    std::string e = must_fail_request(frame.substr(0, n));
    EXPECT_NE(e.find("truncated"), std::string::npos) << n << ": " << e;
  }
}

TEST(Wire, TruncatedServerFramesAreRejected) {
  for (const std::string& frame : {encode_error(300, ErrorCode::unauthorized, "no"), encode_reload("why"),
                                   encode_push("topic", ""), encode_response(300, "")}) {
    for (std::size_t n = 1; n < frame.size(); ++n) {
      std::string e = must_fail_server(frame.substr(0, n));
      EXPECT_NE(e.find("at byte"), std::string::npos) << e;
    }
  }
}

TEST(Wire, UnknownErrorCodeIsRejected) {
  std::string frame = encode_error(1, ErrorCode::malformed, "m");
  frame[2] = '\x63';
  EXPECT_EQ(must_fail_server(frame), "malformed error frame: unknown error code 99 at byte 2");
  frame[2] = '\x00';
  must_fail_server(frame);
}

TEST(Wire, TrailingBytesAfterAnErrorOrReloadAreRejected) {
  EXPECT_NE(must_fail_server(encode_error(1, ErrorCode::too_large, "m") + "x").find("trailing"), std::string::npos);
  EXPECT_NE(must_fail_server(encode_reload("r") + "x").find("trailing"), std::string::npos);
}

TEST(Wire, LyingLengthIsRejected) {
  std::string frame = encode_reload("abc");
  frame[1] = '\x7f';  // claims 127 bytes
  EXPECT_NE(must_fail_server(frame).find("runs past the end"), std::string::npos);
}

TEST(Wire, FramesOverTheLimitAreRejected) {
  std::string payload(rally::codec::Limits::max_frame_bytes, 'x');
  EXPECT_NE(must_fail_request(encode_request(1, 1, payload)).find("exceeds the limit"), std::string::npos);
  EXPECT_NE(must_fail_server(encode_response(1, payload)).find("exceeds the limit"), std::string::npos);
}

TEST(Wire, ErrorCodeNames) {
  EXPECT_STREQ(to_string(ErrorCode::malformed), "malformed");
  EXPECT_STREQ(to_string(ErrorCode::unknown_handler), "unknown_handler");
  EXPECT_STREQ(to_string(ErrorCode::handler_failed), "handler_failed");
  EXPECT_STREQ(to_string(ErrorCode::unauthorized), "unauthorized");
  EXPECT_STREQ(to_string(ErrorCode::too_large), "too_large");
  EXPECT_STREQ(to_string(ErrorCode::overloaded), "overloaded");
  EXPECT_STREQ(to_string(static_cast<ErrorCode>(200)), "unknown");
}

TEST(Wire, Hex) {
  EXPECT_EQ(to_hex(0), "0000000000000000");
  EXPECT_EQ(to_hex(0x0123456789abcdefull), "0123456789abcdef");
  EXPECT_EQ(to_hex(~0ull), "ffffffffffffffff");
}

TEST(Wire, Fnv1aKnownValues) {
  static_assert(fnv1a64("") == 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ull);
}

}  // namespace

namespace rally::wire {
namespace {

TEST(Wire, SubscriptionFramesRoundTrip) {
  std::string error;
  for (FrameKind kind : {FrameKind::subscribe, FrameKind::unsubscribe}) {
    std::string bytes = kind == FrameKind::subscribe ? encode_subscribe(0x0102030405060708ull, std::string("k\0y", 3))
                                                     : encode_unsubscribe(0x0102030405060708ull, std::string("k\0y", 3));
    auto f = decode_client_frame(bytes, error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(f->kind, kind);
    EXPECT_EQ(f->topic, 0x0102030405060708ull);
    EXPECT_EQ(f->key, std::string_view("k\0y", 3));
    EXPECT_FALSE(decode_server_frame(bytes, error)) << "a client's frame";
    EXPECT_FALSE(decode_client_frame(bytes + "x", error)) << "trailing bytes";
    EXPECT_FALSE(decode_client_frame(bytes.substr(0, 5), error)) << "truncated";
  }
  const std::string request_bytes = encode_request(3, 9, "p");  // the result's views point into it
  auto request = decode_client_frame(request_bytes, error);
  ASSERT_TRUE(request) << error;
  EXPECT_EQ(request->kind, FrameKind::request);
  EXPECT_EQ(request->request.handler, 9u);
  EXPECT_EQ(request->request.payload, "p");
  EXPECT_FALSE(decode_client_frame(encode_push("t", "v"), error));
  EXPECT_EQ(error, "a push frame cannot come from a client");
}

TEST(Wire, MessageRoundTrip) {
  std::string error;
  std::string bytes = encode_message(42, "key", "payload");
  auto f = decode_server_frame(bytes, error);
  ASSERT_TRUE(f) << error;
  EXPECT_EQ(f->kind, FrameKind::message);
  EXPECT_EQ(f->id, 42u);
  EXPECT_EQ(f->text, "key");
  EXPECT_EQ(f->payload, "payload");
  EXPECT_FALSE(decode_client_frame(bytes, error));
  EXPECT_FALSE(decode_server_frame(bytes.substr(0, 4), error));
}

}  // namespace
}  // namespace rally::wire
