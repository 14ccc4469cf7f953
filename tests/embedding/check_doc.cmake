# Checks that docs/embedding.md shows the example exactly as it is built and tested: each code block
# that follows a line "<!-- file: NAME -->" in the guide must be the file NAME of tests/embedding,
# byte for byte (the lines between the opening and the closing fence).
#
# -DDOC (the guide) and -DDIR (tests/embedding) are required.
file(READ ${DOC} doc)
set(checked 0)
foreach(name embedding_example.cpp CMakeLists.txt)
  set(marker "<!-- file: ${name} -->\n")
  string(FIND "${doc}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${DOC} has no line '<!-- file: ${name} -->' before a copy of ${name}")
  endif()
  string(LENGTH "${marker}" marker_length)
  math(EXPR at "${at} + ${marker_length}")
  string(SUBSTRING "${doc}" ${at} -1 rest)
  # The opening fence (```cpp, ```cmake) ends its line; the block ends at a line that is ```.
  string(FIND "${rest}" "\n" fence_end)
  string(SUBSTRING "${rest}" 0 3 fence)
  if(NOT fence STREQUAL "```")
    message(FATAL_ERROR "${DOC}: the line after '<!-- file: ${name} -->' must open a code block")
  endif()
  math(EXPR fence_end "${fence_end} + 1")
  string(SUBSTRING "${rest}" ${fence_end} -1 rest)
  string(FIND "${rest}" "\n```\n" close)
  if(close EQUAL -1)
    message(FATAL_ERROR "${DOC}: the code block of ${name} is not closed")
  endif()
  math(EXPR close "${close} + 1")
  string(SUBSTRING "${rest}" 0 ${close} shown)
  file(READ ${DIR}/${name} actual)
  if(NOT shown STREQUAL actual)
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/embedding-doc-${name} "${shown}")
    message(FATAL_ERROR "the copy of ${name} in ${DOC} differs from ${DIR}/${name}; the guide's copy is in "
                        "${CMAKE_CURRENT_BINARY_DIR}/embedding-doc-${name} (diff it, then make them the same)")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
message(STATUS "docs/embedding.md shows ${checked} files of tests/embedding exactly")
