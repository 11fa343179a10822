#include "starter.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace rally::cli {

namespace fs = std::filesystem;

namespace {

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Where CMake looks by itself (CMAKE_SYSTEM_PREFIX_PATH): no preset entry needed there.
bool standard_place(const fs::path& dir) {
  const std::string s = dir.generic_string();
  return s.starts_with("/usr/lib/") || s.starts_with("/usr/local/lib/") || s.starts_with("/usr/share/") ||
         s.starts_with("/usr/local/share/");
}

// 'text' for a POSIX shell, whatever it holds.
std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string app_name_from_folder(const fs::path& folder) {
  std::string base = fs::absolute(folder).lexically_normal().filename().string();
  if (base.empty()) base = fs::absolute(folder).lexically_normal().parent_path().filename().string();
  std::string name;
  for (char c : base) {
    char out = is_ident_char(c) ? c : '_';
    if (out == '_' && (name.empty() || name.back() == '_')) continue;  // no leading or doubled '_'
    name += out;
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (!name.empty() && name.front() >= '0' && name.front() <= '9') name = "app_" + name;
  return name;
}

std::string app_name_problem(std::string_view name) {
  if (name.empty()) return "the app's name is empty";
  if (!(std::isalpha(static_cast<unsigned char>(name.front())) != 0) ||
      !std::all_of(name.begin(), name.end(), is_ident_char))
    return "the app's name '" + std::string(name) +
           "' must start with a letter and hold only letters, digits and '_' (it names the CMake target and the executable)";
  if (name.size() > 64) return "the app's name '" + std::string(name) + "' is longer than 64 characters";
  // Names CMake keeps for its own targets.
  static constexpr std::array<std::string_view, 11> reserved = {
      "all", "clean", "help", "install", "test", "package", "package_source", "edit_cache", "rebuild_cache",
      "list_install_components", "ALL_BUILD"};
  if (std::find(reserved.begin(), reserved.end(), name) != reserved.end())
    return "'" + std::string(name) + "' is a target name CMake keeps for itself; pick another app name";
  if (name.starts_with("rally")) return "app names starting with 'rally' are Rally's own; pick another";
  return {};
}

std::optional<fs::path> rally_package_dir(const fs::path& exe) {
  std::error_code ec;
  const fs::path bin = fs::weakly_canonical(exe, ec).parent_path();
  if (ec) return std::nullopt;
  const fs::path installed = (bin / RALLY_CMAKEDIR_FROM_BINDIR).lexically_normal();
  if (fs::exists(installed / "RallyConfig.cmake", ec)) return installed;
  // Run from the build tree it was built in (build/tools/rally/rally): that tree is the package.
  const fs::path tree = fs::path(RALLY_BUILD_TREE).lexically_normal();
  const auto [end, unused] = std::mismatch(tree.begin(), tree.end(), bin.begin(), bin.end());
  if (end == tree.end() && fs::exists(tree / "RallyConfig.cmake", ec)) return tree;
  return std::nullopt;
}

std::vector<RenderedFile> render_starter(const Starter& starter) {
  std::string rally_dir_entry;
  if (starter.rally_dir && !standard_place(*starter.rally_dir))
    rally_dir_entry = "\n        \"Rally_DIR\": " +
                      boost::json::serialize(boost::json::string(starter.rally_dir->generic_string())) + ",";
  std::vector<RenderedFile> out;
  for (const StarterFile& f : starter_files()) {
    std::string text(f.text);
    replace_all(text, "@app@", starter.app);
    replace_all(text, "@rally_dir@", rally_dir_entry);
    replace_all(text, "@rally_exe@", shell_quoted(starter.rally_exe.string()));
    out.push_back({std::string(f.path), std::move(text), f.executable});
  }
  return out;
}

std::vector<std::string> existing_files(const Starter& starter) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const StarterFile& f : starter_files())
    if (fs::exists(starter.folder / f.path, ec) || fs::is_symlink(starter.folder / f.path, ec))
      found.emplace_back(f.path);
  return found;
}

void write_starter(const Starter& starter) {
  for (const RenderedFile& f : render_starter(starter)) {
    const fs::path path = starter.folder / f.path;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw std::runtime_error("cannot create " + path.parent_path().string() + ": " + ec.message());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << f.text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    if (f.executable) {
      fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add, ec);
      if (ec) throw std::runtime_error("cannot make " + path.string() + " executable: " + ec.message());
    }
  }
}

}  // namespace rally::cli
