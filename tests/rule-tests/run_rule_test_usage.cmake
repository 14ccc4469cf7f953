# The exit statuses of `kisoku test` outside its cases: 0 when every case passes (here a rule file
# given for its test file beside it), 2 for a usage error (no path, a path that does not exist, a
# directory or rule file without test files).
set(failed FALSE)
function(expect_status expected)
  execute_process(COMMAND ${KISOKU} test ${ARGN} WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status STREQUAL expected)
    message("kisoku test ${ARGN}: expected exit status ${expected}, got ${status}\n${out}${err}")
    set(failed TRUE PARENT_SCOPE)
  endif()
endfunction()
expect_status(0 rules/ktq/robot/2025.kisoku)
expect_status(2)
expect_status(2 tests/rule-tests/no-such.tests.yaml)
expect_status(2 tests/check)
expect_status(2 tests/rule-tests/grant.kisoku)
if(failed)
  message(FATAL_ERROR "kisoku test: unexpected exit status")
endif()
