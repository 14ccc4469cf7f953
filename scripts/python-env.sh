#!/usr/bin/env bash
# Prepares the Python side: a virtual environment in build/venv (reused between runs) with the
# test tools from PyPI, and the kisoku package installed into it from this tree (its C++ build
# directory, build/python, is reused too). Prints nothing but errors unless asked to.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=build/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
python="$venv/bin/python"
# Build and test requirements, from PyPI, when missing.
wanted=(scikit-build-core pybind11 pytest pandas pandas-stubs mypy types-tqdm types-jsonschema tqdm nbclient nbformat ipykernel jsonschema zen-engine datalogic-py rule-engine)
missing=()
installed="$("$python" -m pip list --format=freeze 2>/dev/null | cut -d= -f1 | tr 'A-Z_' 'a-z-')"
for package in "${wanted[@]}"; do
  if ! grep -qx "$package" <<<"$installed"; then missing+=("$package"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Python packages: ${missing[*]}"
  "$python" -m pip install -q --disable-pip-version-check "${missing[@]}"
fi
# The package itself, compiled from the same headers as the C++ library.
"$python" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps . 
