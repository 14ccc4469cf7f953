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

include(${CMAKE_CURRENT_LIST_DIR}/eval_compare.cmake)

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
