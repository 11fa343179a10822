// rally::server::main: command line, environment, client folder lookup and signal handling for the
// generated entry point. Boost-free: signals are taken with sigwait on the main thread, which keeps
// Asio out of this translation unit.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "options.hpp"
#include "rally/server/run.hpp"

namespace rally::server {

namespace {

void print_usage(std::FILE* out, std::string_view program) {
  std::fprintf(out,
               "usage: %.*s [--host ADDRESS] [--port N]\n"
               "  --host ADDRESS  address to listen on (default 127.0.0.1, env HOST)\n"
               "  --port N        port, 0 for any free one (default 8080, env PORT)\n"
               "  --help          show this text\n"
               "environment: RALLY_CLIENT_DIR (client bundles), RALLY_ASSETS_DIR (/assets/), RALLY_THREADS (0: one per core)\n",
               static_cast<int>(program.size()), program.data());
}

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
  const std::string_view program = argc > 0 && argv[0] ? argv[0] : "server";
  Options options;
  options.client_dir = find_client_dir(app, default_client_dir);
  const char* assets_env = std::getenv("RALLY_ASSETS_DIR");
  options.assets_dir = assets_env ? assets_env : default_assets_dir;
  try {
    options = Options::from_env(options);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "rally: %s\n", e.what());
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout, program);
      return 0;
    }
    if ((arg == "--host" || arg == "--port") && i + 1 >= argc) {
      std::fprintf(stderr, "rally: %s needs a value\n", argv[i]);
      print_usage(stderr, program);
      return 2;
    }
    try {
      if (arg == "--host") {
        options.host = argv[++i];
        if (options.host.empty()) throw std::invalid_argument("--host needs a non-empty address");
      } else if (arg == "--port") {
        options.port = parse_port(argv[++i], "--port");
      } else {
        std::fprintf(stderr, "rally: unknown argument \"%s\"\n", argv[i]);
        print_usage(stderr, program);
        return 2;
      }
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "rally: %s\n", e.what());
      return 2;
    }
  }

  // Block the signals before any server thread exists, so that every thread inherits the mask and
  // only the sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

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
  return 0;
}

}  // namespace rally::server
