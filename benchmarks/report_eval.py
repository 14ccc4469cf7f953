#!/usr/bin/env python3
"""Runs kisoku-bench-eval and prints its results as the Markdown tables of docs/performance.md.

Usage:
    python3 benchmarks/report_eval.py build/benchmarks/kisoku-bench-eval [options] [-- benchmark flags]
    python3 benchmarks/report_eval.py --json results.json

The benchmark binary evaluates the same generated DX LAB FY2025 applications in several ways (see
PATHS below); each benchmark walks all of them once per iteration and reports applications per
second (items_per_second), the allocations per application in its timed loop (allocs_per_app) and
the average size of the applications' JSON text (bytes_per_app). For every benchmark the script
takes the median over the repetitions and prints:

- the time per application, its ratio to the hand-written baseline, the JSON read per second and
  the allocations per application;
- whether the goals of docs/performance.md are met: evaluation with bound inputs within
  BOUND_LIMIT times the hand-written rules, evaluation from JSON text within JSON_LIMIT_US
  microseconds per application, and no allocation in a bound evaluation.

Only the Python standard library is used.
"""

import sys

from benchmark_results import medians, results_from_command_line, run_line

# The benchmarks, in table order, with their labels and whether they read JSON text.
PATHS = [
    ("handwritten", "hand-written C++ over structs (baseline)", False),
    ("bound", "kisoku, bound inputs: run + verdict + amount", False),
    ("bound_general", "the same, general path only (optimistic path off; reference)", False),
    ("bound_native", "the same, with the rules compiled to C++ (`kisoku generate cpp`)", False),
    ("json", "kisoku from JSON text: bind_json + run + verdict + amount", True),
    ("json_native", "the same, with the rules compiled to C++", True),
    ("decision", "kisoku, Session::evaluate_json: a full Decision", True),
    ("reader_null", "kisoku's JSON reader alone, no-op handler (reference)", True),
    ("sax_null", "nlohmann/json SAX parse, no-op handler (reference)", True),
    ("dom", "nlohmann::json::parse into a DOM (reference)", True),
]
BASELINE = "handwritten"
# The goals of docs/performance.md.
BOUND_LIMIT = 5.0
JSON_LIMIT_US = 5.0
BOUND_ALLOCATIONS = 0.0


def measurements(results):
    """Maps each benchmark to (seconds per application, allocations per application, JSON bytes
    per application), as benchmark_results.medians picks them; the second value says whether
    they are medians."""
    def measure(name, entry):
        if "items_per_second" not in entry:
            return None
        return name, (1.0 / entry["items_per_second"], entry.get("allocs_per_app", 0.0), entry.get("bytes_per_app", 0.0))
    return medians(results, measure)


def format_time(seconds):
    microseconds = seconds * 1e6
    if microseconds >= 100:
        return f"{microseconds:,.0f} µs"
    if microseconds >= 10:
        return f"{microseconds:.1f} µs"
    if microseconds >= 1:
        return f"{microseconds:.2f} µs"
    return f"{seconds * 1e9:.1f} ns"


def format_allocations(value):
    if value == 0:
        return "0"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(times):
    heading = ["Path", "time per application", "÷ hand-written", "JSON MB/s", "allocations per application"]
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    baseline = times.get(BASELINE)
    for name, label, reads_json in PATHS:
        if name not in times:
            continue
        seconds, allocations, bytes_per_app = times[name]
        ratio = f"{seconds / baseline[0]:,.1f}×" if baseline and name != BASELINE else "–"
        rate = f"{bytes_per_app / seconds / 1e6:,.0f}" if reads_json and bytes_per_app else "–"
        lines.append(f"| {label} | {format_time(seconds)} | {ratio} | {rate} | {format_allocations(allocations)} |")
    return lines


def goal_lines(times):
    lines = []
    baseline = times.get(BASELINE)
    if baseline and "bound" in times:
        ratio = times["bound"][0] / baseline[0]
        verdict = "met" if ratio <= BOUND_LIMIT else "missed"
        lines.append(f"- Bound evaluation: {ratio:,.1f}× the hand-written rules "
                     f"({format_time(times['bound'][0])} against {format_time(baseline[0])}; "
                     f"{verdict}; goal ≤ {BOUND_LIMIT:g}×).")
    if baseline and "bound_native" in times:
        ratio = times["bound_native"][0] / baseline[0]
        verdict = "met" if ratio <= BOUND_LIMIT else "missed"
        lines.append(f"- Bound evaluation with the rules compiled to C++: {ratio:,.1f}× the hand-written rules "
                     f"({format_time(times['bound_native'][0])}; {verdict}; goal ≤ {BOUND_LIMIT:g}×).")
    if "json" in times:
        microseconds = times["json"][0] * 1e6
        verdict = "met" if microseconds <= JSON_LIMIT_US else "missed"
        lines.append(f"- From JSON text: {microseconds:.2f} µs per application ({verdict}; goal ≤ {JSON_LIMIT_US:g} µs).")
    if "json_native" in times:
        microseconds = times["json_native"][0] * 1e6
        verdict = "met" if microseconds <= JSON_LIMIT_US else "missed"
        lines.append(f"- From JSON text with the rules compiled to C++: {microseconds:.2f} µs per application "
                     f"({verdict}; goal ≤ {JSON_LIMIT_US:g} µs).")
    if "bound" in times:
        allocations = times["bound"][1]
        verdict = "met" if allocations <= BOUND_ALLOCATIONS else "missed"
        lines.append(f"- Allocations per bound evaluation: {format_allocations(allocations)} ({verdict}; goal 0).")
    return lines


def main():
    results = results_from_command_line(__doc__, "kisoku-bench-eval")

    times, repeated = measurements(results)
    if not times:
        print("no benchmark results with items_per_second were found", file=sys.stderr)
        return 1
    context = results.get("context", {})
    print(run_line(results, repeated, "CPU time"))
    print(f"Applications: {context.get('kisoku_applications', '?')} "
          f"({context.get('kisoku_verdicts', '?')}), "
          f"{context.get('kisoku_json_bytes_per_application', '?')} bytes of JSON each on average.")
    print()
    print("\n".join(table(times)))
    goals = goal_lines(times)
    if goals:
        print()
        print("Goals:")
        print("\n".join(goals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
