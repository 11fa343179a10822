# rally_add_app(): turns a folder of page headers into a server executable plus its WASM client.
#
#   rally_add_app(<target>
#     [PAGES_ROOT <dir>]            folder holding <namespace>/pages/ (default: src)
#     [NAMESPACES <ns>...]          which namespaces, first one served at "/" (default: the only one)
#     [SOURCES <file>...]           more server-only sources; the .cpp files below each pages folder
#                                   (bodies of server_* handlers and load) are picked up on their own
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
# The include folders and definitions of <target> (also those added later with
# target_include_directories/target_compile_definitions) are what rally-gen parses the pages with
# and what the client is compiled with.
#
# rally_generate(): the code generation step alone, for builds that put the pieces together
# themselves (Rally's own tests do):
#
#   rally_generate(<name>
#     NAMESPACES <ns>=<pages dir>...  the first one served at "/"
#     [FLAGS_FROM <target>]          parse with this target's include folders and definitions
#     [INCLUDE_DIRS <dir>...] [COMPILE_DEFINITIONS <def>...]   and/or with these
#     [MIGRATIONS <dir>] [QUERIES <dir>]
#     [APP_NAME <app>]               the app's name in generated code (default: <name>)
#     [OUTPUT_DIR <dir>])            default: ${CMAKE_CURRENT_BINARY_DIR}/<name>_rally/gen
#
#   It adds the target <name>_rally_gen and sets, in the caller's scope, <name>_GENERATED_DIR,
#   <name>_NAMESPACES, <name>_SERVER_SOURCES (server.cpp, <ns>/routes.cpp, one unit per page,
#   sql.cpp) and <name>_CLIENT_SOURCES_<ns> (client_<ns>.cpp, <ns>/routes.cpp and one unit per
#   page) for each namespace.
#
# Everything generated lands in the build tree; `cmake --build` is the only step: it runs rally-gen,
# compiles the server and runs the client's nested Emscripten build. rally-gen rewrites a file only
# when its content changes, and the generated code is split per page, so an edit recompiles the
# edited page's units and little else.
include_guard(GLOBAL)
include(ExternalProject)

set(RALLY_GEN_EXECUTABLE "" CACHE FILEPATH
  "rally-gen to run instead of the packaged Rally::rally-gen (e.g. a debug build of the generator)")
find_file(RALLY_EMSCRIPTEN_TOOLCHAIN Emscripten.cmake
  HINTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform"
        /usr/share/emscripten/cmake/Modules/Platform /usr/lib/emscripten/cmake/Modules/Platform
  DOC "Emscripten's CMake toolchain file, used for the apps' WASM clients")

function(_rally_fail function target message)
  message(FATAL_ERROR "${function}(${target}): ${message}")
endfunction()

