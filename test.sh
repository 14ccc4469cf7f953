#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; the last lines are the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")"
# Clang, beyond what the build needs, for the check that the headers compile without warnings
# under it as well (tests/CMakeLists.txt).
scripts/setup.sh clang
scripts/build.sh
# The Python package and its tests (pytest runs as one of the CTest tests).
scripts/python-env.sh
cmake -S . -B build -DKISOKU_PYTHON_EXECUTABLE="$PWD/build/venv/bin/python" >/dev/null
ctest --test-dir build --output-on-failure -j 2
