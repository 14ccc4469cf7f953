# `kisoku eval --native-cache DIR`: the rules compiled to native code while the tool runs decide
# the stream of tests/eval/sample exactly as its golden output says (tests/eval/sample/stream.jsonl.out),
# the first time (compiling) and the second (found in DIR); the library is left in DIR. With no
# compiler, the tool warns on standard error (in Japanese, the default language) and decides the same with the interpreter.
#
#   cmake -DKISOKU=path/to/kisoku -DWORK_DIR=dir -P run_eval_native.cmake
set(dir ${CMAKE_CURRENT_LIST_DIR}/sample)
set(cache ${WORK_DIR}/native-cache-cli)
file(REMOVE_RECURSE ${cache})
file(READ ${dir}/stream.jsonl.out expected)
file(READ ${dir}/stream.status expected_status)
string(STRIP "${expected_status}" expected_status)
set(failed FALSE)

function(run label)
  cmake_parse_arguments(RUN "" "" "ENV" ${ARGN})
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${RUN_ENV} ${KISOKU} eval sample.kisoku stream.jsonl --native-cache ${cache}
    WORKING_DIRECTORY ${dir} OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
  if(NOT actual STREQUAL expected)
    message("--- expected (${label})\n${expected}--- actual\n${actual}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(NOT status STREQUAL expected_status)
    message("exit status (${label}): expected ${expected_status}, got ${status}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  set(errors "${errors}" PARENT_SCOPE)
endfunction()

run("compiling")
if(NOT errors STREQUAL "")
  message("standard error (compiling):\n${errors}")
  set(failed TRUE)
endif()
file(GLOB libraries ${cache}/*.so)
list(LENGTH libraries library_count)
if(NOT library_count EQUAL 1)
  message("expected one compiled library in ${cache}, found: ${libraries}")
  set(failed TRUE)
endif()
run("from the cache")
if(NOT errors STREQUAL "")
  message("standard error (from the cache):\n${errors}")
  set(failed TRUE)
endif()

file(REMOVE_RECURSE ${cache})
run("no compiler" ENV CXX=kisoku-no-such-compiler)
if(NOT errors MATCHES "警告: C\\+\\+ コンパイラ kisoku-no-such-compiler が見つかりません.*\\[native-compiler-not-found\\]")
  message("standard error (no compiler): expected a warning naming the compiler, got:\n${errors}")
  set(failed TRUE)
endif()
file(REMOVE_RECURSE ${cache})

if(failed)
  message(FATAL_ERROR "kisoku eval --native-cache")
endif()
