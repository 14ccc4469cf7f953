# The exit statuses of `kisoku eval` beyond decisions and input errors (which the golden cases
# check): 2 for a usage error, with nothing on standard output; 1 when the rules cannot be loaded
# or the application cannot be evaluated with them.
set(dir ${CMAKE_CURRENT_LIST_DIR}/sample)
set(failed FALSE)

function(expect status)
  cmake_parse_arguments(RUN "EMPTY_OUTPUT" "" "ARGS" ${ARGN})
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
  if(status STREQUAL "2" AND err STREQUAL "")
    message("kisoku ${shown}: a usage error should say what is wrong on standard error")
    set(failed TRUE PARENT_SCOPE)
  endif()
endfunction()

# Usage errors.
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --format xml)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --lang fr)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku no-such-application.json)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --param 補助率)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --param 無い定数=1)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --fiscal-year 令和7年度)

# Rules that cannot be loaded; an application the rules cannot take.
expect(1 EMPTY_OUTPUT ARGS eval no-such-rules.kisoku eligible.json)
expect(1 ARGS eval sample.kisoku eligible.json --fiscal-year 2030)

# Decided.
expect(0 ARGS eval sample.kisoku eligible.json --fiscal-year 2025)
expect(0 ARGS eval sample.kisoku eligible.json --format text --lang en)

if(failed)
  message(FATAL_ERROR "kisoku eval exit statuses")
endif()
