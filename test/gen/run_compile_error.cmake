# Generates a fixture with rally-gen, then compiles one generated unit, which must fail: prints the
# compiler's output for the test's PASS_REGULAR_EXPRESSION (a unit that compiles is an error).
#   -DGEN=<rally-gen> -DCXX=<compiler> -DWORK_DIR=<fixture> -DOUT=<scratch> -DARGS=<a|b|c>
#   -DUNIT=<generated file> -DINCLUDES=<dir|dir>
string(REPLACE "|" ";" args "${ARGS}")
string(REPLACE "|" ";" includes "${INCLUDES}")
file(REMOVE_RECURSE "${OUT}")
execute_process(COMMAND "${GEN}" ${args} --out "${OUT}" --stamp "${OUT}/stamp" --depfile "${OUT}/gen.d"
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rally-gen failed (${rc}):\n${err}")
endif()
list(TRANSFORM includes PREPEND "-I")
execute_process(COMMAND "${CXX}" -std=c++20 -fsyntax-only "-I${OUT}" ${includes} "${OUT}/${UNIT}"
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${UNIT} compiled, but it should not have")
endif()
message("${out}")
