# rally_add_app(): turns a folder of page headers into a server executable plus its WASM client.
#
#   rally_add_app(<target>
#     [PAGES_ROOT <dir>]            folder holding <namespace>/pages/ (default: src)
#     [NAMESPACES <ns>...]          which namespaces, first one served at "/" (default: the only one)
#     [SOURCES <file>...]           server-only sources, e.g. the bodies of server_* handlers
#     [INCLUDE_DIRS <dir>...]       include folders for pages (default: PAGES_ROOT)
#     [COMPILE_DEFINITIONS <def>...]
#     [CLIENT <ON|OFF|AUTO>]        build the WASM client (AUTO: when Emscripten is installed)
#     [MAIN <file>]                 your own main() instead of the generated one
#     [ASSETS <dir>]                a folder served under /assets/ by the generated main
#     [MIGRATIONS <dir>]            NNN_name.sql migrations: the app gets a SQLite database, migrated
#                                   at startup, plus the targets <target>_migrate and <target>_reset
#     [QUERIES <dir>])              typed SQL: <dir>/<a>/<name>.sql -> sql::a::name() in sql.hpp
#                                   (needs MIGRATIONS: the queries are checked against that schema)
#
# Everything generated lands in ${CMAKE_CURRENT_BINARY_DIR}/<target>_rally/; `cmake --build` is the
# only step: it runs rally-gen, compiles the server and runs the client's nested Emscripten build.
include_guard(GLOBAL)
include(ExternalProject)

set(RALLY_GEN_EXECUTABLE "" CACHE FILEPATH
  "rally-gen to run instead of the packaged Rally::rally-gen (e.g. a debug build of the generator)")
find_file(RALLY_EMSCRIPTEN_TOOLCHAIN Emscripten.cmake
  HINTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform"
        /usr/share/emscripten/cmake/Modules/Platform /usr/lib/emscripten/cmake/Modules/Platform
  DOC "Emscripten's CMake toolchain file, used for the apps' WASM clients")

function(_rally_fail target message)
  message(FATAL_ERROR "rally_add_app(${target}): ${message}")
endfunction()

