#pragma once
// Private, development only: the state a server run by `rally dev` shares between its listener,
// its pages and its sockets (see Options::dev_status_file). Boost-free: pages are rendered by
// rally_app, which has no Asio.
#include <string>
#include <string_view>

namespace rally::server::detail {

// The stamp of this process's dev server (16 hex digits, new at every start); empty when the
// server is not a dev server. Its pages carry it (data-dev) and its tabs send it back when they
// connect, so that a tab rendered by an earlier server is told to reload. Set while no server
// thread runs (Server::start and stop).
std::string_view dev_stamp();
void set_dev_stamp(std::string stamp);

// The content of rally dev's status file as last read: "building", "ok" (the server restarts),
// "reload" (nothing restarts, served files changed), or "failed" and the build's diagnostics on
// the following lines.
std::string dev_status();
void set_dev_status(std::string status);

// The script a dev server inlines in every page (lib/server/dev_page.js): it shows the build status
// over the page, and makes a page without a client watch the build with a socket of its own.
std::string_view dev_page_script();

}  // namespace rally::server::detail
