#!/usr/bin/env python3
"""Runs kisoku-bench-load and prints its results as the Markdown tables of docs/performance.md.

Usage:
    python3 benchmarks/report_load.py build/benchmarks/kisoku-bench-load [options] [-- benchmark flags]
    python3 benchmarks/report_load.py --json results.json

The benchmark binary names every benchmark "<stage>/<file>": the stages are decode (decode_utf8
only, the baseline), parse (decode and parse), check (check_program alone, on a tree parsed
beforehand) and load (load_text: decode, parse and check); the files are realistic programs
(REALISTIC below) and the generated programs "generated_<N>". Each
benchmark reports the file's size in its counter "lines". For every benchmark the script takes the
median CPU time over the repetitions and prints:

- the load time of every file, its time per line, and the ratio of that time per line to the one
  of the generated program of about 1,000 lines (loading grows linearly when the ratios stay near 1);
- the time of each stage, with the same per-line ratios for parsing and for checking;
- whether the goals of docs/performance.md are met: the realistic file (sample; the other
  realistic files are reported too) loads in at most 1 ms, and the time per line of the largest generated program is within LINEAR_LIMIT of the
  1,000-line one.

Only the Python standard library is used.
"""

import argparse
import datetime
import json
import subprocess
import sys

STAGES = ("decode", "parse", "check", "load")
# The realistic files, in table order, with their labels.
REALISTIC = [
    ("sample", "tests/check/valid/sample.kisoku"),
    ("japanese", "tests/check/valid/japanese.kisoku"),
    ("dxlab_2025", "rules/ktq/dxlab/2025.kisoku"),
]
GOAL_FILE = "sample"
GOAL_SECONDS = 1e-3
# The generated program whose time per line the others are compared with.
REFERENCE_LINES = 1000
# Linear growth: the time per line of a larger generated program at most this many times the
# reference's. A step that is quadratic in the size of the file makes the time per line grow with
# the size (10× at 10,000 lines); cache misses and the allocator make a larger file somewhat
# slower per line even when every step is linear.
LINEAR_LIMIT = 1.5

UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def run_benchmark(binary, repetitions, min_time, extra):
    """Runs the benchmark binary and returns its parsed JSON output."""
    # Random interleaving runs the repetitions of all benchmarks in a shuffled order, so that a
    # burst of load from elsewhere on the machine does not fall on one file or one stage only.
    command = [
        binary,
        "--benchmark_format=json",
        f"--benchmark_repetitions={repetitions}",
        "--benchmark_report_aggregates_only=true",
        "--benchmark_enable_random_interleaving=true",
    ]
    if min_time is not None:
        command.append(f"--benchmark_min_time={min_time}")
    command.extend(extra)
    completed = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(completed.stdout)


def measurements(results):
    """Maps (stage, file) to (seconds, lines): the median aggregate when the run was repeated, the
    single measurement otherwise. The second value says which it was."""
    medians, singles = {}, {}
    for entry in results["benchmarks"]:
        name = entry.get("run_name", entry["name"])
        if "/" not in name or "lines" not in entry or entry.get("error_occurred"):
            continue
        stage, file = name.split("/", 1)
        seconds = entry["cpu_time"] * UNIT_SECONDS[entry.get("time_unit", "ns")]
        value = (seconds, int(round(entry["lines"])))
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                medians[(stage, file)] = value
        else:
            singles.setdefault((stage, file), value)
    return (medians, True) if medians else (singles, False)


def generated_files(times):
    """The generated programs, smallest first, as (file, lines)."""
    files = {}
    for (_, file), (_, lines) in times.items():
        if file.startswith("generated_"):
            files[file] = lines
    return sorted(files.items(), key=lambda item: item[1])


def file_label(file, lines):
    for name, label in REALISTIC:
        if file == name:
            return label
    return f"generated, {lines:,} lines"


def format_time(seconds):
    if seconds is None:
        return "–"
    microseconds = seconds * 1e6
    if microseconds >= 1000:
        return f"{microseconds / 1000:,.1f} ms" if microseconds < 100_000 else f"{microseconds / 1000:,.0f} ms"
    if microseconds >= 100:
        return f"{microseconds:.0f} µs"
    return f"{microseconds:.1f} µs"


def format_per_line(seconds, lines):
    if seconds is None or not lines:
        return "–"
    return f"{seconds / lines * 1e6:.2f}"


def per_line(times, stage, file):
    value = times.get((stage, file))
    return value[0] / value[1] if value and value[1] else None


def format_ratio(value, reference):
    if value is None or reference is None:
        return "–"
    return f"{value / reference:.2f}×"


