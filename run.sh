#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: for now, a demonstration of exact yen
# arithmetic with `kisoku calc`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
scripts/build.sh >/dev/null

echo "kisoku calc — exact yen arithmetic, rounding only where a rule says how"
echo
expressions=(
  "900000円 * 2/3"
  "round_down(1234567円 * 1/2, 1000円)"
  "min(350,000円 - 20,000円 - 0円, 30万円)"
  "0.1 + 0.2 == 0.3"
  "1/3 + 1/3 + 1/3"
  "20万円 + ¥1,000"
  "round_half_even(2.5)"
  "round_half_up(-2.5)"
  "100円 / 3"
)
for expression in "${expressions[@]}"; do
  printf '  %s  →  %s\n' "$expression" "$(build/kisoku calc --display "$expression")"
done
echo
echo "A mistake is reported with its place and what to write instead:"
build/kisoku calc "20万円 + 5" 2>&1 >/dev/null | sed 's/^/  /' || true

echo
echo "kisoku check — a rule file written with Japanese keywords checks clean:"
build/kisoku check tests/check/valid/japanese.kisoku && echo "  tests/check/valid/japanese.kisoku: no problems"
echo
echo "…and one whose formula could leave a fraction of a yen is refused, with the place to fix:"
build/kisoku check --lang ja tests/check/invalid/unrounded_yen.kisoku 2>/dev/null | head -6 | sed 's/^/  /' || true