# Resolves a list of paths against the current source folder; every one must exist.
function(_rally_existing_paths function target keyword out_var)
  set(result "")
  foreach(path IN LISTS ARGN)
    cmake_path(ABSOLUTE_PATH path BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    if(NOT EXISTS "${path}")
      _rally_fail(${function} ${target} "${keyword} '${path}' does not exist")
    endif()
    list(APPEND result "${path}")
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

function(_rally_existing_folder function target keyword out_var path)
  _rally_existing_paths(${function} ${target} ${keyword} folder "${path}")
  if(NOT IS_DIRECTORY "${folder}")
    _rally_fail(${function} ${target} "${keyword} '${folder}' is not a folder")
  endif()
  set(${out_var} "${folder}" PARENT_SCOPE)
endfunction()

function(rally_generate name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "FLAGS_FROM;MIGRATIONS;QUERIES;APP_NAME;OUTPUT_DIR"
    "NAMESPACES;INCLUDE_DIRS;COMPILE_DEFINITIONS;HEADERS")
  if(arg_UNPARSED_ARGUMENTS)
    _rally_fail(rally_generate ${name} "unknown argument(s): ${arg_UNPARSED_ARGUMENTS} (expected: NAMESPACES FLAGS_FROM INCLUDE_DIRS COMPILE_DEFINITIONS HEADERS MIGRATIONS QUERIES APP_NAME OUTPUT_DIR)")
  endif()
  if(NOT arg_APP_NAME)
    set(arg_APP_NAME ${name})
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    _rally_fail(rally_generate ${name} "${arg_KEYWORDS_MISSING_VALUES} needs a value")
  endif()
  if(NOT arg_NAMESPACES)
    _rally_fail(rally_generate ${name} "NAMESPACES <ns>=<pages dir>... is required")
  endif()
  set(gen "${CMAKE_CURRENT_BINARY_DIR}/${name}_rally/gen")
  if(arg_OUTPUT_DIR)
    cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE OUTPUT_VARIABLE gen)
  endif()

  # Pages, and the units generated for them: pages/<ns>/<path>.{server,client}.cpp.
  set(pages "")
  set(namespace_args "")
  set(namespaces "")
  # topics.cpp: what subscribing and publishing need of each topic type, on both sides.
  set(server_sources "${gen}/server.cpp" "${gen}/topics.cpp")
  foreach(entry IN LISTS arg_NAMESPACES)
    if(NOT entry MATCHES "^([a-z_][a-z0-9_]*)=(.+)$")
      _rally_fail(rally_generate ${name} "NAMESPACES takes <ns>=<pages dir> with a lowercase name, not '${entry}'")
    endif()
    set(ns "${CMAKE_MATCH_1}")
    _rally_existing_folder(rally_generate ${name} "pages folder of namespace ${ns}" dir "${CMAKE_MATCH_2}")
    file(GLOB_RECURSE ns_pages CONFIGURE_DEPENDS RELATIVE "${dir}" "${dir}/*.hpp")
    if(NOT ns_pages)
      _rally_fail(rally_generate ${name} "namespace '${ns}' has no page headers in ${dir}")
    endif()
    list(SORT ns_pages)
    # The namespace's route matching (routes.cpp) is compiled into both sides.
    list(APPEND server_sources "${gen}/${ns}/routes.cpp")
    set(client_sources "${gen}/client_${ns}.cpp" "${gen}/${ns}/routes.cpp" "${gen}/topics.cpp")
    foreach(page IN LISTS ns_pages)
      string(REGEX REPLACE "\\.hpp$" "" stem "${page}")
      list(APPEND pages "${dir}/${page}")
      list(APPEND server_sources "${gen}/pages/${ns}/${stem}.server.cpp")
      list(APPEND client_sources "${gen}/pages/${ns}/${stem}.client.cpp")
    endforeach()
    set(${name}_CLIENT_SOURCES_${ns} "${client_sources}")
    set(${name}_CLIENT_SOURCES_${ns} "${client_sources}" PARENT_SCOPE)
    list(APPEND namespace_args --namespace "${ns}=${dir}")
    list(APPEND namespaces ${ns})
  endforeach()

  # The .sql files are inputs of rally-gen (queries are prepared against the migrated schema), so
  # adding, editing or removing one regenerates sql.hpp/sql.cpp.
  set(sql_args "")
  set(sql_files "")
  set(sql_outputs "")
  if(arg_MIGRATIONS)
    _rally_existing_folder(rally_generate ${name} MIGRATIONS migrations "${arg_MIGRATIONS}")
    file(GLOB migration_files CONFIGURE_DEPENDS "${migrations}/*.sql")
    list(APPEND sql_files ${migration_files})
    list(APPEND sql_args --migrations "${migrations}")
  endif()
  if(arg_QUERIES)
    if(NOT arg_MIGRATIONS)
      _rally_fail(rally_generate ${name} "QUERIES needs MIGRATIONS: the queries are checked against the migrated schema")
    endif()
    _rally_existing_folder(rally_generate ${name} QUERIES queries "${arg_QUERIES}")
    file(GLOB_RECURSE query_files CONFIGURE_DEPENDS "${queries}/*.sql")
    list(APPEND sql_files ${query_files})
    list(APPEND sql_args --queries "${queries}")
    set(sql_outputs "${gen}/sql.hpp" "${gen}/sql.cpp")
    list(APPEND server_sources "${gen}/sql.cpp")
  endif()

  # Headers rally-gen reads besides the pages (job types, topics no page includes).
  set(header_args "")
  set(headers "")
  if(arg_HEADERS)
    _rally_existing_paths(rally_generate ${name} HEADERS headers ${arg_HEADERS})
    foreach(header IN LISTS headers)
      list(APPEND header_args --header "${header}")
    endforeach()
  endif()

  if(RALLY_GEN_EXECUTABLE)
    set(generator "${RALLY_GEN_EXECUTABLE}")
    set(generator_deps "${RALLY_GEN_EXECUTABLE}")
  else()
    set(generator "$<TARGET_FILE:Rally::rally-gen>")
    set(generator_deps Rally::rally-gen "$<TARGET_FILE:Rally::rally-gen>")
  endif()
  set(generated ${server_sources} "${gen}/app.hpp" "${gen}/contract.json" ${sql_outputs})
  foreach(ns IN LISTS namespaces)
    list(APPEND generated ${${name}_CLIENT_SOURCES_${ns}} "${gen}/${ns}/routes.hpp")
  endforeach()
  list(REMOVE_DUPLICATES generated)

  # The pages are parsed with the flags the code that includes them is compiled with.
  set(flags_file "${gen}/../rally-gen-$<CONFIG>.flags")
  set(flags "")
  foreach(dir IN LISTS arg_INCLUDE_DIRS)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    string(APPEND flags "-I${dir}\n")
  endforeach()
  foreach(def IN LISTS arg_COMPILE_DEFINITIONS)
    string(APPEND flags "-D${def}\n")
  endforeach()
  if(arg_FLAGS_FROM)
    set(includes "$<TARGET_PROPERTY:${arg_FLAGS_FROM},INCLUDE_DIRECTORIES>")
    set(defines "$<TARGET_PROPERTY:${arg_FLAGS_FROM},COMPILE_DEFINITIONS>")
    string(APPEND flags "$<$<BOOL:${includes}>:-I$<JOIN:${includes},\n-I>\n>$<$<BOOL:${defines}>:-D$<JOIN:${defines},\n-D>\n>")
  endif()
  file(GENERATE OUTPUT "${flags_file}" CONTENT "${flags}")

  add_custom_command(
    OUTPUT "${gen}/rally-gen.stamp"
    BYPRODUCTS ${generated}
    COMMAND ${generator} --app ${arg_APP_NAME} --out "${gen}" --stamp "${gen}/rally-gen.stamp"
            --depfile "${gen}/rally-gen.d" ${namespace_args} --flags-file "${flags_file}" ${sql_args} ${header_args} ${pages}
    DEPENDS ${generator_deps} ${pages} ${headers} ${sql_files} "${flags_file}"
    DEPFILE "${gen}/rally-gen.d"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "rally-gen: generating ${name} from its page headers"
    VERBATIM)
  add_custom_target(${name}_rally_gen DEPENDS "${gen}/rally-gen.stamp")
  set_source_files_properties(${generated} PROPERTIES GENERATED TRUE)

  set(${name}_GENERATED_DIR "${gen}" PARENT_SCOPE)
  set(${name}_NAMESPACES "${namespaces}" PARENT_SCOPE)
  set(${name}_SERVER_SOURCES "${server_sources}" PARENT_SCOPE)
