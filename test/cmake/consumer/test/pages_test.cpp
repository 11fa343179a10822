// A page test as docs/cmake.md and docs/dev.md describe it, built against the installed Rally: the
// greeter's page, its generated codecs, and a recording replayed through its update.
#include <gtest/gtest.h>

#include <string>

#include <rally/codec.hpp>
#include <rally/describe.hpp>
#include <rally/testing/replay.hpp>

#include "codecs/web/pages/home_.hpp"

namespace page = web::pages::home_;

namespace {

std::string line(const char* key, const std::string& bytes) { return std::string(key) + " " + rally::codec::base64_encode(bytes); }

TEST(GreeterPages, ARecordingReplaysThroughUpdate) {
  const std::string recording = "rally-recording 1\npage home_\n" + line("model", rally::codec::to_bytes(page::Model{})) +
                                "\n" + line("msg", rally::codec::to_bytes(page::Msg{page::Rename{"Rally"}})) +
                                " Rename{name: \"Rally\"}\n";
  const page::Model model = rally::testing::replay<page::Model, page::Msg>(recording, page::update);
  EXPECT_EQ(model.name, "Rally");
  EXPECT_FALSE(model.broken);
  EXPECT_EQ(rally::codec::describe(page::Msg{page::Rename{"Rally"}}), "Rename{name: \"Rally\"}");
}

}  // namespace
