#pragma once
// A fresh in-memory database for one test; a failed open fails the test.
#include <gtest/gtest.h>

#include <utility>

#include "rally/db/connection.hpp"

namespace rally::db::testing {

inline Connection memory() {
  auto conn = open(":memory:");
  EXPECT_TRUE(conn) << conn.error().to_string();
  return std::move(*conn);
}

}  // namespace rally::db::testing