# Resolves a list of paths against the current source folder; every one must exist.
function(_rally_existing_paths target keyword out_var)
  set(result "")
  foreach(path IN LISTS ARGN)
    cmake_path(ABSOLUTE_PATH path BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    if(NOT EXISTS "${path}")
      _rally_fail(${target} "${keyword} '${path}' does not exist")
    endif()
    list(APPEND result "${path}")
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

function(rally_add_app target)
  set(keywords PAGES_ROOT CLIENT MAIN ASSETS MIGRATIONS QUERIES NAMESPACES SOURCES INCLUDE_DIRS COMPILE_DEFINITIONS)
  if(NOT target OR target IN_LIST keywords)
    message(FATAL_ERROR "rally_add_app: the first argument must be the app's target name, e.g. rally_add_app(my_app ...)")
  endif()
  if(NOT target MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "rally_add_app: target name '${target}' must be a C identifier (letters, digits, _)")
  endif()
  if(TARGET ${target})
    _rally_fail(${target} "a target named '${target}' already exists")
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PAGES_ROOT;CLIENT;MAIN;ASSETS;MIGRATIONS;QUERIES"
    "NAMESPACES;SOURCES;INCLUDE_DIRS;COMPILE_DEFINITIONS")
  if(arg_UNPARSED_ARGUMENTS)
    _rally_fail(${target} "unknown argument(s): ${arg_UNPARSED_ARGUMENTS} (expected: ${keywords})")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    _rally_fail(${target} "${arg_KEYWORDS_MISSING_VALUES} needs a value")
  endif()

  # --- Pages and namespaces -------------------------------------------------
  if(NOT DEFINED arg_PAGES_ROOT)
    set(arg_PAGES_ROOT src)
  endif()
  _rally_existing_paths(${target} PAGES_ROOT pages_root "${arg_PAGES_ROOT}")
  if(arg_NAMESPACES)
    set(namespaces ${arg_NAMESPACES})
  else()
    file(GLOB candidates LIST_DIRECTORIES true RELATIVE "${pages_root}" "${pages_root}/*")
    set(namespaces "")
    foreach(candidate IN LISTS candidates)
      if(IS_DIRECTORY "${pages_root}/${candidate}/pages")
        list(APPEND namespaces ${candidate})
      endif()
    endforeach()
    list(LENGTH namespaces count)
    if(count EQUAL 0)
      _rally_fail(${target} "no namespace found: expected page headers in ${pages_root}/<namespace>/pages/")
    elseif(count GREATER 1)
      _rally_fail(${target} "several namespaces (${namespaces}): list them with NAMESPACES, the one served at / first")
    endif()
  endif()

  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_rally")
  set(gen "${out}/gen")
  set(pages "")
  set(namespace_args "")
  set(client_sources "")
  foreach(ns IN LISTS namespaces)
    if(NOT ns MATCHES "^[a-z_][a-z0-9_]*$")
      _rally_fail(${target} "namespace '${ns}' must be lowercase letters, digits and _")
    endif()
    set(dir "${pages_root}/${ns}/pages")
    if(NOT IS_DIRECTORY "${dir}")
      _rally_fail(${target} "namespace '${ns}' has no pages folder ${dir}")
    endif()
    file(GLOB_RECURSE ns_pages CONFIGURE_DEPENDS "${dir}/*.hpp")
    if(NOT ns_pages)
      _rally_fail(${target} "namespace '${ns}' has no page headers in ${dir}")
    endif()
    list(SORT ns_pages)
    list(APPEND pages ${ns_pages})
    list(APPEND namespace_args --namespace "${ns}=${dir}")
    list(APPEND client_sources "${gen}/client_${ns}.cpp")
  endforeach()

  if(DEFINED arg_INCLUDE_DIRS)
    _rally_existing_paths(${target} INCLUDE_DIRS include_dirs ${arg_INCLUDE_DIRS})
  else()
    set(include_dirs "${pages_root}")
  endif()
  _rally_existing_paths(${target} SOURCES sources ${arg_SOURCES})

  # --- Client or not ---------------------------------------------------------
  if(NOT DEFINED arg_CLIENT)
    set(arg_CLIENT AUTO)
  endif()
  string(TOUPPER "${arg_CLIENT}" client_mode)
  if(NOT client_mode MATCHES "^(ON|OFF|AUTO|TRUE|FALSE|YES|NO|1|0)$")
    _rally_fail(${target} "CLIENT must be ON, OFF or AUTO, not '${arg_CLIENT}'")
  endif()
  set(build_client OFF)
  if(client_mode STREQUAL "AUTO")
    if(RALLY_EMSCRIPTEN_TOOLCHAIN)
      set(build_client ON)
    else()
      message(STATUS "rally_add_app(${target}): Emscripten not found, building an SSR-only server (CLIENT OFF)")
    endif()
  elseif(arg_CLIENT)
    if(NOT RALLY_EMSCRIPTEN_TOOLCHAIN)
      _rally_fail(${target} "CLIENT ON needs Emscripten (set RALLY_EMSCRIPTEN_TOOLCHAIN to its Emscripten.cmake)")
    endif()
    set(build_client ON)
  endif()

  # --- Database ------------------------------------------------------------------
  # The .sql files are inputs of rally-gen (queries are prepared against the migrated schema), so
  # adding, editing or removing one regenerates sql.hpp/sql.cpp.
  set(migrations_dir "")
  set(sql_args "")
  set(sql_files "")
  set(sql_outputs "")
  if(DEFINED arg_MIGRATIONS)
    _rally_existing_paths(${target} MIGRATIONS migrations_dir "${arg_MIGRATIONS}")
    if(NOT IS_DIRECTORY "${migrations_dir}")
      _rally_fail(${target} "MIGRATIONS '${migrations_dir}' is not a folder")
    endif()
    file(GLOB migration_files CONFIGURE_DEPENDS "${migrations_dir}/*.sql")
    list(APPEND sql_files ${migration_files})
    list(APPEND sql_args --migrations "${migrations_dir}")
  endif()
  if(DEFINED arg_QUERIES)
    _rally_existing_paths(${target} QUERIES queries_dir "${arg_QUERIES}")
    if(NOT IS_DIRECTORY "${queries_dir}")
      _rally_fail(${target} "QUERIES '${queries_dir}' is not a folder")
    endif()
    if(NOT migrations_dir)
      _rally_fail(${target} "QUERIES needs MIGRATIONS: the queries are checked against the migrated schema")
    endif()
    file(GLOB_RECURSE query_files CONFIGURE_DEPENDS "${queries_dir}/*.sql")
    list(APPEND sql_files ${query_files})
    list(APPEND sql_args --queries "${queries_dir}")
    set(sql_outputs "${gen}/sql.hpp" "${gen}/sql.cpp")
  endif()

  # --- Code generation ---------------------------------------------------------
  if(RALLY_GEN_EXECUTABLE)
    set(generator "${RALLY_GEN_EXECUTABLE}")
    set(generator_deps "${RALLY_GEN_EXECUTABLE}")
  else()
    set(generator "$<TARGET_FILE:Rally::rally-gen>")
    set(generator_deps Rally::rally-gen "$<TARGET_FILE:Rally::rally-gen>")
  endif()
  set(routes_headers "")
  foreach(ns IN LISTS namespaces)
    list(APPEND routes_headers "${gen}/${ns}/routes.hpp")
  endforeach()
  set(generated "${gen}/wire.hpp" "${gen}/server.cpp" "${gen}/app.hpp" "${gen}/contract.json" ${client_sources}
                ${routes_headers} ${sql_outputs})

  # The pages are parsed with the server target's own include folders and definitions.
  set(flags_file "${out}/rally-gen-$<CONFIG>.flags")
  set(target_includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(target_defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  file(GENERATE OUTPUT "${flags_file}" CONTENT
    "$<$<BOOL:${target_includes}>:-I$<JOIN:${target_includes},\n-I>\n>$<$<BOOL:${target_defines}>:-D$<JOIN:${target_defines},\n-D>\n>")

  add_custom_command(
    OUTPUT "${gen}/rally-gen.stamp"
    BYPRODUCTS ${generated}
    COMMAND ${generator} --app ${target} --out "${gen}" --stamp "${gen}/rally-gen.stamp"
            --depfile "${gen}/rally-gen.d" ${namespace_args} --flags-file "${flags_file}" ${sql_args} ${pages}
    DEPENDS ${generator_deps} ${pages} ${sql_files} "${flags_file}"
    DEPFILE "${gen}/rally-gen.d"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "rally-gen: generating ${target} from its page headers"
    VERBATIM)
  add_custom_target(${target}_rally_gen DEPENDS "${gen}/rally-gen.stamp")

  # --- The server ----------------------------------------------------------------
  set(assets_dir "")
  if(DEFINED arg_ASSETS)
    _rally_existing_paths(${target} ASSETS assets_dir "${arg_ASSETS}")
    if(NOT IS_DIRECTORY "${assets_dir}")
      _rally_fail(${target} "ASSETS '${assets_dir}' is not a folder")
    endif()
  endif()
  if(arg_MAIN)
    _rally_existing_paths(${target} MAIN main_source "${arg_MAIN}")
  else()
    set(main_source "${out}/main.cpp")
    file(GENERATE OUTPUT "${main_source}" CONTENT
"// Generated by rally_add_app(${target}). Do not edit.
#include <rally/server/run.hpp>
#include \"app.hpp\"

int main(int argc, char** argv) {
  auto app = rally_generated_make_app();
  return rally::server::main(*app, argc, argv, rally::server::AppPaths{
      \"${out}/client\", \"${assets_dir}\", \"${migrations_dir}\"});
}
")
  endif()
  set(sql_source "")
  if(sql_outputs)
    set(sql_source "${gen}/sql.cpp")
  endif()
  add_executable(${target} "${gen}/server.cpp" ${sql_source} ${main_source} ${sources})
  set_source_files_properties(${generated} PROPERTIES GENERATED TRUE)
  add_dependencies(${target} ${target}_rally_gen)
  target_include_directories(${target} PRIVATE ${include_dirs} "${gen}")
  target_compile_definitions(${target} PRIVATE ${arg_COMPILE_DEFINITIONS})
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE Rally::server Rally::db)
  set_property(TARGET ${target} PROPERTY RALLY_GENERATED_DIR "${gen}")
  set_property(TARGET ${target} PROPERTY RALLY_MIGRATIONS_DIR "${migrations_dir}")
  if(migrations_dir)
    # Dev commands, run from the source folder like `./build/<app>` usually is, so they act on the
    # same db/<app>.db (DATABASE_PATH in the environment still wins).
    add_custom_target(${target}_migrate
      COMMAND ${target} --migrate
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      COMMENT "${target}: applying pending migrations"
      USES_TERMINAL VERBATIM)
    add_custom_target(${target}_reset
      COMMAND ${target} --reset
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      COMMENT "${target}: deleting and re-creating the database"
      USES_TERMINAL VERBATIM)
  endif()
  set_property(TARGET ${target} PROPERTY RALLY_CLIENT_DIR "${out}/client")
  set_property(TARGET ${target} PROPERTY RALLY_ASSETS_DIR "${assets_dir}")

  # --- The WASM client: a nested build with the Emscripten toolchain -----------------
  if(build_client)
    # em++ must never see /usr/include, so Rally's headers are exposed through a folder of links.
    file(MAKE_DIRECTORY "${out}/client-include")
    if(NOT EXISTS "${out}/client-include/rally")
      file(CREATE_LINK "${RALLY_INCLUDE_DIR}/rally" "${out}/client-include/rally" SYMBOLIC)
    endif()
    # -Oz links run a Node script that needs Debian's acorn module (see TOOLCHAIN.md).
    set(with_env "${CMAKE_COMMAND}" -E env "NODE_PATH=/usr/share/nodejs")
    ExternalProject_Add(${target}_client
      SOURCE_DIR "${RALLY_DATA_DIR}/client"
      BINARY_DIR "${out}/client-build"
      CMAKE_COMMAND ${with_env} "${CMAKE_COMMAND}"
      CMAKE_GENERATOR "${CMAKE_GENERATOR}"
      CMAKE_CACHE_ARGS
        "-DCMAKE_TOOLCHAIN_FILE:FILEPATH=${RALLY_EMSCRIPTEN_TOOLCHAIN}"
        "-DCMAKE_BUILD_TYPE:STRING=Release"
        "-DRALLY_INCLUDE_DIR:PATH=${out}/client-include"
        "-DRALLY_RUNTIME_SOURCE_DIR:PATH=${RALLY_RUNTIME_SOURCE_DIR}"
        "-DRALLY_CLIENT_SOURCE_DIR:PATH=${RALLY_CLIENT_SOURCE_DIR}"
        "-DRALLY_APP_CLIENT_SOURCES:STRING=${client_sources}"
        "-DRALLY_APP_INCLUDE_DIRS:STRING=${include_dirs};${gen}"
        "-DRALLY_APP_DEFINITIONS:STRING=${arg_COMPILE_DEFINITIONS}"
        "-DRALLY_OUTPUT_DIR:PATH=${out}/client"
      BUILD_COMMAND ${with_env} "${CMAKE_COMMAND}" --build "${out}/client-build"
      BUILD_ALWAYS ON
      INSTALL_COMMAND ""
      DEPENDS ${target}_rally_gen
      USES_TERMINAL_BUILD ON)
    add_dependencies(${target} ${target}_client)
  endif()
endfunction()
