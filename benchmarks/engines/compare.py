"""kisoku against other rules engines on the DX LAB FY2025 rules, in one Python process.

    build/venv/bin/python benchmarks/engines/compare.py [--applications N] [--seed S]
        [--bench-eval PATH] [--repetitions R] [--markdown FILE]

Method:

- The applications are those of the C++ benchmark (benchmarks/eval_benchmark.cpp): the binary
  kisoku-bench-eval prints them with --kisoku_print=all, one JSON text per line, from its seed, so
  that the C++ and the Python figures are about the same applications. About one in ten is
  incomplete (a declaration, a member's 法人, an income or an expense date not given).
- Every engine decides every application from its JSON text (each does what it needs: kisoku and
  ZEN and datalogic read the text, rule-engine and the plain function json.loads it) and returns
  the verdict (eligible, ineligible, undetermined) and 助成額 (whole yen, or unknown). Each engine
  evaluates the rules itself, written in its own language: kisoku rules/ktq/dxlab/2025.kisoku; ZEN
  the JDM graph dxlab_2025.jdm.json; JSON Logic dxlab_2025.jsonlogic.json; rule-engine the
  expressions of rule_engine_rules.py; plain Python the function of plain_decimal.py.
- Before anything is timed, every engine's answers are compared with kisoku's batch on every
  application; the program stops at the first difference, naming the application and both answers.
  No engine is excused: each implements the three-valued logic of incomplete applications (written
  out by hand where the engine has no unknown value), so all applications are compared.
- Timing: after a warm-up on the first applications, each engine decides all of them, several
  times, the engines taking turns; the figure is the median wall time of a pass divided by the
  number of applications. kisoku's evaluate_many runs on one thread for the ratios (one row shows
  it on every core, for information). The process's CPU time is recorded too: an engine that used
  more than one core says so in its notes.
- Memory: each engine is run again alone in a child process (compare.py --only ENGINE) that reads
  the same applications, prepares the engine, warms it up and decides every application once, as a
  timed pass does (keeping every result until the end of the pass); the figure is that process's
  peak resident set size (VmHWM on Linux), everything included: the Python interpreter, the
  imported packages, the applications' text, the engine's working memory and its results. The
  "baseline" row is a child that only reads the applications.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import NoReturn, Optional, Sequence

from common import ROOT, VERDICTS, Answer, Engine
from gorules_zen import Zen
from jsonlogic import JsonLogic
from kisoku_engine import KisokuBatch, KisokuSingle
from plain_decimal import PlainDecimal
from rule_engine_rules import RuleEngine

# kisoku's batch must be at least this many times faster per application than each engine.
GOALS = {"zen": 20.0, "jsonlogic": 20.0, "rule-engine": 20.0, "plain": 5.0}
REFERENCE = "kisoku-batch"
BENCH_EVAL_CANDIDATES = [
    "build-release/kisoku-bench-eval",
    "build-release/benchmarks/kisoku-bench-eval",
    "build/kisoku-bench-eval",
    "build/benchmarks/kisoku-bench-eval",
]
DISTRIBUTIONS = {"kisoku": "kisoku", "zen": "zen-engine", "datalogic_py": "datalogic-py", "rule_engine": "rule-engine"}


def all_engines() -> list[Engine]:
    return [KisokuBatch(1), KisokuBatch(0), KisokuSingle(), Zen(), JsonLogic(), RuleEngine(), PlainDecimal()]


@dataclass
class Row:
    engine: Engine
    passes: list[float] = field(default_factory=list)  # Wall seconds of each timed pass.
    cpu: float = 0.0  # Process CPU seconds of the timed passes.
    wall: float = 0.0
    first_pass: float = 0.0  # Wall seconds of the checking pass.
    compared: int = 0

    def per_application_us(self, n: int) -> float:
        return statistics.median(self.passes) / n * 1e6


def fail(message: str) -> NoReturn:
    print(f"compare.py: {message}", file=sys.stderr)
    sys.exit(1)


def find_bench_eval(given: Optional[str]) -> Path:
    if given:
        path = Path(given)
        if not path.is_file():
            fail(f"--bench-eval: no file {given}")
        return path
    for candidate in BENCH_EVAL_CANDIDATES:
        path = ROOT / candidate
        if path.is_file():
            return path
    fail("kisoku-bench-eval not found (build it, or give --bench-eval PATH); looked for " + ", ".join(BENCH_EVAL_CANDIDATES))


def generate(bench_eval: Path, n: int, seed: Optional[int]) -> list[str]:
    command = [str(bench_eval), "--kisoku_print=all", f"--kisoku_applications={n}"]
    if seed is not None:
        command.append(f"--kisoku_seed={seed}")
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        fail(f"{' '.join(command)} failed:\n{done.stderr}")
    texts = done.stdout.splitlines()
    if len(texts) != n:
        fail(f"{bench_eval.name} printed {len(texts)} applications, not {n}")
    return texts


def prepare(engine: Engine) -> None:
    try:
        engine.prepare()
    except ImportError as error:
        distribution = DISTRIBUTIONS.get(engine.module or "", engine.module)
        fail(f"{engine.title}: {error} (install it: python -m pip install {distribution}; scripts/python-env.sh does)")


def answers(engine: Engine, texts: Sequence[str]) -> tuple[list[Answer], float]:
    """The engine's answers on every application, and the wall time of the pass; stops naming the
    application when the engine fails on one."""
    start = time.perf_counter()
    try:
        results = engine.run(texts)
    except Exception:
        for i, text in enumerate(texts):  # Which one?
            try:
                engine.run([text])
            except Exception as error:
                fail(f"{engine.title} failed on application {i}: {error}\n{text}")
        raise
    elapsed = time.perf_counter() - start
    if len(results) != len(texts):
        fail(f"{engine.title} gave {len(results)} results for {len(texts)} applications")
    found = []
    for i, result in enumerate(results):
        try:
            found.append(engine.answer(result))
        except (TypeError, ValueError, KeyError) as error:
            fail(f"{engine.title} gave no answer for application {i}: {error}\n{texts[i]}")
    return found, elapsed


def check(rows: list[Row], texts: Sequence[str]) -> list[Answer]:
    """Every engine's answers against kisoku's batch; stops at the first difference."""
    reference_row = next(r for r in rows if r.engine.key == REFERENCE)
    expected, reference_row.first_pass = answers(reference_row.engine, texts)
    reference_row.compared = len(texts)
    for row in rows:
        if row is reference_row:
            continue
        got, row.first_pass = answers(row.engine, texts)
        for i, (want, have) in enumerate(zip(expected, got)):
            if want != have:
                fail(
                    f"application {i} is decided differently:\n"
                    f"  {reference_row.engine.title}: {want}\n  {row.engine.title}: {have}\n{texts[i]}"
                )
        row.compared = len(texts)
    return expected


def time_engines(rows: list[Row], texts: Sequence[str], repetitions: int, warmup: int, budget: float) -> None:
    """Each engine decides every application `repetitions` times (fewer for an engine whose passes
    would take more than `budget` seconds in all), the engines taking turns."""
    planned = {id(r): max(1, min(repetitions, int(budget / max(r.first_pass, 1e-9)))) for r in rows}
    for row in rows:
        row.engine.run(texts[:warmup])
    for turn in range(repetitions):
        for row in rows:
            if turn >= planned[id(row)]:
                continue
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            row.engine.run(texts)
            wall = time.perf_counter() - wall
            row.cpu += time.process_time() - cpu
            row.wall += wall
            row.passes.append(wall)


def measure_memory(keys: Sequence[str], input_path: Path, warmup: int) -> dict[str, float]:
    """The peak RSS, in MiB, of a child process per engine (and of the baseline)."""
    peaks: dict[str, float] = {}
    for key in ["baseline", *keys]:
        command = [sys.executable, str(Path(__file__).resolve()), "--only", key, "--input", str(input_path), "--warmup", str(warmup)]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
        if done.returncode != 0:
            fail(f"the child for {key} failed:\n{done.stderr}")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        peaks[key] = report["peak_rss_kib"] / 1024
    return peaks


def child(key: str, input_path: Path, warmup: int) -> int:
    """--only: read the applications, prepare one engine, warm it up, decide every application once,
    and report this process's peak RSS."""
    with open(input_path, encoding="utf-8") as lines:  # Line by line: no copy of the whole file.
        texts = [line.rstrip("\n") for line in lines]
    if key != "baseline":
        engines = {e.key: e for e in all_engines()}
        if key not in engines:
            fail(f"--only: no engine {key} (one of: baseline, {', '.join(engines)})")
        engine = engines[key]
        prepare(engine)
        engine.run(texts[:warmup])
        results = engine.run(texts)
        assert len(results) == len(texts)
    print(json.dumps({"engine": key, "applications": len(texts), "peak_rss_kib": peak_rss_kib()}))
    return 0


