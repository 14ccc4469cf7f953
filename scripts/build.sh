#!/usr/bin/env bash
# Configures (once) and builds kisoku into build/, reused between runs; the CLI is build/kisoku.
set -euo pipefail
cd "$(dirname "$0")/.."
build_type="${KISOKU_BUILD_TYPE:-RelWithDebInfo}"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type"
fi
# Two jobs: the machines this runs on have two cores, and the grammar's translation unit is heavy.
cmake --build build -j "${KISOKU_JOBS:-2}"
