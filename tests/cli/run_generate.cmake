# `kisoku generate cpp`: the header it writes, and its exit statuses (2 for a usage error, with
# nothing on standard output; 1 when the rules cannot be loaded). The generated code itself is
# compiled and checked against the interpreter by tests/unit/native_test.cpp.
set(dir ${SOURCE_DIR}/tests/eval/sample)
set(failed FALSE)

include(${CMAKE_CURRENT_LIST_DIR}/../cmake/expect_exit.cmake)

# Usage errors.
expect(2 EMPTY_OUTPUT ARGS generate cpp sample.kisoku)
expect(2 EMPTY_OUTPUT ARGS generate cpp sample.kisoku --namespace "not a namespace")
expect(2 EMPTY_OUTPUT ARGS generate cpp sample.kisoku --namespace city:: )
expect(2 EMPTY_OUTPUT ARGS generate java sample.kisoku --namespace city)
expect(2 EMPTY_OUTPUT ARGS generate cpp sample.kisoku --namespace city --fiscal-year 2030)

# Rules that cannot be loaded.
expect(1 EMPTY_OUTPUT ARGS generate cpp no-such-rules.kisoku --namespace city)

# Written to standard output, and to a file that is left alone when it already holds the same code.
expect(0 ARGS generate cpp sample.kisoku --namespace city::sample CONTAINS "inline constexpr kisoku::eval::NativeRules rules{")
set(header ${WORK_DIR}/generated_sample.hpp)
file(REMOVE ${header})
expect(0 EMPTY_OUTPUT ARGS generate cpp sample.kisoku --namespace city::sample -o ${header})
if(NOT EXISTS ${header})
  message("kisoku generate -o did not write ${header}")
  set(failed TRUE)
else()
  file(TIMESTAMP ${header} before "%s")
  execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1.1)
  expect(0 EMPTY_OUTPUT ARGS generate cpp sample.kisoku --namespace city::sample -o ${header})
  file(TIMESTAMP ${header} after "%s")
  if(NOT before STREQUAL after)
    message("kisoku generate -o rewrote ${header}, which already held the same code")
    set(failed TRUE)
  endif()
endif()

if(failed)
  message(FATAL_ERROR "kisoku generate: some cases failed")
endif()
