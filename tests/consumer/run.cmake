# Installs the just-built kisoku into a scratch prefix, builds the consumer project against it with
# find_package(kisoku), runs it and checks what it printed.
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/build_installed_project.cmake)
build_installed_project(consumer ${KISOKU_SOURCE_DIR}/tests/consumer)
execute_process(COMMAND ${WORK_DIR}/build/consumer OUTPUT_VARIABLE output RESULT_VARIABLE status)
set(expected "600,000円 617000円\ngenerated eligible 75000 1\n")
if(NOT status EQUAL 0 OR NOT output STREQUAL expected)
  message(FATAL_ERROR "the consumer printed '${output}' (status ${status}), expected '${expected}'")
endif()
