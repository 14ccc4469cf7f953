#!/usr/bin/env python3
"""Runs kisoku-bench-numbers and prints its results as the Markdown tables of docs/performance.md.

Usage:
    python3 benchmarks/report_numbers.py build/benchmarks/kisoku-bench-numbers [options] [-- benchmark flags]
    python3 benchmarks/report_numbers.py --json results.json

The benchmark binary names every benchmark "<operation>/<variant>"; the "int64" variant of an
operation is its baseline, measured in the same run on the same data. For every operation the
script reports the median time per operation over the repetitions (CPU time, in nanoseconds) and
the ratio of each variant to the baseline. Only the Python standard library is used.
"""

import sys

from benchmark_results import medians, results_from_command_line, run_line

# The Number variants, in table order, with their column headings.
NUMBER_VARIANTS = [
    ("number_integral", "Number, integral"),
    ("number_fraction", "Number, fraction"),
    ("number_big", "Number, 40 digits"),
]
NUMBER_OPERATIONS = [
    ("add", "add"),
    ("multiply", "multiply"),
    ("compare", "compare (<)"),
    ("round", "round to 1000, down"),
    ("copy", "copy"),
]
MONEY_OPERATIONS = [
    ("money_add", "Money + Money"),
    ("money_multiply_rate", "Money × rate"),
    ("money_multiply_rate_round", "round(Money × rate, 1000, down)"),
]
# The goal of docs/performance.md: the fast path within this factor of int64 on integral values.
GOAL_RATIO = 4.0
GOAL_OPERATIONS = ("add", "multiply", "compare", "round")


def nanoseconds_per_operation(results):
    """Maps (operation, variant) to nanoseconds per operation, as benchmark_results.medians picks
    them; the second value says whether they are medians."""
    def measure(name, entry):
        if "/" not in name or "items_per_second" not in entry:
            return None
        operation, variant = name.split("/", 1)
        return (operation, variant), 1e9 / entry["items_per_second"]
    return medians(results, measure)


def format_ns(value):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_ratio(value, baseline):
    if value is None or baseline is None:
        return "–"
    ratio = value / baseline
    return f"{ratio:.1f}×" if ratio >= 10 else f"{ratio:.2f}×"


def number_table(times):
    heading = ["Operation", "int64 ns/op"]
    for _, label in NUMBER_VARIANTS:
        heading += [f"{label} ns/op", "ratio"]
    rows = []
    for operation, label in NUMBER_OPERATIONS:
        baseline = times.get((operation, "int64"))
        if baseline is None and not any((operation, v) in times for v, _ in NUMBER_VARIANTS):
            continue
        row = [label, format_ns(baseline)]
        for variant, _ in NUMBER_VARIANTS:
            value = times.get((operation, variant))
            row += [format_ns(value), format_ratio(value, baseline)]
        rows.append("| " + " | ".join(row) + " |")
    if not rows:
        return []
    return ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)] + rows


def money_table(times):
    heading = ["Operation", "int64 ns/op", "Money ns/op", "ratio"]
    rows = []
    for operation, label in MONEY_OPERATIONS:
        baseline = times.get((operation, "int64"))
        value = times.get((operation, "money"))
        if baseline is None and value is None:
            continue
        rows.append(f"| {label} | {format_ns(baseline)} | {format_ns(value)} | {format_ratio(value, baseline)} |")
    if not rows:
        return []
    return ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)] + rows


def goal_lines(times):
    lines = []
    for operation in GOAL_OPERATIONS:
        baseline = times.get((operation, "int64"))
        value = times.get((operation, "number_integral"))
        if baseline is None or value is None:
            continue
        ratio = value / baseline
        verdict = "met" if ratio <= GOAL_RATIO else "missed"
        lines.append(f"- {operation}: {ratio:.2f}× int64 ({verdict}; goal ≤ {GOAL_RATIO:g}×)")
    return lines


def main():
    results = results_from_command_line(__doc__, "kisoku-bench-numbers")

    times, repeated = nanoseconds_per_operation(results)
    if not times:
        print("no benchmark results with items_per_second were found", file=sys.stderr)
        return 1
    print(run_line(results, repeated, "CPU time per operation"))
    for table in (number_table(times), money_table(times)):
        if table:
            print()
            print("\n".join(table))
    goals = goal_lines(times)
    if goals:
        print()
        print("Goal, Number fast path on integral values against int64:")
        print("\n".join(goals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
