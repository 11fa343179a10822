#include "write_queue.hpp"

#include <gtest/gtest.h>

namespace rally::server::detail {
namespace {

TEST(WriteQueue, WritesOneFrameAtATimeInOrder) {
  WriteQueue q(4);
  ASSERT_TRUE(q.push("a"));
  ASSERT_TRUE(q.start_write());
  ASSERT_TRUE(q.push("b"));
  EXPECT_FALSE(q.start_write());  // "a" is still in flight
  EXPECT_EQ(q.in_flight(), "a");
  q.write_done();
  ASSERT_TRUE(q.start_write());
  EXPECT_EQ(q.in_flight(), "b");
  q.write_done();
  EXPECT_FALSE(q.start_write());
  EXPECT_TRUE(q.empty());
}

TEST(WriteQueue, RefusesFramesBeyondItsBound) {
  WriteQueue q(2);
  EXPECT_TRUE(q.push("a"));
  EXPECT_TRUE(q.push("b"));
  EXPECT_FALSE(q.push("c"));
  EXPECT_EQ(q.size(), 2u);
}

TEST(WriteQueue, CloseKeepsTheFrameBeingWritten) {
  // Asio still reads the in-flight buffer until the write's handler runs, and that handler then
  // drops it: close() must leave exactly that frame in place.
  WriteQueue q(4);
  q.push("in flight");
  ASSERT_TRUE(q.start_write());
  q.push("waiting 1");
  q.push("waiting 2");
  q.close();
  EXPECT_TRUE(q.closed());
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q.in_flight(), "in flight");
  q.write_done();
  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.push("late"));
  EXPECT_FALSE(q.start_write());
}

TEST(WriteQueue, CloseWithNothingInFlightDropsEverything) {
  WriteQueue q(4);
  q.push("a");
  q.close();
  EXPECT_TRUE(q.empty());
  q.write_done();  // a stray completion is harmless
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace rally::server::detail
