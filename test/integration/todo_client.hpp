#pragma once
// The todo app's server seen by a test as one browser would see it: a cookie jar of one
// (rally_session), its forms (the _csrf token read from the page) and its WebSocket.
#include <gtest/gtest.h>

#include <cstdint>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <rally/codec.hpp>
#include <rally/routing.hpp>
#include <rally/wire.hpp>

#include "codecs/web/pages/home_.hpp"  // the todo app's generated codecs
#include "codecs/web/todo.hpp"
#include "contract_file.hpp"
#include "test_client.hpp"

namespace todo_test {

using TodoList = rally::Result<std::vector<web::Todo>>;
using Fields = std::vector<std::pair<std::string, std::string>>;

// The generated contract: its hash and the handler ids, as a non-browser client would read them.
inline const rally::test::Contract& contract() {
  static const rally::test::Contract c = rally::test::read_contract(TODO_CONTRACT);
  return c;
}

inline std::string socket_target() {
  return std::string(rally::wire::socket_path) + "?contract=" + contract().hash + "&ns=web";
}

template <class Request>
std::string request_frame(std::uint64_t id, const std::string& handler, const Request& request) {
  return rally::wire::encode_request(id, contract().handler(handler), rally::codec::to_bytes(request));
}

inline std::string add_frame(std::uint64_t id, const std::string& title) {
  return request_frame(id, "web::pages::home_::server_add", web::pages::home_::ServerAdd{title});
}

// The answer to request `id`, decoded; a transport or protocol problem (or an error frame) becomes
// an error value (this runs on helper threads too, where ASSERT cannot stop the test).
inline TodoList receive_list(rally::test::WsClient& ws, std::uint64_t id) {
  auto frame = ws.receive();
  if (!frame.ok()) return rally::err("receive: " + frame.error);
  std::string error;
  auto parsed = rally::wire::decode_server_frame(frame.payload, error);
  if (!parsed) return rally::err("decode: " + error);
  if (parsed->kind == rally::wire::FrameKind::error)
    return rally::err("error frame " + std::to_string(static_cast<int>(parsed->code)) + ": " + std::string(parsed->text));
  if (parsed->kind != rally::wire::FrameKind::response || parsed->id != id)
    return rally::err("unexpected frame: " + std::string(parsed->text));
  TodoList list = rally::err("empty");
  if (!rally::codec::from_bytes(parsed->payload, list, &error)) return rally::err("payload: " + error);
  return list;
}

// One browser: it keeps the session cookie the server hands out, and sends it back.
class Browser {
 public:
  explicit Browser(std::uint16_t port) : port_(port) {}

  rally::test::HttpResponse get(const std::string& target) { return request("GET", target, {}, {}); }

  // Fills in and sends the form `form` of the page at `page` (GET first, for the session and its
  // token), as the page's own <form> would: POST to the page's URL, with `headers` or else the
  // Origin of this site.
  rally::test::HttpResponse submit(const std::string& page, const std::string& form, Fields fields,
                                   rally::test::Headers headers = {}) {
    auto shown = get(page);
    EXPECT_EQ(shown.status, 200) << page << ": " << shown.body;
    std::smatch m;
    std::regex_search(shown.body, m, std::regex("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\""));
    fields.insert(fields.begin(), {{"_form", form}, {"_csrf", m[1].str()}});
    return post(page, fields, std::move(headers));
  }

  // A POST of `fields` as application/x-www-form-urlencoded, nothing read first.
  rally::test::HttpResponse post(const std::string& target, const Fields& fields, rally::test::Headers headers = {}) {
    if (headers.empty()) headers.emplace_back("Origin", "http://127.0.0.1:" + std::to_string(port_));
    std::string body;
    for (const auto& [name, value] : fields)
      body += (body.empty() ? "" : "&") + rally::routing::encode_text(name) + "=" + rally::routing::encode_text(value);
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return request("POST", target, std::move(headers), body);
  }

  // Signs up (then the browser is signed in): the 303 of the sign-up form.
  void sign_up(const std::string& email, const std::string& password = "correct horse battery") {
    auto res = submit("/sign_up", "sign_up", {{"email", email}, {"password", password}, {"next", "/"}});
    ASSERT_EQ(res.status, 303) << res.body;
    ASSERT_EQ(res.header("location"), "/");
  }

  // A WebSocket with this browser's cookie; "" on success.
  std::string connect(rally::test::WsClient& ws) { return ws.connect(port_, socket_target(), cookie_headers()); }

  const std::string& cookie() const { return cookie_; }
  void set_cookie(std::string value) { cookie_ = std::move(value); }

 private:
  rally::test::Headers cookie_headers() const {
    if (cookie_.empty()) return {};
    return {{"Cookie", "rally_session=" + cookie_}};
  }

  rally::test::HttpResponse request(const std::string& method, const std::string& target, rally::test::Headers headers,
                                    const std::string& body) {
    for (auto& h : cookie_headers()) headers.push_back(std::move(h));
    auto res = rally::test::http_request(port_, method, target, headers, body);
    std::smatch m;
    const std::string set_cookie = res.header("set-cookie");
    if (std::regex_search(set_cookie, m, std::regex("^rally_session=([A-Za-z0-9_-]+);"))) cookie_ = m[1].str();
    return res;
  }

  std::uint16_t port_;
  std::string cookie_;
};

}  // namespace todo_test
