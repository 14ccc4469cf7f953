# expect(STATUS [EMPTY_OUTPUT] [CONTAINS TEXT] ARGS ARG...): runs ${KISOKU} with the arguments in
# ${dir} and checks its exit status; with EMPTY_OUTPUT, that it printed nothing on standard output;
# with CONTAINS, that standard output holds TEXT; for status 2 (a usage error), that it said what
# is wrong on standard error. Sets `failed` in the caller's scope when a check fails. Used by the
# scripts that test the tool's exit statuses.
function(expect status)
  cmake_parse_arguments(RUN "EMPTY_OUTPUT" "CONTAINS" "ARGS" ${ARGN})
  execute_process(COMMAND ${KISOKU} ${RUN_ARGS} WORKING_DIRECTORY ${dir}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE actual)
  string(REPLACE ";" " " shown "${RUN_ARGS}")
  if(NOT actual STREQUAL status)
    message("kisoku ${shown}: expected exit status ${status}, got ${actual}\n${out}${err}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(RUN_EMPTY_OUTPUT AND NOT out STREQUAL "")
    message("kisoku ${shown}: expected nothing on standard output, got\n${out}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(RUN_CONTAINS)
    string(FIND "${out}" "${RUN_CONTAINS}" at)
    if(at EQUAL -1)
      message("kisoku ${shown}: expected the output to contain '${RUN_CONTAINS}', got\n${out}")
      set(failed TRUE PARENT_SCOPE)
    endif()
  endif()
  if(status STREQUAL "2" AND err STREQUAL "")
    message("kisoku ${shown}: a usage error should say what is wrong on standard error")
    set(failed TRUE PARENT_SCOPE)
  endif()
endfunction()
