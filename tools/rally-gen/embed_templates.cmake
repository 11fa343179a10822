# Turns templates/*.mustache into a .cpp of raw string literals, so the installed rally-gen needs
# no data files.  cmake -DTEMPLATE_DIR=<dir> -DOUTPUT=<file.cpp> -P embed_templates.cmake
file(GLOB templates "${TEMPLATE_DIR}/*.mustache")
list(SORT templates)
set(body "")
foreach(t IN LISTS templates)
  get_filename_component(name "${t}" NAME)
  string(REGEX REPLACE "\\.mustache$" "" name "${name}")
  file(READ "${t}" text)
  if(text MATCHES "\\)rally_template\"")
    message(FATAL_ERROR "embed_templates: ${t} contains the raw string delimiter")
  endif()
  string(APPEND body "  {\"${name}\", R\"rally_template(${text})rally_template\"},\n")
endforeach()
set(content "// Generated from tools/rally-gen/templates by embed_templates.cmake. Do not edit.
#include <string_view>
#include <utility>

namespace rally::gen {

std::string_view template_text(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> templates[] = {
${body}  };
  for (const auto& [n, text] : templates)
    if (n == name) return text;
  return {};
}

}  // namespace rally::gen
")
# Rewrite only on change so that editing one template does not rebuild more than needed.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