def peak_rss_kib() -> int:
    """This process's peak resident set size. On Linux it is VmHWM of /proc/self/status: ru_maxrss
    would also count the parent's memory, which the child had between fork and exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024


def versions() -> str:
    found = []
    for distribution in ("kisoku", "zen-engine", "datalogic-py", "rule-engine"):
        try:
            found.append(f"{distribution} {metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            found.append(f"{distribution} (not installed)")
    return ", ".join(found)


def table(rows: list[Row], n: int, peaks: dict[str, float]) -> list[str]:
    reference = next(r for r in rows if r.engine.key == REFERENCE).per_application_us(n)
    lines = [
        "| engine | µs per application | time ÷ kisoku batch | peak RSS, MiB (+ over baseline) | applications compared | notes |",
        "|---|---:|---:|---:|---:|---|",
    ]
    if peaks:
        lines.append(f"| baseline: Python reading the applications | | | {peaks['baseline']:.0f} | | a child process that only reads the JSON lines |")
    for row in rows:
        us = row.per_application_us(n)
        notes = row.engine.notes
        notes += f"; median of {len(row.passes)} passes" if len(row.passes) > 1 else "; 1 pass"
        cores = row.cpu / row.wall if row.wall else 0.0
        if cores > 1.3:
            notes += f"; used {cores:.1f} cores (CPU time / wall time)"
        key = row.engine.key
        peak = f"{peaks[key]:.0f} (+{peaks[key] - peaks['baseline']:.0f})" if key in peaks else "–"
        ratio = "1 (reference)" if row.engine.key == REFERENCE else f"{us / reference:.1f}"
        compared = f"{row.compared} of {n}"
        lines.append(f"| {row.engine.title} | {us:.1f} | {ratio} | {peak} | {compared} | {notes} |")
    return lines


def goals(rows: list[Row], n: int) -> list[str]:
    by_key = {r.engine.key: r for r in rows}
    reference = by_key[REFERENCE].per_application_us(n)
    lines = []
    for key, goal in GOALS.items():
        if key not in by_key:
            continue
        ratio = by_key[key].per_application_us(n) / reference
        verdict = "met" if ratio >= goal else "missed"
        lines.append(f"- kisoku batch ≥ {goal:g}× faster per application than {by_key[key].engine.title}: {ratio:.1f}× — {verdict}")
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000, help="how many applications (default 10000)")
    parser.add_argument("--seed", type=int, default=None, help="the generator's seed (default: kisoku-bench-eval's own)")
    parser.add_argument("--bench-eval", default=None, help="the kisoku-bench-eval binary (default: " + " or ".join(BENCH_EVAL_CANDIDATES) + ")")
    parser.add_argument("--repetitions", type=int, default=5, help="timed passes per engine (default 5)")
    parser.add_argument("--warmup", type=int, default=200, help="applications decided before timing (default 200)")
    parser.add_argument("--budget", type=float, default=300.0, help="at most this many seconds of timed passes per engine (default 300; at least one pass)")
    parser.add_argument("--engines", default=None, help="a comma-separated subset of the engines (kisoku-batch is always in)")
    parser.add_argument("--no-memory", action="store_true", help="do not measure each engine's peak memory in a child process")
    parser.add_argument("--markdown", default=None, help="also write the table and the goals to this file")
    parser.add_argument("--only", default=None, help=argparse.SUPPRESS)  # The child of the memory measurement.
    parser.add_argument("--input", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.only:
        if not args.input:
            fail("--only needs --input")
        return child(args.only, Path(args.input), args.warmup)
    if args.applications < 1 or args.repetitions < 1:
        fail("--applications and --repetitions must be at least 1")

    engines = all_engines()
    if args.engines:
        wanted = set(args.engines.split(",")) | {REFERENCE}
        unknown = wanted - {e.key for e in engines}
        if unknown:
            fail(f"--engines: no engine {', '.join(sorted(unknown))} (one of: {', '.join(e.key for e in engines)})")
        engines = [e for e in engines if e.key in wanted]
    rows = [Row(e) for e in engines]

    bench_eval = find_bench_eval(args.bench_eval)
    n = args.applications
    print(f"Generating {n} applications with {bench_eval.relative_to(ROOT) if bench_eval.is_relative_to(ROOT) else bench_eval} …", flush=True)
    texts = generate(bench_eval, n, args.seed)
    for row in rows:
        prepare(row.engine)

    print("Checking that every engine decides every application as kisoku does …", flush=True)
    expected = check(rows, texts)
    counts = {v: sum(1 for a in expected if a.verdict == v) for v in VERDICTS}
    unknown_amounts = sum(1 for a in expected if a.amount is None)

    print(f"Timing ({args.repetitions} passes per engine at most, {args.budget:g} s each at most) …", flush=True)
    load_before = os.getloadavg()[0]
    time_engines(rows, texts, args.repetitions, min(args.warmup, n), args.budget)
    load_after = os.getloadavg()[0]

    peaks: dict[str, float] = {}
    if not args.no_memory:
        print("Measuring peak memory, one child process per engine …", flush=True)
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "applications.jsonl"
            path.write_text("\n".join(texts) + "\n", encoding="utf-8")
            peaks = measure_memory([r.engine.key for r in rows], path, min(args.warmup, n))

    seed = "kisoku-bench-eval's default seed" if args.seed is None else f"seed {args.seed}"
    summary = [
        f"{n} DX LAB FY2025 applications ({seed}): {counts['eligible']} eligible, {counts['ineligible']} ineligible, "
        f"{counts['undetermined']} undetermined; 助成額 unknown for {unknown_amounts}.",
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores "
        f"(load average {load_before:.2f} before timing, {load_after:.2f} after); {versions()}.",
        "",
    ]
    lines = summary + table(rows, n, peaks) + ["", "Goals (time per application, kisoku Program.evaluate_many on one thread):"] + goals(rows, n)
    print()
    print("\n".join(lines))
    if args.markdown:
        Path(args.markdown).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