endfunction()

function(rally_add_app target)
  set(keywords PAGES_ROOT CLIENT MAIN ASSETS MIGRATIONS QUERIES NAMESPACES SOURCES HEADERS INCLUDE_DIRS COMPILE_DEFINITIONS)
  if(NOT target OR target IN_LIST keywords)
    message(FATAL_ERROR "rally_add_app: the first argument must be the app's target name, e.g. rally_add_app(my_app ...)")
  endif()
  if(NOT target MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "rally_add_app: target name '${target}' must be a C identifier (letters, digits, _)")
  endif()
  if(TARGET ${target})
    _rally_fail(rally_add_app ${target} "a target named '${target}' already exists")
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PAGES_ROOT;CLIENT;MAIN;ASSETS;MIGRATIONS;QUERIES"
    "NAMESPACES;SOURCES;HEADERS;INCLUDE_DIRS;COMPILE_DEFINITIONS")
  if(arg_UNPARSED_ARGUMENTS)
    _rally_fail(rally_add_app ${target} "unknown argument(s): ${arg_UNPARSED_ARGUMENTS} (expected: ${keywords})")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    _rally_fail(rally_add_app ${target} "${arg_KEYWORDS_MISSING_VALUES} needs a value")
  endif()

  # --- Pages and namespaces -------------------------------------------------
  if(NOT DEFINED arg_PAGES_ROOT)
    set(arg_PAGES_ROOT src)
  endif()
  _rally_existing_paths(rally_add_app ${target} PAGES_ROOT pages_root "${arg_PAGES_ROOT}")
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
      _rally_fail(rally_add_app ${target} "no namespace found: expected page headers in ${pages_root}/<namespace>/pages/")
    elseif(count GREATER 1)
      _rally_fail(rally_add_app ${target} "several namespaces (${namespaces}): list them with NAMESPACES, the one served at / first")
    endif()
  endif()
  set(namespace_dirs "")
  set(page_sources "")
  foreach(ns IN LISTS namespaces)
    if(NOT ns MATCHES "^[a-z_][a-z0-9_]*$")
      _rally_fail(rally_add_app ${target} "namespace '${ns}' must be lowercase letters, digits and _")
    endif()
    set(dir "${pages_root}/${ns}/pages")
    if(NOT IS_DIRECTORY "${dir}")
      _rally_fail(rally_add_app ${target} "namespace '${ns}' has no pages folder ${dir}")
    endif()
    file(GLOB_RECURSE ns_pages CONFIGURE_DEPENDS "${dir}/*.hpp")
    if(NOT ns_pages)
      _rally_fail(rally_add_app ${target} "namespace '${ns}' has no page headers in ${dir}")
    endif()
    list(APPEND namespace_dirs "${ns}=${dir}")
    # Server-only bodies beside the page headers (handlers, load) need no listing.
    file(GLOB_RECURSE ns_sources CONFIGURE_DEPENDS "${dir}/*.cpp")
    list(APPEND page_sources ${ns_sources})
  endforeach()

  if(DEFINED arg_INCLUDE_DIRS)
    _rally_existing_paths(rally_add_app ${target} INCLUDE_DIRS include_dirs ${arg_INCLUDE_DIRS})
  else()
    set(include_dirs "${pages_root}")
  endif()
  _rally_existing_paths(rally_add_app ${target} SOURCES sources ${arg_SOURCES})
  list(APPEND sources ${page_sources})
  list(REMOVE_DUPLICATES sources)

  # --- Client or not ---------------------------------------------------------
  if(NOT DEFINED arg_CLIENT)
    set(arg_CLIENT AUTO)
  endif()
  string(TOUPPER "${arg_CLIENT}" client_mode)
  if(NOT client_mode MATCHES "^(ON|OFF|AUTO|TRUE|FALSE|YES|NO|1|0)$")
    _rally_fail(rally_add_app ${target} "CLIENT must be ON, OFF or AUTO, not '${arg_CLIENT}'")
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
      _rally_fail(rally_add_app ${target} "CLIENT ON needs Emscripten (set RALLY_EMSCRIPTEN_TOOLCHAIN to its Emscripten.cmake)")
    endif()
    set(build_client ON)
  endif()

  # --- Database and assets ---------------------------------------------------------
  set(migrations_dir "")
  set(db_args "")
  if(DEFINED arg_MIGRATIONS)
    _rally_existing_folder(rally_add_app ${target} MIGRATIONS migrations_dir "${arg_MIGRATIONS}")
    list(APPEND db_args MIGRATIONS "${migrations_dir}")
  endif()
  if(DEFINED arg_QUERIES)
    _rally_existing_folder(rally_add_app ${target} QUERIES queries_dir "${arg_QUERIES}")
    if(NOT migrations_dir)
      _rally_fail(rally_add_app ${target} "QUERIES needs MIGRATIONS: the queries are checked against the migrated schema")
    endif()
    list(APPEND db_args QUERIES "${queries_dir}")
  endif()
  set(assets_dir "")
  if(DEFINED arg_ASSETS)
    _rally_existing_folder(rally_add_app ${target} ASSETS assets_dir "${arg_ASSETS}")
  endif()

  # --- Code generation and the server ---------------------------------------------------
  set(header_args "")
  if(arg_HEADERS)
    set(header_args HEADERS ${arg_HEADERS})
  endif()
  rally_generate(${target} NAMESPACES ${namespace_dirs} FLAGS_FROM ${target} ${db_args} ${header_args})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_rally")
  set(gen "${${target}_GENERATED_DIR}")
  if(arg_MAIN)
    _rally_existing_paths(rally_add_app ${target} MAIN main_source "${arg_MAIN}")
  else()
    set(main_source "${out}/main.cpp")
    file(GENERATE OUTPUT "${main_source}" CONTENT
"// Generated by rally_add_app(${target}). Do not edit.
#include <rally/server/run.hpp>
#include \"app.hpp\"

int main(int argc, char** argv) {
  auto app = rally_generated_make_app();
  rally::server::AppPaths paths{\"${out}/client\", \"${assets_dir}\", \"${migrations_dir}\"};
#ifdef RALLY_DEV_TOOLS
  paths.dev_tools = true;  // rally dev's reload and build overlay; never in a release build
#endif
  return rally::server::main(*app, argc, argv, paths);
}
")
    # Development configurations get rally dev's tools (a per-source definition, so the pages'
    # precompiled header stays the same in every configuration; main.cpp does without it).
    set_property(SOURCE "${main_source}" APPEND PROPERTY COMPILE_DEFINITIONS "$<$<CONFIG:Debug,RelWithDebInfo>:RALLY_DEV_TOOLS>")
    set_property(SOURCE "${main_source}" PROPERTY SKIP_PRECOMPILE_HEADERS ON)
  endif()
  add_executable(${target} ${${target}_SERVER_SOURCES} ${main_source} ${sources})
  add_dependencies(${target} ${target}_rally_gen)
  target_include_directories(${target} PRIVATE ${include_dirs} "${gen}")
  target_compile_definitions(${target} PRIVATE ${arg_COMPILE_DEFINITIONS})
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE Rally::server Rally::db)
  # Every generated page unit starts with these: parsed once, not once per page.
  target_precompile_headers(${target} PRIVATE <rally/server/page.hpp> <rally/page.hpp>)
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

  if(build_client)
    _rally_add_client(${target} "${out}")
  endif()
  # What `rally dev` builds, runs and watches: the executable, and the app's source folder (the
  # server's working folder, so that it uses the same db/<target>.db as `./build/<target>` there).
  file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/rally_apps/$<CONFIG>/${target}.txt"
    CONTENT "$<TARGET_FILE:${target}>\n${CMAKE_CURRENT_SOURCE_DIR}\n")
