# The exit statuses of `kisoku eval` beyond decisions and input errors (which the golden cases
# check): 2 for a usage error, with nothing on standard output; 1 when the rules cannot be loaded
# or the application cannot be evaluated with them.
set(dir ${CMAKE_CURRENT_LIST_DIR}/sample)
set(failed FALSE)

include(${CMAKE_CURRENT_LIST_DIR}/../cmake/expect_exit.cmake)

# Usage errors.
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --format xml)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --lang fr)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku no-such-application.json)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --param 補助率)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --param 無い定数=1)
expect(2 EMPTY_OUTPUT ARGS eval sample.kisoku eligible.json --fiscal-year 令和7年度)

# Rules that cannot be loaded; an application the rules cannot take.
expect(1 EMPTY_OUTPUT ARGS eval no-such-rules.kisoku eligible.json)
expect(1 ARGS eval sample.kisoku eligible.json --fiscal-year 2030)

# Decided.
expect(0 ARGS eval sample.kisoku eligible.json --fiscal-year 2025)
expect(0 ARGS eval sample.kisoku eligible.json --format text --lang en)

if(failed)
  message(FATAL_ERROR "kisoku eval exit statuses")
endif()
