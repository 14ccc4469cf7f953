# Builds tests/embedding/embedding_example.cpp, the complete example of docs/embedding.md, the way
# the guide says: as a project of its own (tests/embedding/CMakeLists.txt) that finds an installed
# kisoku with find_package(kisoku). Then runs it on the DX LAB FY2025 rules and their sample
# application and checks what it prints. When the kisoku tool is given (-DKISOKU), the verdict and
# the amounts must be those `kisoku eval` gives for the same application, on every path the example
# takes (the Decision, the fast path and the batch).
#
# -DKISOKU_BINARY_DIR, -DKISOKU_SOURCE_DIR, -DWORK_DIR (scratch) and -DGENERATOR are required.
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/build_installed_project.cmake)
build_installed_project(example ${KISOKU_SOURCE_DIR}/tests/embedding)

set(rules ${KISOKU_SOURCE_DIR}/rules/ktq/dxlab/2025.kisoku)
set(application ${KISOKU_SOURCE_DIR}/examples/dxlab/2025-kokura-dx.json)
execute_process(COMMAND ${WORK_DIR}/build/embedding_example ${rules} ${application}
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
message(STATUS "embedding_example printed:\n${output}${errors}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "embedding_example exited with status ${status}")
endif()

# Fails unless the example printed `line` (a whole line).
function(expect_line line)
  string(FIND "\n${output}" "\n${line}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "embedding_example did not print the line '${line}'")
  endif()
endfunction()

if(NOT KISOKU)
  string(REGEX MATCH "\nverdict: (eligible|ineligible|undetermined)\n" found "\n${output}")
  if(NOT found)
    message(FATAL_ERROR "embedding_example printed no verdict")
  endif()
  return()
endif()

execute_process(COMMAND ${KISOKU} eval ${rules} ${application} --format json
  OUTPUT_VARIABLE decision RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "kisoku eval exited with status ${status}")
endif()
string(JSON verdict GET "${decision}" verdict)
string(JSON amount_count LENGTH "${decision}" amounts)
expect_line("verdict: ${verdict}")
expect_line("json: format kisoku.decision/1, verdict ${verdict}")
set(batch "batch: ${verdict}")
math(EXPR last "${amount_count} - 1")
foreach(i RANGE ${last})
  string(JSON name MEMBER "${decision}" amounts ${i})
  string(JSON value GET "${decision}" amounts "${name}")
  if(value STREQUAL "")
    set(value unknown)  # null: the amount is unknown
  endif()
  expect_line("amount ${name}: ${value}")
  if(i EQUAL 0)
    expect_line("fast path: ${verdict}, ${value}")
  endif()
  string(APPEND batch ", ${name} ${value}")
endforeach()
expect_line("${batch}")