endfunction()

# A native test of an app's pages: an executable that sees the app's headers and generated codecs
# as its server does, linked with Rally's portable libraries, for tests that call a page's update and
# view or replay what the dev inspector recorded in a tab (rally/testing/replay.hpp). Link a test
# framework and register the tests yourself:
#   rally_add_page_test(counter_replay APP counter SOURCES test/replay_test.cpp)
#   target_link_libraries(counter_replay PRIVATE GTest::gtest_main)
#   gtest_discover_tests(counter_replay)
function(rally_add_page_test target)
  if(NOT target OR target STREQUAL "APP" OR target STREQUAL "SOURCES")
    message(FATAL_ERROR "rally_add_page_test: the first argument must be the test's target name, e.g. "
                        "rally_add_page_test(my_app_pages APP my_app SOURCES test/pages_test.cpp)")
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "APP" "SOURCES")
  if(arg_UNPARSED_ARGUMENTS)
    _rally_fail(rally_add_page_test ${target} "unknown argument(s): ${arg_UNPARSED_ARGUMENTS} (expected: APP SOURCES)")
  endif()
  if(NOT arg_APP OR NOT arg_SOURCES)
    _rally_fail(rally_add_page_test ${target} "APP <rally_add_app target> and SOURCES <files> are required")
  endif()
  if(NOT TARGET ${arg_APP})
    _rally_fail(rally_add_page_test ${target} "APP '${arg_APP}' is not a target: rally_add_app(${arg_APP}) must come first")
  endif()
  get_target_property(gen ${arg_APP} RALLY_GENERATED_DIR)
  if(NOT gen)
    _rally_fail(rally_add_page_test ${target} "APP '${arg_APP}' was not made by rally_add_app()")
  endif()
  _rally_existing_paths(rally_add_page_test ${target} SOURCES sources ${arg_SOURCES})
  add_executable(${target} ${sources})
  add_dependencies(${target} ${arg_APP}_rally_gen)
  # The app's own folders (its pages, its generated code) and definitions.
  target_include_directories(${target} PRIVATE "$<TARGET_PROPERTY:${arg_APP},INCLUDE_DIRECTORIES>")
  target_compile_definitions(${target} PRIVATE "$<TARGET_PROPERTY:${arg_APP},COMPILE_DEFINITIONS>")
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE Rally::app Rally::db)
endfunction()