def reference_file(generated):
    """The generated program closest in size to REFERENCE_LINES."""
    if not generated:
        return None
    return min(generated, key=lambda item: abs(item[1] - REFERENCE_LINES))[0]


def table_rows(times):
    """The files in table order: realistic first, then generated by size, as (file, lines)."""
    rows = []
    for name, _ in REALISTIC:
        value = times.get(("load", name)) or times.get(("parse", name))
        if value:
            rows.append((name, value[1]))
    return rows + generated_files(times)


def load_table(times, reference):
    reference_lines = dict(generated_files(times)).get(reference, REFERENCE_LINES)
    heading = ["File", "Lines", "Load (decode + parse + check)", "µs per line",
               f"per line ÷ per line at {reference_lines:,} lines"]
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    reference_per_line = per_line(times, "load", reference) if reference else None
    for file, count in table_rows(times):
        load = times.get(("load", file))
        seconds = load[0] if load else None
        ratio = "–"
        if file.startswith("generated_"):
            ratio = format_ratio(per_line(times, "load", file), reference_per_line)
        lines.append(f"| {file_label(file, count)} | {count:,} | {format_time(seconds)} | "
                     f"{format_per_line(seconds, count)} | {ratio} |")
    return lines


def stage_table(times, reference):
    heading = ["File", "decode (baseline)", "decode + parse", "check alone", "load",
               "parse µs/line", "ratio", "check µs/line", "ratio"]
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    for file, count in table_rows(times):
        row = [file_label(file, count)]
        for stage in STAGES:
            value = times.get((stage, file))
            row.append(format_time(value[0] if value else None))
        for stage in ("parse", "check"):
            value = per_line(times, stage, file)
            row.append(f"{value * 1e6:.2f}" if value is not None else "–")
            if file.startswith("generated_") and reference:
                row.append(format_ratio(value, per_line(times, stage, reference)))
            else:
                row.append("–")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def goal_lines(times, generated, reference):
    lines = []
    for file, _ in REALISTIC:
        value = times.get(("load", file))
        if value:
            verdict = "met" if value[0] <= GOAL_SECONDS else "missed"
            which = "the goal's realistic file" if file == GOAL_FILE else "realistic file"
            lines.append(f"- {file_label(file, value[1])} ({which}, {value[1]} lines): loads in "
                         f"{format_time(value[0])} ({verdict}; goal ≤ 1 ms).")
    if reference:
        reference_lines = dict(generated)[reference]
        reference_value = per_line(times, "load", reference)
        for file, count in generated:
            value = per_line(times, "load", file)
            if count <= reference_lines or not value or not reference_value:
                continue
            ratio = value / reference_value
            verdict = "met" if ratio <= LINEAR_LIMIT else "missed"
            lines.append(f"- Linear growth, {count:,} lines: {ratio:.2f}× the time per line of {reference_lines:,} lines "
                         f"({verdict}; goal ≤ {LINEAR_LIMIT:g}×).")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", help="path of kisoku-bench-load")
    parser.add_argument("--json", help="read saved --benchmark_format=json output instead of running the binary")
    parser.add_argument("--save-json", help="also write the raw JSON output to this file")
    parser.add_argument("--repetitions", type=int, default=5, help="benchmark repetitions (default 5)")
    parser.add_argument("--min-time", help="--benchmark_min_time for each repetition (default: the library's)")
    # Everything after "--" goes to the benchmark binary unchanged.
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    args = parser.parse_args(own)

    if args.json:
        with open(args.json, encoding="utf-8") as file:
            results = json.load(file)
    elif args.binary:
        results = run_benchmark(args.binary, args.repetitions, args.min_time, extra)
    else:
        parser.error("give the benchmark binary or --json")
    if args.save_json:
        with open(args.save_json, "w", encoding="utf-8") as file:
            json.dump(results, file, indent=1)

    times, repeated = measurements(results)
    if not times:
        print("no benchmark results with a 'lines' counter were found", file=sys.stderr)
        return 1
    generated = generated_files(times)
    reference = reference_file(generated)
    context = results.get("context", {})
    date = context.get("date", datetime.datetime.now().isoformat(timespec="seconds"))
    statistic = "median of the repetitions" if repeated else "a single run"

    print(f"Run of {date}: {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, "
          f"{statistic}, CPU time.")
    print()
    print("\n".join(load_table(times, reference)))
    print()
    print("\n".join(stage_table(times, reference)))
    goals = goal_lines(times, generated, reference)
    if goals:
        print()
        print("Goals:")
        print("\n".join(goals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
