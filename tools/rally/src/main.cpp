// rally: Rally's command line. `rally new <dir>` and `rally init` write a starter app; see
// `rally --help`. Every error is one line that says what to do, with exit status 1 (refused) or 2
// (bad arguments).
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <rally/version.hpp>

#include "dev.hpp"
#include "starter.hpp"

namespace fs = std::filesystem;
using rally::cli::Starter;

namespace {

constexpr std::string_view help_text =
    "rally: Rally's command line\n"
    "\n"
    "Usage:\n"
    "  rally new <dir> [--name <app>]   write a starter app into a new folder <dir>\n"
    "  rally init [--name <app>]        write a starter app into the current folder\n"
    "  rally dev [--app <name>]         build, serve on http://localhost:8080 and rebuild + restart\n"
    "            [--preset <name>]      on every saved change (configures with the preset, default dev,\n"
    "            [--build-dir <dir>]    when <dir>, default build/dev, is not configured yet); --watch\n"
    "            [--watch <dir>]...     adds folders to the app's own; PORT and HOST are honoured\n"
    "  rally --help                     this text (also: rally <command> --help)\n"
    "  rally --version                  Rally's version\n"
    "\n"
    "The starter is a small app with two pages, a layout, a SQLite table with typed queries, a\n"
    "stylesheet, CMake presets, bin/dev (serves http://localhost:8080) and bin/test. Its name, the\n"
    "CMake target and executable, is the folder's name made into an identifier (my-app: my_app)\n"
    "unless --name gives one. Nothing is written when any of the starter's files exists already.\n";

constexpr std::string_view new_usage = "usage: rally new <dir> [--name <app>]";
constexpr std::string_view init_usage = "usage: rally init [--name <app>]";
constexpr std::string_view dev_usage =
    "usage: rally dev [--app <name>] [--preset <name>] [--build-dir <dir>] [--watch <dir>]...";


int usage_error(std::string_view command, const std::string& what, std::string_view usage) {
  std::fprintf(stderr, "rally %.*s: %s; %.*s\n", static_cast<int>(command.size()), command.data(), what.c_str(),
               static_cast<int>(usage.size()), usage.data());
  return 2;
}

int refuse(std::string_view command, const std::string& what) {
  std::fprintf(stderr, "rally %.*s: %s\n", static_cast<int>(command.size()), command.data(), what.c_str());
  return 1;
}

std::string list_of(const std::vector<std::string>& paths) {
  std::string out;
  for (std::size_t i = 0; i < paths.size() && i < 6; ++i) out += (i ? ", " : "") + paths[i];
  if (paths.size() > 6) out += " and " + std::to_string(paths.size() - 6) + " more";
  return out;
}

// "x" shown as the user typed it, for messages and the next steps.
std::string shown(const fs::path& p) { return p.string(); }

int dev(const std::vector<std::string_view>& args) {
  rally::cli::DevOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      std::printf("%.*s\n", static_cast<int>(dev_usage.size()), dev_usage.data());
      return 0;
    }
    if (a != "--app" && a != "--preset" && a != "--build-dir" && a != "--watch")
      return usage_error("dev", (a.starts_with("-") ? "unknown option '" : "unexpected argument '") + std::string(a) + "'",
                         dev_usage);
    if (i + 1 == args.size() || args[i + 1].empty()) return usage_error("dev", std::string(a) + " needs a value", dev_usage);
    const std::string value(args[++i]);
    if (a == "--app") options.app = value;
    else if (a == "--preset") options.preset = value;
    else if (a == "--build-dir") options.build_dir = value;
    else if (std::error_code ec; fs::is_directory(value, ec)) options.watch.emplace_back(value);
    else return usage_error("dev", "--watch '" + value + "' is not a folder", dev_usage);
  }
  return rally::cli::run_dev(options);
}

