# Turns the starter app (tools/rally/starter/**) into a .cpp of raw string literals, so the
# installed `rally` needs no data files.
#   cmake -DSTARTER_DIR=<dir> -DOUTPUT=<file.cpp> -P embed_starter.cmake
# Files under bin/ and test/*.sh are written executable; `gitignore` is written as `.gitignore`
# (a dot file in this repository would apply to it).
file(GLOB_RECURSE files RELATIVE "${STARTER_DIR}" "${STARTER_DIR}/*")
list(SORT files)
set(body "")
foreach(path IN LISTS files)
  file(READ "${STARTER_DIR}/${path}" text)
  if(text MATCHES "\\)rally_starter\"")
    message(FATAL_ERROR "embed_starter: ${path} contains the raw string delimiter")
  endif()
  set(executable false)
  if(path MATCHES "^bin/" OR path MATCHES "\\.sh$")
    set(executable true)
  endif()
  set(target "${path}")
  if(path STREQUAL "gitignore")
    set(target ".gitignore")
  endif()
  string(APPEND body "  {\"${target}\", R\"rally_starter(${text})rally_starter\", ${executable}},\n")
endforeach()
set(content "// Generated from tools/rally/starter by embed_starter.cmake. Do not edit.
#include \"starter.hpp\"

namespace rally::cli {

std::span<const StarterFile> starter_files() {
  static const StarterFile files[] = {
${body}  };
  return files;
}

}  // namespace rally::cli
")
# Rewrite only on change, so that a no-op build compiles nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
