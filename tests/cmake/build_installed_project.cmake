# Installs the just-built kisoku into WORK_DIR/prefix and builds the CMake project in
# SOURCE_DIR against it with find_package(kisoku), into WORK_DIR/build. `what` names the project
# in messages. Used by the consumer test and by the embedding guide's example.
function(build_installed_project what source_dir)
  file(REMOVE_RECURSE ${WORK_DIR})
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${KISOKU_BINARY_DIR} --prefix ${WORK_DIR}/prefix
    RESULT_VARIABLE status OUTPUT_QUIET)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "installing kisoku failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${source_dir} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "configuring the ${what} with find_package(kisoku) failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "building the ${what} failed")
  endif()
endfunction()
