"""Growth: how `kisoku eval` scales with the number of applications and with the size of the rules.

Two series, both on the DX LAB FY2025 rules and on the applications of the C++ evaluation benchmark
(kisoku-bench-eval --kisoku_print=all, the same seeded generator, streamed one line at a time):

- applications: the generator's output is piped into `kisoku eval RULES -`, which reads one
  application per line and writes one decision per line (JSON, to /dev/null). For each count the
  table gives the CPU time of the kisoku process per application and its peak resident memory.
  Streaming must keep the memory flat however many applications pass through.
- rule-file size: the same applications (a file of --rule-applications lines) decided by rule
  files made of the DX LAB FY2025 rules and K more definitions appended to them, each a check
  with a comprehension over the expense lines, so that every definition adds work per application.
  The table gives the file's size, its load time (`kisoku check`, CPU) and the CPU time per
  application, with the load time taken out.

CPU times come from the kernel's accounting of the finished process (wait4), so that the time the
generator spends writing the applications is not counted; memory is the process's peak resident
set (ru_maxrss). Every run must exit 0: every application decided.

    python3 benchmarks/growth.py --kisoku build-release/kisoku --bench-eval build-release/kisoku-bench-eval \\
        [--sizes 1000,10000,100000,1000000] [--rule-sizes 0,10,100,1000] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple, Optional

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules" / "ktq" / "dxlab" / "2025.kisoku"


class Usage(NamedTuple):
    cpu_seconds: float
    peak_mib: float


def wait_for(process: "subprocess.Popen[bytes]", what: str) -> Usage:
    """Waits for a process and returns its CPU time and peak memory; stops if it failed."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"growth: {what} exited with status {process.returncode}")
    return Usage(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0)


def stream(kisoku: str, bench_eval: str, rules: Path, count: int, source: Optional[Path] = None) -> Usage:
    """Decides `count` generated applications (or the lines of `source`) with `kisoku eval RULES -`."""
    generator = None
    if source is None:
        generator = subprocess.Popen([bench_eval, "--kisoku_print=all", f"--kisoku_applications={count}"], stdout=subprocess.PIPE)
        stdin = generator.stdout
    else:
        stdin = open(source, "rb")
    with subprocess.Popen([kisoku, "eval", str(rules), "-"], stdin=stdin, stdout=subprocess.DEVNULL) as evaluator:
        if stdin is not None:
            stdin.close()
        usage = wait_for(evaluator, f"kisoku eval of {count} applications")
    if generator is not None:
        generator.wait()
        if generator.returncode != 0:
            sys.exit(f"growth: the generator exited with status {generator.returncode}")
    return usage


def load_time(kisoku: str, rules: Path, repeat: int = 5) -> float:
    """The smallest CPU time of `kisoku check RULES` over a few runs: reading, parsing and checking."""
    best = float("inf")
    for _ in range(repeat):
        with subprocess.Popen([kisoku, "check", str(rules)], stdout=subprocess.DEVNULL) as p:
            best = min(best, wait_for(p, f"kisoku check {rules}").cpu_seconds)
    return best


def extra_definitions(k: int) -> str:
    """K checks appended to the rules, each a comprehension over the expense lines."""
    lines = []
    for i in range(k):
        threshold = 1000 * (i % 97 + 1)
        lines.append(f'check warning "追加の確認{i}: {threshold}円を超える支出の合計が300万円以下" [deck p.26]:')
        lines.append(f"  sum(経費 where 金額 > {threshold}円, 金額) <= 300万円")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kisoku", default=str(ROOT / "build-release" / "kisoku"))
    parser.add_argument("--bench-eval", default=str(ROOT / "build-release" / "kisoku-bench-eval"))
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="numbers of applications, comma-separated")
    parser.add_argument("--rule-sizes", default="0,10,100,1000", help="numbers of definitions added to the rules")
    parser.add_argument("--rule-applications", type=int, default=10000, help="applications decided for each rule-file size")
    parser.add_argument("--markdown", help="also write the tables to this file")
    args = parser.parse_args()
    for tool in (args.kisoku, args.bench_eval):
        if not os.access(tool, os.X_OK):
            sys.exit(f"growth: {tool} is not an executable (build it first: scripts/build.sh, or the release build)")

    out: list[str] = []

    def emit(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    emit("Applications streamed through `kisoku eval RULES -` (JSON decisions), DX LAB FY2025:")
    emit()
    emit("| applications | CPU time | per application | peak memory |")
    emit("|---|---|---|---|")
    for count in (int(s) for s in args.sizes.split(",")):
        usage = stream(args.kisoku, args.bench_eval, RULES, count)
        emit(f"| {count:,} | {usage.cpu_seconds:.2f} s | {usage.cpu_seconds / count * 1e6:.1f} µs | {usage.peak_mib:.1f} MiB |")

    emit()
    emit(f"Rule-file size: the DX LAB FY2025 rules and K more checks, {args.rule_applications:,} applications each:")
    emit()
    emit("| added checks | file size | load (check) | per application | peak memory |")
    emit("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        applications = Path(work) / "applications.jsonl"
        with open(applications, "wb") as sink:
            subprocess.run([args.bench_eval, "--kisoku_print=all", f"--kisoku_applications={args.rule_applications}"], stdout=sink, check=True)
        base = RULES.read_text(encoding="utf-8")
        for k in (int(s) for s in args.rule_sizes.split(",")):
            rules = Path(work) / f"dxlab-plus-{k}.kisoku"
            rules.write_text(base + "\n" + extra_definitions(k), encoding="utf-8")
            load = load_time(args.kisoku, rules)
            usage = stream(args.kisoku, args.bench_eval, rules, args.rule_applications, source=applications)
            per_application = max(0.0, usage.cpu_seconds - load) / args.rule_applications
            size = rules.stat().st_size
            emit(f"| {k:,} | {size / 1024:,.0f} KiB | {load * 1e3:.1f} ms | {per_application * 1e6:.1f} µs | {usage.peak_mib:.1f} MiB |")

    if args.markdown:
        Path(args.markdown).write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
