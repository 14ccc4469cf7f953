#!/usr/bin/env bash
# Runs kisoku's libFuzzer targets (fuzz/) for SECONDS each (default 60), with AddressSanitizer and
# UndefinedBehaviorSanitizer, and keeps their corpus in fuzz/corpus/TARGET: seeded from the tests
# and rules/ on the first run, then grown by merging in the inputs that reach new code.
# A crash, a time-out (10 s for one input), a leak or a memory blow-up (2 GB) fails the run;
# libFuzzer then writes the input to build-fuzz/artifacts/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   TARGET: rule_file, application, calc
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(rule_file application calc); fi

scripts/setup.sh clang libclang-rt-14-dev libfuzzer-14-dev
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined" \
    -DKISOKU_BUILD_FUZZERS=ON -DKISOKU_BUILD_TESTS=OFF -DKISOKU_BUILD_BENCHMARKS=OFF -DKISOKU_BUILD_CLI=OFF
fi
cmake --build build-fuzz -j "${KISOKU_JOBS:-2}" --target "${targets[@]/%/_fuzzer}"

seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return
  case "$target" in
    rule_file) find rules tests/check -name '*.kisoku' -exec cp {} "$dir/" \; ;;
    application) find examples tests/eval -name '*.json' -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$dir" \; ;;
    calc) find tests/cli/calc -name '*.in' -exec sh -c 'cp "$1" "$2/$(basename "$1")"' _ {} "$dir" \; ;;
  esac
}

mkdir -p build-fuzz/artifacts
for target in "${targets[@]}"; do
  seed "$target"
  work="build-fuzz/work/$target"
  mkdir -p "$work"
  echo "== $target: $seconds s"
  status=0
  build-fuzz/fuzz/"$target"_fuzzer "$work" "fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix=build-fuzz/artifacts/"$target"- \
    > "build-fuzz/$target.log" 2>&1 || status=$?
  grep -E "^(Done|stat::|==[0-9]+==|SUMMARY|artifact)" "build-fuzz/$target.log" || true
  if [ "$status" -ne 0 ]; then
    echo "$target: failed (status $status); see build-fuzz/artifacts/" >&2
    exit 1
  fi
  # Keep what reached new code.
  build-fuzz/fuzz/"$target"_fuzzer -merge=1 "fuzz/corpus/$target" "$work" >/dev/null 2>&1
done
