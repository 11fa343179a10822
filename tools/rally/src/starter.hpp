#pragma once
// The starter app `rally new` and `rally init` write: the embedded files, the app's name, and
// where the Rally the starter builds against is.
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rally::cli {

struct StarterFile {
  std::string_view path;  // relative, '/'-separated
  // "@app@" stands for the app's name, "@rally_dir@" for the presets' Rally_DIR entry and
  // "@rally_exe@" for the rally that writes the app (shell-quoted).
  std::string_view text;
  bool executable;
};
std::span<const StarterFile> starter_files();  // starter_files.cpp, made by embed_starter.cmake

// The app's name from its folder's: "my-app" -> "my_app"; "" when nothing usable is left.
std::string app_name_from_folder(const std::filesystem::path& folder);
// Why `name` cannot name an app (its CMake target and executable), or "" when it can.
std::string app_name_problem(std::string_view name);

// The folder with RallyConfig.cmake that belongs to the `rally` at `exe`: the installed package
// beside it, or the build tree it was built in.
std::optional<std::filesystem::path> rally_package_dir(const std::filesystem::path& exe);

struct Starter {
  std::filesystem::path folder;                   // where the app goes (created if missing)
  std::string app;                                // a name app_name_problem accepts
  std::optional<std::filesystem::path> rally_dir; // written into CMakePresets.json when not standard
  std::filesystem::path rally_exe;                // bin/dev's fallback when no rally is on PATH
};
struct RenderedFile {
  std::string path;  // relative to the folder
  std::string text;
  bool executable;
};
// The starter's files as they will be written.
std::vector<RenderedFile> render_starter(const Starter& starter);
// The files of `render_starter` that exist already (relative paths).
std::vector<std::string> existing_files(const Starter& starter);
// Writes every file; throws std::runtime_error naming the file that could not be written.
void write_starter(const Starter& starter);

}  // namespace rally::cli
