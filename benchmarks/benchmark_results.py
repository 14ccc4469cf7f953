"""Running a Google Benchmark binary for the report scripts, or reading its saved results.

The report scripts (report_numbers.py, report_load.py, report_eval.py) take the same command
line: the binary (or --json FILE of saved results), --save-json, --repetitions, --min-time, and
flags after "--" passed to the binary unchanged. They pick each benchmark's median the same way
and open their output with the same line about the run. Standard library only.
"""

import argparse
import datetime
import json
import subprocess
import sys


def run_benchmark(binary, repetitions, min_time, extra):
    """Runs the benchmark binary and returns its parsed JSON output."""
    # Random interleaving runs the repetitions of all benchmarks in a shuffled order, so that a
    # burst of load from elsewhere on the machine falls on the baseline and on kisoku alike.
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


def results_from_command_line(description, binary_name):
    """Parses the report script's command line and returns the benchmark results it names."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", help=f"path of {binary_name}")
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
    return results


def medians(results, measure):
    """Maps each benchmark kept by `measure` to its value: the median aggregate when the run was
    repeated, the single measurement otherwise. `measure(name, entry)` returns (key, value), or
    None to leave the entry out; entries of benchmarks that failed are left out before it is
    asked. Returns the map and whether it holds medians."""
    found_medians, singles = {}, {}
    for entry in results["benchmarks"]:
        if entry.get("error_occurred"):
            continue
        measured = measure(entry.get("run_name", entry["name"]), entry)
        if measured is None:
            continue
        key, value = measured
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                found_medians[key] = value
        else:
            singles.setdefault(key, value)
    return (found_medians, True) if found_medians else (singles, False)


def run_line(results, repeated, what):
    """The first line of a report: when the run was made, on how many CPUs at what clock, and
    whether its figures are medians; `what` says what the times are (for example "CPU time")."""
    context = results.get("context", {})
    date = context.get("date", datetime.datetime.now().isoformat(timespec="seconds"))
    statistic = "median of the repetitions" if repeated else "a single run"
    return (f"Run of {date}: {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, "
            f"{statistic}, {what}.")
