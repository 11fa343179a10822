#pragma once
// Replays what the dev inspector recorded in a tab (rallyDev.record() ... rallyDev.stop() in the
// browser console of a development build) through a page's update, natively, in a test:
//
//   #include <rally/testing/replay.hpp>
//   #include "codecs/web/pages/home_.hpp"   // the page's generated codecs (its Model and Msg)
//
//   namespace page = web::pages::home_;
//   page::Model model = rally::testing::replay<page::Model, page::Msg>(text, page::update);
//
// A recording is text, one item per line:
//   rally-recording 1
//   page home_
//   model <base64 of the page's model when the recording started>
//   msg <base64 of one message> <the message as the console showed it>
// The messages are all the page's update took: events, server call answers, server messages. Replay
// runs none of the effects, so a test needs no server: the answers are in the recording.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../codec.hpp"

namespace rally::testing {

template <class Model, class Msg>
struct Recording {
  std::string page;  // the page's id, e.g. "home_" or "products/id_"
  Model model{};     // where the recording started
  std::vector<Msg> messages;
};

namespace detail {
[[noreturn]] inline void bad_recording(std::size_t line, const std::string& why) {
  throw std::invalid_argument("recording line " + std::to_string(line) + ": " + why);
}

template <class T>
T decode_line(std::size_t line, std::string_view base64, const char* what) {
  auto bytes = codec::base64_decode(base64);
  if (!bytes) bad_recording(line, std::string(what) + " is not valid base64");
  T value{};
  std::string error;
  if (!codec::from_bytes(*bytes, value, &error))
    bad_recording(line, std::string(what) + " does not decode (" + error + "); was the page's " + what +
                            " type changed since it was recorded?");
  return value;
}
}  // namespace detail

// Reads a recording; throws std::invalid_argument saying which line is wrong and why.
template <class Model, class Msg>
Recording<Model, Msg> parse_recording(std::string_view text) {
  Recording<Model, Msg> r;
  std::size_t number = 0;
  bool has_header = false, has_page = false, has_model = false;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 BOM an editor added
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    const std::string_view key = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    if (!has_header) {
      if (line != "rally-recording 1")
        detail::bad_recording(number, "expected 'rally-recording 1' (the first line of what rallyDev.stop() returns)");
      has_header = true;
    } else if (key == "page" && !has_page) {
      r.page = std::string(rest);
      has_page = true;
    } else if (key == "model" && has_page && !has_model) {
      r.model = detail::decode_line<Model>(number, rest, "model");
      has_model = true;
    } else if (key == "msg" && has_model) {
      // The message, then (after a space) how the console described it, which is only for people.
      r.messages.push_back(detail::decode_line<Msg>(number, rest.substr(0, rest.find(' ')), "message"));
    } else {
      detail::bad_recording(number, "expected " + std::string(!has_page ? "'page <id>'" : !has_model ? "'model <base64>'" : "'msg <base64> <text>'") +
                                        ", not '" + std::string(line.substr(0, 40)) + "'");
    }
  }
  if (!has_header) detail::bad_recording(number == 0 ? 1 : number, "the recording is empty");
  if (!has_model) detail::bad_recording(number, "the recording ends before its 'model' line");
  return r;
}

// Folds the recorded messages through `update` (anything callable as update(Model, Msg) returning
// rally::Update<Model, Msg>) from the recorded model, and returns the model it ends with.
template <class Model, class Msg, class Update>
Model replay(const Recording<Model, Msg>& recording, Update&& update) {
  Model model = recording.model;
  for (const Msg& msg : recording.messages) model = std::move(update(std::move(model), msg).model);
  return model;
}

template <class Model, class Msg, class Update>
Model replay(std::string_view recording, Update&& update) {
  return replay(parse_recording<Model, Msg>(recording), std::forward<Update>(update));
}

}  // namespace rally::testing
