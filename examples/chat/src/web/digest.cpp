#include "web/digest.hpp"

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <rally/server/system.hpp>

#include "sql.hpp"
#include "web/lines.hpp"

namespace web {

void PostDigest::perform(const PostDigest& job, ServerContext& ctx) {
  auto said = sql::lines::since_digest(ctx.db, job.room);
  if (!said) throw std::runtime_error(said.error().to_string());
  const std::int64_t n = said->empty() ? 0 : said->front().said;  // count(*): one row
  auto line = lines::say(ctx.db, job.room, "digest",
                         n == 1 ? "1 line since the last digest" : std::to_string(n) + " lines since the last digest");
  if (!line) throw std::runtime_error(line.error_text());
}

namespace {

// Daily at 08:00 UTC, one job per room and day whatever the number of servers.
const bool scheduled = rally::system::on_start([](rally::system::Startup& app) {
  const char* every = std::getenv("CHAT_DIGEST_EVERY");
  const std::string seconds = every ? every : "";
  if (every && (seconds.empty() || seconds.size() > 6 || seconds.find_first_not_of("0123456789") != std::string::npos))
    throw std::invalid_argument("CHAT_DIGEST_EVERY=\"" + seconds + "\" is not a number of seconds");
  for (std::int64_t room = 1; room <= 3; ++room) {
    const std::string name = "digest-room-" + std::to_string(room);
    if (every) app.every(name, std::chrono::seconds(std::stoll(seconds)), PostDigest{room});
    else app.daily_at(name, 8, 0, PostDigest{room});
  }
});

}  // namespace

}  // namespace web
