// The counter's page, replayed from a browser tab: three clicks recorded with rallyDev.record() and
// rallyDev.stop() in the console of a development build (docs/dev.md), folded through update().
// No server and no browser: the server's answers are in the recording.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <rally/testing/replay.hpp>

#include "codecs/web/pages/home_.hpp"  // the page's generated codecs: its Model and Msg

namespace page = web::pages::home_;

namespace {

std::string recording(const std::string& name) {
  std::ifstream in(std::string(RECORDINGS_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CounterReplay, ThreeClicksCountToThree) {
  auto tab = rally::testing::parse_recording<page::Model, page::Msg>(recording("three_clicks.txt"));
  EXPECT_EQ(tab.page, "home_");
  EXPECT_EQ(tab.model.count, 0);
  ASSERT_EQ(tab.messages.size(), 6u);  // each click, then the server's answer
  EXPECT_EQ(rally::testing::replay(tab, page::update).count, 3);
}

}  // namespace
