# Installs the just-built kisoku into a scratch prefix, builds the consumer project against it with
# find_package(kisoku), runs it and checks what it printed.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${KISOKU_BINARY_DIR} --prefix ${WORK_DIR}/prefix
  RESULT_VARIABLE status OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "installing kisoku failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${KISOKU_SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/build -G ${GENERATOR}
  -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "configuring the consumer with find_package(kisoku) failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "building the consumer failed")
endif()
execute_process(COMMAND ${WORK_DIR}/build/consumer OUTPUT_VARIABLE output RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR NOT output STREQUAL "600,000円 617000円\n")
  message(FATAL_ERROR "the consumer printed '${output}' (status ${status}), expected '600,000円 617000円'")
endif()
