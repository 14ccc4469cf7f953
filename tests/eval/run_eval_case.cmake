# Runs `kisoku eval` on one application of tests/eval (CASE, an APP.json or APP.jsonl file), with the
# one rule file (*.kisoku) of its folder, in that folder, and compares what it prints with the golden
# files beside it:
#
#   APP.json.out    the JSON output (the default format and language, ja), as the CLI prints it
#   APP.ja.txt      the text output in Japanese   (--format text --lang ja)   .json cases only
#   APP.en.txt      the text output in English    (--format text --lang en)   .json cases only
#   APP.status      the expected exit status (0 when the file is absent: a decision)
#
# An APP.jsonl file is one application per line: its JSON output is compared, then compared again
# when the same lines come from standard input (`kisoku eval RULES -`), and it must have one output
# line per application.
#
# With -DUPDATE=ON the golden files are written from the actual output instead (review the diff).
get_filename_component(dir ${CASE} DIRECTORY)
get_filename_component(file ${CASE} NAME)
get_filename_component(name ${CASE} NAME_WE)
get_filename_component(extension ${CASE} EXT)

file(GLOB rule_files RELATIVE ${dir} ${dir}/*.kisoku)
list(LENGTH rule_files rule_count)
if(NOT rule_count EQUAL 1)
  message(FATAL_ERROR "${dir} must hold exactly one rule file, not ${rule_count}")
endif()

set(expected_status 0)
if(EXISTS ${dir}/${name}.status)
  file(READ ${dir}/${name}.status expected_status)
  string(STRIP "${expected_status}" expected_status)
endif()

set(failed FALSE)

# Runs the CLI with the given arguments (and standard input, when INPUT is set) and compares its
# standard output with the golden file GOLDEN, its exit status with the expected one, and its
# standard error with nothing.
function(compare golden label)
  cmake_parse_arguments(RUN "" "INPUT" "ARGS" ${ARGN})
  if(RUN_INPUT)
    execute_process(COMMAND ${KISOKU} eval ${RUN_ARGS} WORKING_DIRECTORY ${dir} INPUT_FILE ${dir}/${RUN_INPUT}
      OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
  else()
    execute_process(COMMAND ${KISOKU} eval ${RUN_ARGS} WORKING_DIRECTORY ${dir}
      OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
  endif()
  if(UPDATE AND NOT RUN_INPUT)
    file(WRITE ${dir}/${golden} "${actual}")
  endif()
  file(READ ${dir}/${golden} expected)
  if(NOT actual STREQUAL expected)
    message("--- expected (${label}: ${golden})\n${expected}--- actual\n${actual}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(NOT status STREQUAL expected_status)
    message("exit status (${label}): expected ${expected_status}, got ${status}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  if(NOT errors STREQUAL "")
    message("standard error (${label}):\n${errors}")
    set(failed TRUE PARENT_SCOPE)
  endif()
  set(last_output "${actual}" PARENT_SCOPE)
endfunction()

compare(${file}.out json ARGS ${rule_files} ${file})
if(extension STREQUAL ".json")
  compare(${name}.ja.txt "text, ja" ARGS ${rule_files} ${file} --format text --lang ja)
  compare(${name}.en.txt "text, en" ARGS ${rule_files} ${file} --format text --lang en)
elseif(extension STREQUAL ".jsonl")
  # One output line per application (blank lines are skipped).
  file(READ ${CASE} content)
  string(REPLACE ";" "" content "${content}")
  string(REGEX MATCHALL "[^\n]*[^ \t\r\n][^\n]*" applications "${content}")
  list(LENGTH applications application_count)
  string(REGEX REPLACE "[^\n]" "" newlines "${last_output}")
  string(LENGTH "${newlines}" output_count)
  if(NOT application_count EQUAL output_count)
    message("${file}: ${application_count} applications, but ${output_count} output lines")
    set(failed TRUE)
  endif()
  compare(${file}.out "json, standard input" ARGS ${rule_files} - INPUT ${file})
endif()

if(failed)
  message(FATAL_ERROR "eval case ${file} failed")
endif()