int create(std::string_view command, const fs::path& folder, std::optional<std::string> name, const char* argv0) {
  Starter starter;
  starter.folder = folder;
  starter.app = name ? *name : rally::cli::app_name_from_folder(folder);
  if (!name && starter.app.empty())
    return usage_error(command, "cannot make an app name from the folder '" + shown(folder) + "'; give one with --name",
                       command == "new" ? new_usage : init_usage);
  if (std::string problem = rally::cli::app_name_problem(starter.app); !problem.empty())
    return usage_error(command, problem + (name ? "" : " (from the folder's name; give one with --name)"),
                       command == "new" ? new_usage : init_usage);

  std::error_code ec;
  const bool is_new = command == "new";
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
    return refuse(command, "'" + shown(folder) + "' exists and is not a folder; pick another name");
  const std::vector<std::string> clashes = rally::cli::existing_files(starter);
  if (!clashes.empty())
    return refuse(command, "nothing was written: '" + shown(folder) + "' already has " + list_of(clashes) +
                               (is_new ? "; use a new folder" : "; move them away or run `rally new <dir>` instead"));
  if (is_new && fs::is_directory(folder, ec) && !fs::is_empty(folder, ec))
    return refuse(command, "nothing was written: '" + shown(folder) +
                               "' is not empty; use a new folder, or run `rally init` inside that one");

  starter.rally_exe = fs::weakly_canonical(fs::path("/proc/self/exe"), ec);
  starter.rally_dir = rally::cli::rally_package_dir(fs::path("/proc/self/exe"));
  if (!starter.rally_dir) starter.rally_dir = rally::cli::rally_package_dir(fs::path(argv0));
  try {
    rally::cli::write_starter(starter);
  } catch (const std::exception& e) {
    return refuse(command, std::string(e.what()) + "; the folder may hold part of the starter now");
  }

  const auto files = rally::cli::starter_files().size();
  std::printf("rally: wrote the app '%s' into %s (%zu files)\n", starter.app.c_str(), shown(folder).c_str(), files);
  if (!starter.rally_dir)
    std::printf("note: this rally does not sit beside an installed Rally; if CMake cannot find Rally, pass "
                "-DRally_DIR=<its lib/cmake/Rally> to `cmake --preset dev`\n");
  std::printf("\nNext:\n");
  if (is_new) std::printf("  cd %s\n", shown(folder).c_str());
  std::printf("  ./bin/dev     # builds and serves http://localhost:8080\n"
              "  ./bin/test    # builds and runs its test\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(help_text.data(), stdout);
    return 0;
  }
  if (args[0] == "--version") {
    std::printf("rally %s\n", RALLY_VERSION_STRING);
    return 0;
  }
  const std::string_view command = args[0];
  if (command == "dev") return dev(args);
  if (command != "new" && command != "init") {
    std::fprintf(stderr, "rally: unknown command '%.*s'; `rally --help` lists the commands\n",
                 static_cast<int>(command.size()), command.data());
    return 2;
  }
  const std::string_view usage = command == "new" ? new_usage : init_usage;
  std::optional<std::string> name;
  std::vector<std::string_view> positional;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::printf("%.*s\n", static_cast<int>(usage.size()), usage.data());
      return 0;
    }
    if (args[i] == "--name") {
      if (i + 1 == args.size()) return usage_error(command, "--name needs a value", usage);
      name = std::string(args[++i]);
    } else if (args[i].starts_with("--name=")) {
      name = std::string(args[i].substr(7));
    } else if (args[i].starts_with("-")) {
      return usage_error(command, "unknown option '" + std::string(args[i]) + "'", usage);
    } else {
      positional.push_back(args[i]);
    }
  }
  if (command == "new") {
    if (positional.size() != 1)
      return usage_error(command, positional.empty() ? "missing <dir>" : "one <dir> only", usage);
    return create(command, fs::path(positional[0]), name, argv[0]);
  }
  if (!positional.empty()) return usage_error(command, "takes no folder (it uses the current one)", usage);
  return create(command, fs::path("."), name, argv[0]);
}
