# `kisoku eval --native-cache DIR`: the rules compiled to native code while the tool runs decide
# the stream of tests/eval/sample exactly as its golden output says (tests/eval/sample/stream.jsonl.out),
# the first time (compiling) and the second (found in DIR); the library is left in DIR. With no
# compiler, the tool warns on standard error (in Japanese, the default language) and decides the
# same with the interpreter.
#
#   cmake -DKISOKU=path/to/kisoku -DWORK_DIR=dir -P run_eval_native.cmake
set(dir ${CMAKE_CURRENT_LIST_DIR}/sample)
set(cache ${WORK_DIR}/native-cache-cli)
file(REMOVE_RECURSE ${cache})
file(READ ${dir}/stream.status expected_status)
string(STRIP "${expected_status}" expected_status)
set(failed FALSE)
include(${CMAKE_CURRENT_LIST_DIR}/eval_compare.cmake)

compare(stream.jsonl.out "compiling" ARGS sample.kisoku stream.jsonl --native-cache ${cache})
file(GLOB libraries ${cache}/*.so)
list(LENGTH libraries library_count)
if(NOT library_count EQUAL 1)
  message("expected one compiled library in ${cache}, found: ${libraries}")
  set(failed TRUE)
endif()
compare(stream.jsonl.out "from the cache" ARGS sample.kisoku stream.jsonl --native-cache ${cache})

file(REMOVE_RECURSE ${cache})
compare(stream.jsonl.out "no compiler" ARGS sample.kisoku stream.jsonl --native-cache ${cache} ENV CXX=kisoku-no-such-compiler
        ERRORS "警告: C\\+\\+ コンパイラ kisoku-no-such-compiler が見つかりません.*\\[native-compiler-not-found\\]")
file(REMOVE_RECURSE ${cache})

if(failed)
  message(FATAL_ERROR "kisoku eval --native-cache")
endif()
