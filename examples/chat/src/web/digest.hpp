#pragma once
// A background job: posts a room's digest ("N lines since the last digest") as a line from
// "digest", stored and published like anyone's. Scheduled daily at 08:00 UTC for rooms 1 to 3
// (digest.cpp); CHAT_DIGEST_EVERY=<seconds> posts them that often instead (for a demo or a test).
#include <cstdint>

#include "server_context.hpp"

namespace web {

struct PostDigest {
  std::int64_t room = 0;
  static constexpr int max_attempts = 5;
  static void perform(const PostDigest& job, ServerContext& ctx);
};

}  // namespace web
