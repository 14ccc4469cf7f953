"""The comparison with other rules engines (benchmarks/engines/compare.py) runs on a few applications.

It proves the driver works end to end and that every engine decides every application as kisoku
does (compare.py exits 1 at the first difference). No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPARE = ROOT / "benchmarks" / "engines" / "compare.py"
BENCH_EVAL_CANDIDATES = [
    "build-release/kisoku-bench-eval",
    "build-release/benchmarks/kisoku-bench-eval",
    "build/kisoku-bench-eval",
    "build/benchmarks/kisoku-bench-eval",
]


def test_compare_engines_on_a_few_applications() -> None:
    bench_eval = next((ROOT / c for c in BENCH_EVAL_CANDIDATES if (ROOT / c).is_file()), None)
    if bench_eval is None:
        pytest.skip("kisoku-bench-eval is not built")
    for module, distribution in (("zen", "zen-engine"), ("datalogic_py", "datalogic-py"), ("rule_engine", "rule-engine")):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{distribution} is not installed (scripts/python-env.sh installs it)")
    done = subprocess.run(
        [sys.executable, str(COMPARE), "--applications", "50", "--repetitions", "1", "--warmup", "10",
         "--bench-eval", str(bench_eval)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "| engine | µs per application | time ÷ kisoku batch | peak RSS, MiB (+ over baseline) | applications compared | notes |" in out
    for title in ("kisoku Program.evaluate_many", "GoRules ZEN", "JSON Logic", "rule-engine", "plain Python + decimal"):
        assert f"| {title}" in out, out
    assert out.count("| 50 of 50 |") == 7, out
    assert "Goals" in out
