// Topics through the real server: sockets subscribe with frames, publications reach exactly the
// subscribers of that topic and key (the publisher's own socket included), leaving and closing
// unsubscribe, the per-socket limit, and a subscriber that does not read is cut off while the
// others keep receiving.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fake_app.hpp"
#include "rally/codec.hpp"
#include "rally/server/run.hpp"
#include "rally/server/send.hpp"
#include "rally/server/topics.hpp"
#include "rally/wire.hpp"
#include "test_client.hpp"

namespace {

struct Room {
  std::int64_t id = 0;
  using Message = std::string;
};

}  // namespace

namespace rally {
namespace codec {
template <>
struct Codec<Room> {
  static void encode(Writer& w, const Room& v) { rally::codec::encode(w, v.id); }
  static void decode(Reader& r, Room& v) { rally::codec::decode(r, v.id); }
};
}  // namespace codec
// What rally-gen writes in topics.cpp for a topic type, by hand.
template <>
const TopicOps& topic_ops<Room>() {
  static const TopicOps ops{
      0x726f6f6d726f6f6dull,
      [](const void* t) { return codec::to_bytes(*static_cast<const Room*>(t)); },
      [](std::string_view p, void* m, std::string& e) { return codec::from_bytes(p, *static_cast<std::string*>(m), &e); },
      [](const void* m) { return codec::to_bytes(*static_cast<const std::string*>(m)); },
  };
  return ops;
}
// What rally-gen writes for a server message type (here: a plain string), by hand.
template <>
const ServerMessageOps& server_message_ops<std::string>() {
  static const ServerMessageOps ops{0x7461627461627461ull, [](const void* m) { return codec::to_bytes(*static_cast<const std::string*>(m)); }};
  return ops;
}
}  // namespace rally

namespace rally::server {
namespace {

using rally::test::WsClient;
using testing::FakeApp;

std::string key(std::int64_t room) { return codec::to_bytes(Room{room}); }
const std::uint64_t room_topic = topic_ops<Room>().id;

class Topics : public ::testing::Test {
 protected:
  void SetUp() override {
    Options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.log_requests = false;
    server_ = std::make_unique<Server>(app_, o);
    server_->start();
  }
  void TearDown() override { server_.reset(); }

  void open(WsClient& ws) {
    ASSERT_EQ(ws.connect(server_->port(), "/_rally/ws?contract=" + std::string(app_.contract_hash())), "");
  }
  // Subscribes and waits until the server has it (frames on one socket are handled in order: a
  // call answered after the subscribe frame means the subscription is in place).
  void subscribe(WsClient& ws, std::int64_t room) {
    ASSERT_TRUE(ws.send_binary(wire::encode_subscribe(room_topic, key(room))));
    sync(ws);
  }
  void sync(WsClient& ws) {
    ASSERT_TRUE(ws.send_binary(wire::encode_request(99, testing::echo_handler, "sync")));
    auto frame = ws.receive();
    ASSERT_TRUE(frame.ok()) << frame.error;
    std::string error;
    auto f = wire::decode_server_frame(frame.payload, error);
    ASSERT_TRUE(f && f->kind == wire::FrameKind::response && f->id == 99) << error;
  }
  // The next frame, which must be a message of Room{room}; returns its text.
  static std::string next_message(WsClient& ws, std::int64_t room) {
    auto frame = ws.receive();
    if (!frame.ok()) return "(" + frame.error + ")";
    std::string error;
    auto f = wire::decode_server_frame(frame.payload, error);
    if (!f || f->kind != wire::FrameKind::message) return "(not a message: " + error + ")";
    if (f->id != room_topic || f->text != key(room)) return "(another topic)";
    std::string text;
    if (!codec::from_bytes(f->payload, text, &error)) return "(bad payload: " + error + ")";
    return text;
  }

