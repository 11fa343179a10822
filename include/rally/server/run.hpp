#pragma once
// Running an app: the blocking `main` used by generated entry points, and an embeddable Server for
// tests. Beast lives behind this interface.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app.hpp"

namespace rally::db {
class Pool;
}

namespace rally::server {

struct Options {
  std::string host = "127.0.0.1";  // HOST
  std::uint16_t port = 8080;       // PORT; 0 picks a free port
  std::string client_dir;          // served under /_rally/: the WASM bundles (empty: none)
  std::string assets_dir;          // served under /assets/ (empty: none)
  int threads = 0;                 // 0: one per core
  // RALLY_LOG: `info` logs a line per request and socket, `debug` also one per server call,
  // `error` neither (problems are always logged). The default is debug, info when APP_ENV=prod.
  // Routine lines are buffered and written a few times a second; problems are written at once.
  bool log_requests = true;  // info
  bool log_calls = false;    // debug
  // The host names clients may reach the server by (RALLY_ALLOWED_HOSTS): a request whose Host is
  // not one of them gets 400, which defeats DNS rebinding. "example.com" matches that name,
  // ".example.com" it and its subdomains, "*" any. The default is the loopback names; main()
  // requires the setting when APP_ENV=prod.
  std::vector<std::string> allowed_hosts = {"localhost", ".localhost", "127.0.0.1", "[::1]"};
  // The pool that ctx.db (rally::server::Db) leases from, one connection per handler call or SSR
  // request (null: the app has no database). main() opens it when the app has migrations.
  std::shared_ptr<rally::db::Pool> database;
  // Server-side sessions (rally::Session, the rally_session cookie), stored in `database`: on when
  // there is one (RALLY_SESSIONS=0 turns them off). Their cookie is Secure when APP_ENV=prod.
  bool sessions = true;
  // Development only: the build status file of `rally dev` (RALLY_DEV_STATUS, read by main() for an
  // app built in a development configuration). Set, the server is a dev server: it stamps its pages
  // with an id of its own, tells a tab rendered by an earlier server to reload, and relays the
  // file (the build's state and diagnostics) to its tabs, which show a failed build as an overlay.
  std::string dev_status_file;

  // Reads HOST, PORT, RALLY_CLIENT_DIR, RALLY_THREADS, RALLY_ALLOWED_HOSTS, RALLY_SESSIONS and
  // RALLY_LOG from the environment over these defaults (RALLY_LOG unset: APP_ENV decides).
  // Throws std::invalid_argument with a clear message for a bad value (e.g. PORT=abc).
  static Options from_env(Options defaults);
};

class Server {
 public:
  Server(App& app, Options options);
  ~Server();  // stops and joins
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads; throws std::runtime_error if it cannot bind.
  void start();
  std::uint16_t port() const;  // the bound port (useful with port 0)
  void stop();                 // closes listeners and sockets, joins the threads; idempotent
  void wait();                 // blocks until stop() (or a signal, with run())

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves until SIGINT or SIGTERM, then stops cleanly and returns 0. Prints
// "rally: <name> listening on http://host:port" to stdout. `argc/argv` accept --host, --port, --help
// (over HOST/PORT/RALLY_THREADS from the environment); a bad argument returns 2, a failed bind 1.
// The client bundles are looked up in RALLY_CLIENT_DIR, then `<exe dir>/<app name>_rally/client`
// (an installed app), then `default_client_dir` (where the build put them).
int main(App& app, int argc, char** argv, const std::string& default_client_dir);
// The same, also serving `default_assets_dir` under /assets/ (rally_add_app(... ASSETS <dir>));
// RALLY_ASSETS_DIR in the environment overrides it (e.g. for an installed app).
int main(App& app, int argc, char** argv, const std::string& default_client_dir, const std::string& default_assets_dir);

// What the generated main knows about the app at build time.
struct AppPaths {
  std::string client_dir;      // see above
  std::string assets_dir;      // see above
  std::string migrations_dir;  // rally_add_app(... MIGRATIONS <dir>); empty: the app has no database
  // A development build (Debug or RelWithDebInfo): RALLY_DEV_STATUS turns on Options::dev_status_file.
  // A release build never reads it.
  bool dev_tools = false;
};
// The same, with a database when `paths.migrations_dir` is set (RALLY_MIGRATIONS_DIR overrides it):
// opens DATABASE_PATH (default db/<app name>.db, relative to the working folder), applies pending
// migrations before listening (unless RALLY_MIGRATE=0 or --no-migrate; a failing one prints
// "file:line: error: ..." and returns 1), and serves with a pool of one connection per server
// thread. Extra commands: --migrate (apply, print the status, exit) and --reset (delete the
// database, then migrate; refused when APP_ENV is prod/production). See docs/database.md.
int main(App& app, int argc, char** argv, const AppPaths& paths);

}  // namespace rally::server
