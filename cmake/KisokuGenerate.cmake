# kisoku_generate_cpp: the C++ that decides a program natively, generated at build time from its
# rule file by `kisoku generate cpp` (see docs/embedding.md).
#
#   kisoku_generate_cpp(OUTPUT <header> RULES <file or directory> NAMESPACE <c++ namespace>
#                       [FISCAL_YEAR <year>])
#
# Regenerates <header> whenever the rules change; add it to a target's sources and include it. The
# kisoku tool used is the target kisoku-cli when it is part of the build, else KISOKU_EXECUTABLE
# (set by find_package(kisoku) to the installed tool).
function(kisoku_generate_cpp)
  cmake_parse_arguments(arg "" "OUTPUT;RULES;NAMESPACE;FISCAL_YEAR" "" ${ARGN})
  if(NOT arg_OUTPUT OR NOT arg_RULES OR NOT arg_NAMESPACE)
    message(FATAL_ERROR "kisoku_generate_cpp needs OUTPUT, RULES and NAMESPACE")
  endif()
  if(TARGET kisoku-cli)
    set(tool $<TARGET_FILE:kisoku-cli>)
    set(tool_dependency kisoku-cli)
  elseif(KISOKU_EXECUTABLE)
    set(tool ${KISOKU_EXECUTABLE})
    set(tool_dependency ${KISOKU_EXECUTABLE})
  else()
    message(FATAL_ERROR "kisoku_generate_cpp: no kisoku tool (build kisoku-cli, or set KISOKU_EXECUTABLE)")
  endif()
  get_filename_component(rules ${arg_RULES} ABSOLUTE)
  set(rule_files ${rules})
  if(IS_DIRECTORY ${rules})
    file(GLOB rule_files CONFIGURE_DEPENDS ${rules}/*.kisoku)
  endif()
  set(year)
  if(arg_FISCAL_YEAR)
    set(year --fiscal-year ${arg_FISCAL_YEAR})
  endif()
  add_custom_command(OUTPUT ${arg_OUTPUT}
    COMMAND ${tool} generate cpp ${rules} --namespace ${arg_NAMESPACE} ${year} -o ${arg_OUTPUT}
    DEPENDS ${rule_files} ${tool_dependency}
    COMMENT "Generating C++ for ${arg_RULES}"
    VERBATIM)
endfunction()
