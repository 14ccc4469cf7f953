# compare(GOLDEN LABEL ARGS … [INPUT FILE] [ENV NAME=VALUE …] [ERRORS REGEX]): runs `kisoku eval`
# with the given arguments in ${dir} (standard input from FILE of ${dir} when INPUT is set, and
# with the environment variables of ENV) and compares its standard output with the golden file
# GOLDEN of ${dir}, its exit status with ${expected_status}, and its standard error with nothing,
# or with REGEX when ERRORS is given. Sets `failed` in the caller on any difference, and
# `last_output` to the standard output. With UPDATE set, the golden file is written from the output
# instead (not for INPUT runs). Included by the scripts of tests/eval.
function(compare golden label)
  cmake_parse_arguments(RUN "" "INPUT;ERRORS" "ARGS;ENV" ${ARGN})
  set(command ${KISOKU} eval ${RUN_ARGS})
  if(RUN_ENV)
    set(command ${CMAKE_COMMAND} -E env ${RUN_ENV} ${command})
  endif()
  if(RUN_INPUT)
    execute_process(COMMAND ${command} WORKING_DIRECTORY ${dir} INPUT_FILE ${dir}/${RUN_INPUT}
      OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
  else()
    execute_process(COMMAND ${command} WORKING_DIRECTORY ${dir}
      OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
  endif()
  if(UPDATE AND NOT RUN_INPUT)
    file(WRITE ${dir}/${golden} "${actual}")
  endif()
  file(READ ${dir}/${golden} expected)
  if(NOT actual STREQUAL expected)
    message("--- expected (${label}: ${golden})\n${expected}--- actual\n${actual}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(NOT status STREQUAL expected_status)
    message("exit status (${label}): expected ${expected_status}, got ${status}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(RUN_ERRORS)
    if(NOT errors MATCHES "${RUN_ERRORS}")
      message("standard error (${label}): expected a match of ${RUN_ERRORS}, got:\n${errors}")
      set(failed TRUE PARENT_SCOPE)
    endif()
  elseif(NOT errors STREQUAL "")
    message("standard error (${label}):\n${errors}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  set(last_output "${actual}" PARENT_SCOPE)
endfunction()