# The WASM client of an app: a nested build with the Emscripten toolchain (one CMake build tree has
# one toolchain), configured from a file this build writes: the namespaces and their generated
# sources, and the app target's include folders and definitions.
function(_rally_add_client target out)
  # em++ must never see /usr/include, so Rally's headers are exposed through a folder of links.
  file(MAKE_DIRECTORY "${out}/client-include")
  if(IS_SYMLINK "${out}/client-include/rally")
    file(REMOVE "${out}/client-include/rally")  # re-pointed, in case Rally moved
  endif()
  file(CREATE_LINK "${RALLY_INCLUDE_DIR}/rally" "${out}/client-include/rally" SYMBOLIC)
  set(include_dirs "${out}/client-include")
  # rally/version.hpp lives apart in a build tree (CMake makes it); installed, it is in rally/.
  if(NOT RALLY_GENERATED_INCLUDE_DIR STREQUAL RALLY_INCLUDE_DIR)
    list(APPEND include_dirs "${RALLY_GENERATED_INCLUDE_DIR}")
  endif()
  # The app target's folders and definitions, as its server is compiled with them, without the
  # system folders its libraries bring (glibc's headers break em++).
  set(app_includes "$<FILTER:$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>,EXCLUDE,^/usr(/local)?/include(/.*)?$>")
  set(app_defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(content "set(RALLY_INCLUDE_DIRS \"${include_dirs}\")\n")
  string(APPEND content "set(RALLY_NAMESPACES \"${${target}_NAMESPACES}\")\n")
  foreach(ns IN LISTS ${target}_NAMESPACES)
    string(APPEND content "set(RALLY_SOURCES_${ns} \"${${target}_CLIENT_SOURCES_${ns}}\")\n")
  endforeach()
  string(APPEND content "set(RALLY_APP_INCLUDE_DIRS \"${app_includes}\")\n")
  string(APPEND content "set(RALLY_APP_DEFINITIONS \"${app_defines}\")\n")
  file(GENERATE OUTPUT "${out}/client-app-$<CONFIG>.cmake" CONTENT "${content}")

  set(bundles "")
  foreach(ns IN LISTS ${target}_NAMESPACES)
    list(APPEND bundles "${out}/client/${ns}.js" "${out}/client/${ns}.wasm")
  endforeach()
  # -Oz links run a Node script that needs Debian's acorn module (see TOOLCHAIN.md).
  set(with_env "${CMAKE_COMMAND}" -E env "NODE_PATH=/usr/share/nodejs")
  set(build_type "${CMAKE_BUILD_TYPE}")
  if(NOT build_type)
    set(build_type Release)
  endif()
  ExternalProject_Add(${target}_client
    SOURCE_DIR "${RALLY_DATA_DIR}/client"
    BINARY_DIR "${out}/client-build"
    CMAKE_COMMAND ${with_env} "${CMAKE_COMMAND}"
    CMAKE_GENERATOR "${CMAKE_GENERATOR}"
    CMAKE_CACHE_ARGS
      "-DCMAKE_TOOLCHAIN_FILE:FILEPATH=${RALLY_EMSCRIPTEN_TOOLCHAIN}"
      "-DCMAKE_BUILD_TYPE:STRING=${build_type}"
      "-DCMAKE_CXX_COMPILER_LAUNCHER:STRING=${CMAKE_CXX_COMPILER_LAUNCHER}"
      "-DRALLY_APP_FILE:FILEPATH=${out}/client-app-${CMAKE_BUILD_TYPE}.cmake"
      "-DRALLY_RUNTIME_SOURCE_DIR:PATH=${RALLY_RUNTIME_SOURCE_DIR}"
      "-DRALLY_CLIENT_SOURCE_DIR:PATH=${RALLY_CLIENT_SOURCE_DIR}"
      "-DRALLY_OUTPUT_DIR:PATH=${out}/client"
    BUILD_COMMAND ${with_env} "${CMAKE_COMMAND}" --build "${out}/client-build"
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${bundles}
    INSTALL_COMMAND ""
    DEPENDS ${target}_rally_gen
    USES_TERMINAL_BUILD ON)
  # Building the server builds its client, but only its link waits for it: the server's units
  # compile while the client builds, and an unchanged bundle relinks nothing.
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${bundles})
endfunction()
