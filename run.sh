#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: the sample application of a fictional
# group to the FY2025 DX LAB KTQ co-creation grant, decided by the program's rules. The rules are a
# directory with one file per fiscal year; the application's 申請日 picks the year.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
scripts/build.sh >/dev/null
build/kisoku eval rules/ktq/dxlab examples/dxlab/2025-kokura-dx.json --format text --lang ja
