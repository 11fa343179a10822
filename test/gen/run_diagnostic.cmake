# Runs rally-gen on a broken fixture: exit code 1, stderr exactly expected.txt, nothing emitted.
# RALLY_UPDATE_GOLDEN=1 rewrites expected.txt with what rally-gen printed.
#   -DGEN=<rally-gen> -DWORK_DIR=<case dir> -DOUT=<scratch dir> -DARGS=<a|b|c>
string(REPLACE "|" ";" args "${ARGS}")
file(REMOVE_RECURSE "${OUT}")
execute_process(COMMAND "${GEN}" ${args} --out "${OUT}/gen" --stamp "${OUT}/stamp" --depfile "${OUT}/gen.d"
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected exit code 1, got ${rc}\nstderr:\n${err}")
endif()
# RALLY_UPDATE_GOLDEN=1 in the environment rewrites expected.txt instead.
if("$ENV{RALLY_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE "${WORK_DIR}/expected.txt" "${err}")
endif()
file(READ "${WORK_DIR}/expected.txt" expected)
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "stderr differs from expected.txt\n--- expected\n${expected}--- actual\n${err}")
endif()
if(EXISTS "${OUT}")
  message(FATAL_ERROR "rally-gen wrote ${OUT} despite errors")
endif()