  FakeApp app_;
  std::unique_ptr<Server> server_;
};

TEST_F(Topics, APublicationReachesEverySubscriberOfItsTopicAndKeyOnly) {
  WsClient a, b, other_room, none;
  open(a);
  open(b);
  open(other_room);
  open(none);
  subscribe(a, 7);
  subscribe(b, 7);
  subscribe(other_room, 8);
  EXPECT_EQ(subscriber_count(room_topic, key(7)), 2u);

  rally::publish(Room{7}, std::string("hello 7"));
  rally::publish(Room{8}, std::string("hello 8"));
  EXPECT_EQ(next_message(a, 7), "hello 7");
  EXPECT_EQ(next_message(b, 7), "hello 7");
  EXPECT_EQ(next_message(other_room, 8), "hello 8");
  // Nothing else arrived first: the next frame each gets is the answer to a later call.
  sync(a);
  sync(other_room);
  sync(none);
}

TEST_F(Topics, PublicationsArriveInOrderAndDeliverLocalCounts) {
  WsClient a;
  open(a);
  subscribe(a, 1);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(deliver_local(room_topic, key(1), codec::to_bytes(std::to_string(i))), 1u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(next_message(a, 1), std::to_string(i));
  EXPECT_EQ(deliver_local(room_topic, key(2), codec::to_bytes(std::string("nobody"))), 0u);
}

TEST_F(Topics, UnsubscribingAndClosingLeaveTheTopic) {
  const std::size_t before = subscription_count();
  {
    WsClient a, b;
    open(a);
    open(b);
    subscribe(a, 3);
    subscribe(a, 3);  // twice is once
    subscribe(b, 3);
    EXPECT_EQ(subscriber_count(room_topic, key(3)), 2u);
    ASSERT_TRUE(a.send_binary(wire::encode_unsubscribe(room_topic, key(3))));
    sync(a);
    EXPECT_EQ(subscriber_count(room_topic, key(3)), 1u);
    rally::publish(Room{3}, std::string("only b"));
    EXPECT_EQ(next_message(b, 3), "only b");
    sync(a);  // a got nothing
    b.close();
  }
  // The server notices the closed sockets on its own threads.
  for (int i = 0; i < 1000 && subscription_count() != before; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(subscription_count(), before);
}

// The multi-process seam: a backend takes every publication (it would send it to the other
// instances) and hands what it receives to deliver_local(); app code does not change.
TEST_F(Topics, AnotherPubSubBackendCarriesThePublications) {
  struct Relay final : PubSub {
    std::vector<std::string> carried;
    void publish(std::uint64_t topic, std::string_view key, std::string_view message) override {
      carried.emplace_back(message);
      deliver_local(topic, key, message);  // as if it came back from the broker
    }
  } relay;
  WsClient a;
  open(a);
  subscribe(a, 4);
  set_pubsub(&relay);
  rally::publish(Room{4}, std::string("via the relay"));
  set_pubsub(nullptr);
  ASSERT_EQ(relay.carried.size(), 1u);
  EXPECT_EQ(relay.carried[0], codec::to_bytes(std::string("via the relay")));
  EXPECT_EQ(next_message(a, 4), "via the relay");
}

TEST_F(Topics, ASocketHoldsAtMostAHundredSubscriptions) {
  WsClient a;
  open(a);
  for (std::int64_t room = 0; room < 100; ++room) ASSERT_TRUE(a.send_binary(wire::encode_subscribe(room_topic, key(room))));
  ASSERT_TRUE(a.send_binary(wire::encode_subscribe(room_topic, key(100))));
  auto frame = a.receive();
  ASSERT_TRUE(frame.ok()) << frame.error;
  std::string error;
  auto f = wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(f && f->kind == wire::FrameKind::error) << error;
  EXPECT_EQ(f->code, wire::ErrorCode::overloaded);
  EXPECT_EQ(f->text, "a socket may hold at most 100 subscriptions");
  EXPECT_EQ(subscriber_count(room_topic, key(100)), 0u);
  EXPECT_EQ(subscriber_count(room_topic, key(99)), 1u);
}

TEST_F(Topics, TheAppDecidesWhoMaySubscribe) {
  app_.refused_topic_key = key(666);
  WsClient a;
  open(a);
  ASSERT_TRUE(a.send_binary(wire::encode_subscribe(room_topic, key(666))));
  auto frame = a.receive();
  ASSERT_TRUE(frame.ok()) << frame.error;
  std::string error;
  auto f = wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(f && f->kind == wire::FrameKind::error) << error;
  EXPECT_EQ(f->code, wire::ErrorCode::unauthorized);
  EXPECT_EQ(subscriber_count(room_topic, key(666)), 0u);
  rally::publish(Room{666}, std::string("secret"));
  subscribe(a, 1);  // the socket stays usable
  rally::publish(Room{1}, std::string("public"));
  EXPECT_EQ(next_message(a, 1), "public");
}

TEST_F(Topics, MalformedSubscriptionFramesAreErrorsNotCrashes) {
  WsClient a;
  open(a);
  ASSERT_TRUE(a.send_binary(std::string("\x06\x01\x02", 3)));  // a truncated topic id
  auto frame = a.receive();
  ASSERT_TRUE(frame.ok());
  std::string error;
  auto f = wire::decode_server_frame(frame.payload, error);
  ASSERT_TRUE(f && f->kind == wire::FrameKind::error);
  EXPECT_EQ(f->code, wire::ErrorCode::malformed);
  sync(a);
}

TEST_F(Topics, ASubscriberThatDoesNotReadIsCutOffAndTheOthersKeepReceiving) {
  WsClient reader, stuck;
  open(reader);
  open(stuck);
  subscribe(reader, 5);
  subscribe(stuck, 5);
  // Large publications fill the stuck socket's TCP buffers and then its bounded send queue.
  const std::string big(64 * 1024, 'x');
  std::size_t delivered = 0;
  for (int i = 0; i < 400 && subscriber_count(room_topic, key(5)) == 2; ++i) {
    rally::publish(Room{5}, big);
    EXPECT_EQ(next_message(reader, 5), big) << i;
    ++delivered;
  }
  for (int i = 0; i < 1000 && subscriber_count(room_topic, key(5)) != 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(subscriber_count(room_topic, key(5)), 1u) << "the stuck socket was closed after " << delivered << " publications";
  rally::publish(Room{5}, std::string("still here"));
  EXPECT_EQ(next_message(reader, 5), "still here");
}

// A handler that answers and then sends its payload to this_tab() as a server message.
constexpr std::uint64_t tell_me_handler = 77;
struct TellingApp : FakeApp {
  RpcOutcome call(Connection& c, std::uint64_t handler, std::string_view payload) override {
    if (handler != tell_me_handler) return FakeApp::call(c, handler, payload);
    rally::send(rally::audience::this_tab(), std::string(payload));
    return {RpcOutcome::Status::ok, "sent", {}};
  }
};

TEST_F(Topics, AServerMessageToThisTabReachesTheCallingSocketAloneAfterItsAnswer) {
  TellingApp telling;
  Options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  o.log_requests = false;
  Server server(telling, o);
  server.start();
  WsClient caller, other;
  const std::string path = "/_rally/ws?contract=" + std::string(telling.contract_hash());
  ASSERT_EQ(caller.connect(server.port(), path), "");
  ASSERT_EQ(other.connect(server.port(), path), "");
  ASSERT_TRUE(caller.send_binary(wire::encode_request(5, tell_me_handler, "just you")));
  std::string error;
  auto answer = caller.receive();
  ASSERT_TRUE(answer.ok()) << answer.error;
  auto a = wire::decode_server_frame(answer.payload, error);
  ASSERT_TRUE(a && a->kind == wire::FrameKind::response && a->id == 5) << error;
  auto told = caller.receive();
  ASSERT_TRUE(told.ok()) << told.error;
  auto m = wire::decode_server_frame(told.payload, error);
  ASSERT_TRUE(m && m->kind == wire::FrameKind::message) << error;
  EXPECT_EQ(m->id, wire::audience_tab);
  EXPECT_EQ(m->text.size(), 16u) << "the tab's key: 16 random bytes";
  std::string type(8, '\0');
  for (int i = 0; i < 8; ++i) type[static_cast<std::size_t>(i)] = static_cast<char>(server_message_ops<std::string>().id >> (8 * i));
  EXPECT_EQ(m->payload, type + codec::to_bytes(std::string("just you")));
  // The other socket's next frame is the answer to its own call: it was told nothing.
  ASSERT_TRUE(other.send_binary(wire::encode_request(6, testing::echo_handler, "me?")));
  auto own = other.receive();
  ASSERT_TRUE(own.ok()) << own.error;
  auto o2 = wire::decode_server_frame(own.payload, error);
  ASSERT_TRUE(o2 && o2->kind == wire::FrameKind::response && o2->id == 6) << error;
}

// A background job may publish while the server stops. A delivery in flight holds its
// subscribers (and posts to their event loops), so the server lets it finish before it destroys
// the loops, and the sockets end with their loops, not on the publishing thread.
TEST_F(Topics, PublishingFromAnotherThreadWhileTheServerStopsIsSafe) {
  std::vector<WsClient> sockets(8);
  for (auto& ws : sockets) {
    open(ws);
    subscribe(ws, 5);
  }
  std::atomic<bool> done{false};
  std::atomic<std::size_t> delivered{0};
  std::thread publisher([&] {
    const std::string payload = codec::to_bytes(std::string("x"));
    while (!done) delivered += deliver_local(room_topic, key(5), payload);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (delivered < 200 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  const std::size_t before_stop = delivered;
  server_.reset();
  done = true;
  publisher.join();
  EXPECT_GE(before_stop, 200u);
  EXPECT_EQ(subscriber_count(room_topic, key(5)), 0u);
}

// An app's connection may publish when its socket closes, also when the server's stop closes it:
// that delivery, made while the server holds deliveries off, reaches nobody (and does not deadlock).
TEST_F(Topics, AConnectionThatPublishesWhileTheServerStopsReachesNobody) {
  std::mutex mutex;
  std::vector<std::size_t> reached;
  app_.on_connection_closed = [&] {
    std::size_t n = deliver_local(room_topic, key(9), codec::to_bytes(std::string("bye")));
    std::lock_guard lock(mutex);
    reached.push_back(n);
  };
  WsClient a, b;
  open(a);
  open(b);
  subscribe(b, 9);
  server_.reset();
  EXPECT_EQ(reached, (std::vector<std::size_t>{0, 0}));
}

}  // namespace
}  // namespace rally::server
