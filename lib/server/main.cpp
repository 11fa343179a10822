// rally::server::main: command line, environment, client folder lookup and signal handling for the
// generated entry point. Boost-free: signals are taken with sigwait on the main thread, which keeps
// Asio out of this translation unit.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#include "database_startup.hpp"
#include "jobs_startup.hpp"
#include "options.hpp"
#include "rally/server/env.hpp"
#include "rally/server/run.hpp"

namespace rally::server {

namespace {

void print_usage(std::FILE* out, std::string_view program, bool database) {
  std::fprintf(out,
               "usage: %.*s [--host ADDRESS] [--port N]%s\n"
               "  --host ADDRESS  address to listen on (default 127.0.0.1, env HOST)\n"
               "  --port N        port, 0 for any free one (default 8080, env PORT)\n"
               "  --new-secret    print a new random SECRET_KEY_BASE and exit\n"
               "  --help          show this text\n",
               static_cast<int>(program.size()), program.data(), database ? " [--no-migrate | --migrate | --reset | --jobs]" : "");
  if (database) {
    std::fprintf(out,
                 "  --no-migrate    serve without applying pending migrations (env RALLY_MIGRATE=0)\n"
                 "  --migrate       apply pending migrations, print the status and exit\n"
                 "  --reset         delete the database, migrate a new one and exit (refused when APP_ENV=prod)\n"
                 "  --jobs          print the queued, running and dead background jobs and exit\n");
  }
  std::fprintf(out,
               "environment: APP_ENV (dev, test or prod), SECRET_KEY_BASE (required in prod), RALLY_ALLOWED_HOSTS,\n"
               "  RALLY_CLIENT_DIR (client bundles), RALLY_ASSETS_DIR (/assets/), RALLY_THREADS (0: one per core),\n"
               "  RALLY_CALL_TIMEOUT_MS (how long pages wait for a server call, default 30000),\n"
               "  RALLY_LOG (error, info: + a line per request, debug: + per server call; default info in prod, else debug)%s\n"
               "  (in dev and test, a .env file in the working folder adds to the environment)\n",
               database ? ",\n  DATABASE_PATH (default db/<app>.db), RALLY_MIGRATIONS_DIR (overrides the built-in folder),\n"
                          "  RALLY_JOB_WORKERS (background job threads, default 2; 0: run no jobs here)" : "");
}

enum class Command { serve, migrate, reset, jobs };

// Where the WASM bundles are: the environment, then beside an installed executable, then the build.
std::string find_client_dir(const App& app, const std::string& default_client_dir) {
  if (const char* env = std::getenv("RALLY_CLIENT_DIR")) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = exe.parent_path() / (std::string(app.name()) + "_rally") / "client";
    if (std::filesystem::is_directory(beside, ec)) return beside.string();
  }
  return default_client_dir;
}

}  // namespace

int main(App& app, int argc, char** argv, const std::string& default_client_dir) {
  return main(app, argc, argv, default_client_dir, std::string());
}

int main(App& app, int argc, char** argv, const std::string& default_client_dir, const std::string& default_assets_dir) {
  return main(app, argc, argv, AppPaths{default_client_dir, default_assets_dir, std::string()});
}

