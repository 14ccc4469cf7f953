#!/usr/bin/env bash
# The second pass of CI: every C++ test again under AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/; the tests that build a separate project against the installed library are left
# out, since that project is not built with the sanitizers), and the multi-threaded evaluation
# tests under ThreadSanitizer (build-tsan/). Any report fails the run. Both build directories are
# reused between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="${KISOKU_JOBS:-2}"
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKISOKU_BUILD_BENCHMARKS=OFF)

if [ ! -f build-asan/CMakeCache.txt ]; then
  cmake -S . -B build-asan "${common[@]}" \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
fi
cmake --build build-asan -j "$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^(consumer\.|python\.|embedding\.example)'

if [ ! -f build-tsan/CMakeCache.txt ]; then
  cmake -S . -B build-tsan "${common[@]}" -DKISOKU_BUILD_CLI=OFF -DCMAKE_CXX_FLAGS="-fsanitize=thread"
fi
cmake --build build-tsan -j "$jobs" --target kisoku-unit-tests
echo "== ThreadSanitizer: the tests that evaluate from several threads"
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
build-tsan/tests/kisoku-unit-tests --test-case='*thread*' --no-skipped-summary | tee build-tsan/threads.log
grep -Eq 'test cases: *[1-9][0-9]* *\| *[1-9][0-9]* passed \| *0 failed' build-tsan/threads.log
