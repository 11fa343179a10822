#pragma once
// The context fixture's /boards/:id page, hydrated on a fake host the way SSR's bytes would: for
// the topic and server message tests.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <rally/client/app.hpp>
#include <rally/codec.hpp>
#include <rally/glue.hpp>

#include "fake_host.hpp"
#include "web/pages/boards/id_.hpp"
#include "web/routes.hpp"

namespace rally_generated::client_web {
rally::client::ClientApp make_client_app();
}

namespace board_test {

namespace board = web::pages::boards::id_;

inline std::unique_ptr<rally::client::PageInstance> hydrate_board(rally_test::FakeHost& host, std::int64_t id) {
  static const auto app = rally_generated::client_web::make_client_app();
  for (const auto& p : app.pages) {
    if (p.id != "boards/id_") continue;
    std::string error;
    // SSR's bytes for an init() page that reads the route: the model, then the route and query.
    std::string bytes = rally::codec::to_bytes(board::Model{id, {}, true, {}});
    bytes += rally::codec::to_bytes(rally::PageParams<web::routes::BoardsId>{{id}, {}});
    auto page = p.hydrate(host, bytes, error);
    EXPECT_TRUE(page) << error;
    return page;
  }
  ADD_FAILURE() << "no boards/id_ page";
  return nullptr;
}

}  // namespace board_test