int main(App& app, int argc, char** argv, const AppPaths& paths) {
  // glibc's defaults hand large blocks back to the kernel as soon as they are freed: a page of
  // 50 KB whose tree and response are built and dropped per request then costs fresh zeroed
  // pages (page faults) every time, which measured ~40% of a table page's time. Keeping freed
  // memory in the process (blocks under 16 MiB from the heap, trimmed only past 64 MiB free)
  // makes the next request reuse it; the cost is that a burst's peak stays resident.
  mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  const std::string_view program = argc > 0 && argv[0] ? argv[0] : "server";
  const bool database = !paths.migrations_dir.empty();
  // Commands that need no environment: they must work where it is incomplete (prod without a secret).
  bool serving = true;  // --migrate and --reset only touch the database: no secret or hosts needed
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--migrate" || arg == "--reset" || arg == "--jobs") serving = false;
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout, program, database);
      return 0;
    }
    if (arg == "--new-secret") {
      std::printf("%s\n", env::new_secret().c_str());
      return 0;
    }
  }
  try {
    env::load(".", serving);
  } catch (const env::Error& e) {
    std::fprintf(stderr, "rally: %s\n", e.what());
    return 1;
  }
  if (serving && env::is_prod() && !std::getenv("RALLY_ALLOWED_HOSTS")) {
    std::fprintf(stderr,
                 "rally: RALLY_ALLOWED_HOSTS is not set, and APP_ENV=prod requires it: the host names clients reach this "
                 "server by, comma-separated (e.g. RALLY_ALLOWED_HOSTS=example.com,.example.com)\n");
    return 1;
  }
  Options options;
  options.client_dir = find_client_dir(app, paths.client_dir);
  const char* assets_env = std::getenv("RALLY_ASSETS_DIR");
  options.assets_dir = assets_env ? assets_env : paths.assets_dir;
  DatabaseConfig db_config;
  JobsConfig jobs_config;
  try {
    options = Options::from_env(options);
    if (const char* status = std::getenv("RALLY_DEV_STATUS"); status && *status && paths.dev_tools)
      options.dev_status_file = status;
    if (database) db_config = database_config_from_env(app.name(), paths.migrations_dir);
    jobs_config = jobs_config_from_env();
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "rally: %s\n", e.what());
    return 2;
  }
  Command command = Command::serve;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--host" || arg == "--port") && i + 1 >= argc) {
      std::fprintf(stderr, "rally: %s needs a value\n", argv[i]);
      print_usage(stderr, program, database);
      return 2;
    }
    if (arg == "--no-migrate" || arg == "--migrate" || arg == "--reset" || arg == "--jobs") {
      if (!database) {
        std::fprintf(stderr, "rally: %s: this app has no database (rally_add_app(... MIGRATIONS <dir>) gives it one)\n", argv[i]);
        return 2;
      }
      if (arg == "--no-migrate") {
        db_config.migrate_at_startup = false;
      } else if (command != Command::serve) {
        std::fprintf(stderr, "rally: --migrate, --reset and --jobs cannot be combined\n");
        return 2;
      } else {
        command = arg == "--migrate" ? Command::migrate : arg == "--reset" ? Command::reset : Command::jobs;
      }
      continue;
    }
    try {
      if (arg == "--host") {
        options.host = argv[++i];
        if (options.host.empty()) throw std::invalid_argument("--host needs a non-empty address");
      } else if (arg == "--port") {
        options.port = parse_port(argv[++i], "--port");
      } else {
        std::fprintf(stderr, "rally: unknown argument \"%s\"\n", argv[i]);
        print_usage(stderr, program, database);
        return 2;
      }
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "rally: %s\n", e.what());
      return 2;
    }
  }
  if (command == Command::migrate) return migrate_command(db_config);
  if (command == Command::reset) return reset_command(db_config);
  if (command == Command::jobs) return jobs_command(db_config);
  if (database) {
    // One connection per server thread: a thread runs one handler at a time and a handler holds
    // one lease, so no handler ever waits for a connection.
    // The job workers hold one each while a job runs.
    int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
    options.database = open_database(db_config, static_cast<std::size_t>(threads < 1 ? 1 : threads) +
                                                    static_cast<std::size_t>(jobs_config.workers));
    if (!options.database) {
      std::fprintf(stderr, "rally: %.*s not started\n", static_cast<int>(app.name().size()), app.name().data());
      return 1;
    }
  }

  // Block the signals before any server thread exists, so that every thread inherits the mask and
  // only the sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<rally::jobs::Runner> jobs;
  try {
    jobs = start_jobs(app, options.database, jobs_config);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rally: starting: %s\n", e.what());
    return 1;
  }

  Server server(app, options);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rally: %s\n", e.what());
    return 1;
  }
  std::printf("rally: %.*s listening on http://%s:%u\n", static_cast<int>(app.name().size()), app.name().data(),
              options.host.c_str(), static_cast<unsigned>(server.port()));
  std::fflush(stdout);

  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  std::fprintf(stderr, "rally: %s, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  if (jobs) {
    // Running jobs get a grace period; one still running after it runs again after its lease.
    if (std::size_t left = jobs->stop(std::chrono::steady_clock::now() + jobs_config.shutdown_grace))
      std::fprintf(stderr, "rally: %zu job(s) still running after %llds; they run again when their lease expires\n",
                   left, static_cast<long long>(jobs_config.shutdown_grace.count()));
  }
  return 0;
}

}  // namespace rally::server
