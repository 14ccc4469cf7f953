#!/usr/bin/env python3
"""Validates what `kisoku eval` prints against docs/decision.schema.json.

The documents validated are the golden outputs of tests/eval (decisions, error lines, and each
line of the JSON Lines outputs) and the output of live runs of the CLI: the DX LAB example
application against the FY2025 rules, and an application with input errors.

Usage: validate_schema.py --kisoku PATH_TO_KISOKU --source PROJECT_SOURCE_DIR
Exits 0 when every document is valid, 1 when one is not, 77 (skipped) when the jsonschema module
is not installed.
"""
import argparse
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: the Python module jsonschema is not installed (Debian: python3-jsonschema)")
    sys.exit(77)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kisoku", required=True, help="the kisoku command-line tool")
    parser.add_argument("--source", required=True, type=pathlib.Path, help="the project's source directory")
    args = parser.parse_args()
    source: pathlib.Path = args.source

    schema = json.loads((source / "docs" / "decision.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    documents: list[tuple[str, object]] = []

    # The golden outputs.
    goldens = sorted((source / "tests" / "eval").glob("*/*.out"))
    if not goldens:
        print("no golden outputs found under tests/eval")
        return 1
    for path in goldens:
        name = str(path.relative_to(source))
        text = path.read_text(encoding="utf-8")
        if path.name.endswith(".jsonl.out"):
            for number, line in enumerate(text.splitlines(), 1):
                documents.append((f"{name}:{number}", json.loads(line)))
        else:
            documents.append((name, json.loads(text)))

    # Live runs of the CLI: (arguments, expected exit status, expected verdict).
    runs = [
        (["rules/ktq/dxlab/2025.kisoku", "examples/dxlab/2025-kokura-dx.json"], 0, None),
        (["tests/eval/sample/sample.kisoku", "tests/eval/sample/input-error.json", "--lang", "en"], 1, "error"),
        (["tests/eval/sample/sample.kisoku", "tests/eval/sample/incomplete.json", "--lang", "en"], 0, "undetermined"),
    ]
    for arguments, expected_status, expected_verdict in runs:
        command = [args.kisoku, "eval", *arguments]
        shown = "kisoku eval " + " ".join(arguments)
        run = subprocess.run(command, cwd=source, capture_output=True, text=True, encoding="utf-8")
        if run.returncode != expected_status:
            print(f"{shown}: exit status {run.returncode}, expected {expected_status}\n{run.stdout}{run.stderr}")
            return 1
        document = json.loads(run.stdout)
        if expected_verdict is not None and document.get("verdict") != expected_verdict:
            print(f"{shown}: verdict {document.get('verdict')!r}, expected {expected_verdict!r}")
            return 1
        documents.append((shown, document))

    failures = 0
    for name, document in documents:
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for error in errors:
            location = "/".join(str(p) for p in error.absolute_path) or "(top)"
            # oneOf errors explain little on their own: show why each alternative failed.
            reasons = [f"\n    {'/'.join(str(p) for p in c.absolute_path)}: {c.message}" for c in error.context or []]
            print(f"{name}: {location}: {error.message}{''.join(reasons)}")
            failures += 1
    kinds = {}
    for _, document in documents:
        verdict = document.get("verdict") if isinstance(document, dict) else None
        kinds[verdict] = kinds.get(verdict, 0) + 1
    summary = ", ".join(f"{count} {verdict}" for verdict, count in sorted(kinds.items(), key=lambda kv: str(kv[0])))
    print(f"{len(documents)} documents ({summary}): {'all valid' if failures == 0 else f'{failures} errors'}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
