#!/usr/bin/env bash
# Installs what kisoku needs to build and test, on Debian 12, skipping what is already there.
# Debian packages come from apt-get; Python packages (when the project needs them) from pip.
set -euo pipefail

debian_packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev nlohmann-json3-dev doctest-dev libicu-dev libcli11-dev libbenchmark-dev libyaml-cpp-dev
  python3 python3-pip python3-jsonschema
)
# Packages a caller needs beyond these (scripts/fuzz.sh asks for clang and libFuzzer).
debian_packages+=("$@")

missing=()
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
