# Runs `kisoku diff before.kisoku after.kisoku applications.jsonl` in tests/diff, in English and in
# Japanese, and compares what it prints with applications.en.out and applications.ja.out; the exit
# status must be 1 (some application's result changes), and the same lines from standard input
# (`-`) must give the same report.
set(dir ${CMAKE_CURRENT_LIST_DIR})
set(failed FALSE)
foreach(lang en ja)
  foreach(source file stdin)
    if(source STREQUAL "file")
      execute_process(COMMAND ${KISOKU} diff --lang ${lang} before.kisoku after.kisoku applications.jsonl WORKING_DIRECTORY ${dir}
        OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
    else()
      execute_process(COMMAND ${KISOKU} diff --lang ${lang} before.kisoku after.kisoku - WORKING_DIRECTORY ${dir}
        INPUT_FILE ${dir}/applications.jsonl OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
    endif()
    file(READ ${dir}/applications.${lang}.out expected)
    if(NOT actual STREQUAL expected)
      message("--- expected (${lang}, ${source})\n${expected}--- actual\n${actual}")
      set(failed TRUE)
    endif()
    if(NOT status EQUAL 1 OR NOT errors STREQUAL "")
      message("exit status ${status} (expected 1), standard error:\n${errors}")
      set(failed TRUE)
    endif()
  endforeach()
endforeach()
# Rules compared with themselves change nothing: exit status 0.
execute_process(COMMAND ${KISOKU} diff before.kisoku before.kisoku applications.jsonl WORKING_DIRECTORY ${dir}
  OUTPUT_VARIABLE actual RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR NOT actual MATCHES "^6 applications: 0 changed")
  message("the same rules on both sides: status ${status}\n${actual}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "kisoku diff: unexpected output")
endif()
