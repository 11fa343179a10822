#pragma once
#include <rally/page.hpp>
#include "server_context.hpp"

namespace web::pages::home_ {

struct NotStatic {
  int n = 0;
  void perform(const NotStatic& job, ServerContext& ctx) const;
};
struct WrongParams {
  int n = 0;
  static void perform(WrongParams job);
};
struct ReturnsSomething {
  int n = 0;
  static bool perform(const ReturnsSomething& job, ServerContext& ctx);
};

inline rally::Node view() { return rally::html::p({}, {}); }

}  // namespace web::pages::home_
