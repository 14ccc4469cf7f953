#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; the last lines are the test runner's summary.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j 2
