#!/usr/bin/env python3
"""Checks `kisoku schema` against the applications kisoku reads.

For every shipped program (each yearly rule file under rules/), the JSON Schema printed by
`kisoku schema RULE_FILE` must be a valid draft 2020-12 schema, and:

- every example application of that program and year (examples/PROGRAM/YEAR-*.json), which
  `kisoku eval` decides without input errors, is valid against it;
- applications damaged in the ways the binder refuses are invalid against it: an undeclared field,
  an enumeration value that does not exist, a required field taken away or given as null, a
  boolean written as text, a list given as an object, a field of a record that the record lacks;
- with --bench-eval, the generated DX LAB FY2025 applications of the evaluation benchmark
  (`kisoku-bench-eval --kisoku_print=all`), which `kisoku eval` reads without input errors, are
  all valid too.

Usage: validate_input_schema.py --kisoku PATH --source DIR [--bench-eval PATH]
Exits 0 when all holds, 1 when not, 77 (skipped) when the jsonschema module is not installed.
"""
import argparse
import copy
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: the Python module jsonschema is not installed (Debian: python3-jsonschema)")
    sys.exit(77)

# Example folders by program directory under rules/ktq.
EXAMPLES = {"dxlab": "dxlab", "dx-suishin": "dx-suishin", "robot": "robot"}


def schema_of(kisoku: str, rule_file: pathlib.Path) -> dict:
    out = subprocess.run([kisoku, "schema", str(rule_file)], capture_output=True, text=True, check=True)
    schema = json.loads(out.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def damaged(application: dict, schema: dict) -> list[tuple[str, dict]]:
    """Copies of a valid application, each with one mistake the binder refuses."""
    out = []
    bad = copy.deepcopy(application)
    bad["この項目はない"] = 1
    out.append(("an undeclared field", bad))
    properties = schema["properties"]
    for name, field in properties.items():
        if "enum" in field and name in application:
            bad = copy.deepcopy(application)
            bad[name] = "存在しない値"
            out.append((f"an unknown value of {name}", bad))
            break
    for name in schema.get("required", []):
        bad = copy.deepcopy(application)
        del bad[name]
        out.append((f"{name} taken away", bad))
        bad = copy.deepcopy(application)
        bad[name] = None
        out.append((f"{name} as null", bad))
    for name, field in properties.items():
        if field.get("type") in ("boolean", ["boolean", "null"]) and name in application:
            bad = copy.deepcopy(application)
            bad[name] = "はい"
            out.append((f"{name} as text", bad))
            break
    for name, field in properties.items():
        if field.get("type") in ("array", ["array", "null"]) and isinstance(application.get(name), list) and application[name]:
            bad = copy.deepcopy(application)
            bad[name] = {"0": application[name][0]}
            out.append((f"{name} as an object", bad))
            item = application[name][0]
            if isinstance(item, dict):
                bad = copy.deepcopy(application)
                bad[name][0]["この項目はない"] = True
                out.append((f"an undeclared field in {name}[0]", bad))
            break
    return out


def decides(kisoku: str, rule_file: pathlib.Path, application_file: pathlib.Path) -> bool:
    """Whether kisoku eval decides the application without input errors."""
    out = subprocess.run([kisoku, "eval", str(rule_file), str(application_file)], capture_output=True, text=True)
    return out.returncode == 0 and json.loads(out.stdout)["verdict"] != "error"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kisoku", required=True)
    parser.add_argument("--source", required=True, type=pathlib.Path)
    parser.add_argument("--bench-eval")
    args = parser.parse_args()
    source: pathlib.Path = args.source
    failures: list[str] = []
    valid = invalid = 0
    for program, folder in EXAMPLES.items():
        for rule_file in sorted((source / "rules" / "ktq" / program).glob("*.kisoku")):
            year = rule_file.stem
            validator = jsonschema.Draft202012Validator(schema_of(args.kisoku, rule_file))
            schema = validator.schema
            examples = sorted((source / "examples" / folder).glob(f"{year}-*.json"))
            for example in examples:
                if not decides(args.kisoku, rule_file, example):
                    continue  # An example meant to show input errors, if any.
                application = json.loads(example.read_text(encoding="utf-8"))
                errors = list(validator.iter_errors(application))
                if errors:
                    failures.append(f"{example.name} against {rule_file.name}: {errors[0].message}")
                else:
                    valid += 1
                for what, bad in damaged(application, schema):
                    if validator.is_valid(bad):
                        failures.append(f"{example.name} with {what} is valid against the schema of {rule_file.name}")
                    else:
                        invalid += 1
    if args.bench_eval:
        rule_file = source / "rules" / "ktq" / "dxlab" / "2025.kisoku"
        validator = jsonschema.Draft202012Validator(schema_of(args.kisoku, rule_file))
        lines = subprocess.run([args.bench_eval, "--kisoku_print=all", "--kisoku_applications=200"], capture_output=True, text=True, check=True).stdout
        decided = subprocess.run([args.kisoku, "eval", str(rule_file), "-"], input=lines, capture_output=True, text=True)
        if decided.returncode != 0:
            failures.append("kisoku eval refused some generated applications")
        for number, line in enumerate(lines.splitlines(), start=1):
            errors = list(validator.iter_errors(json.loads(line)))
            if errors:
                failures.append(f"generated application {number}: {errors[0].json_path}: {errors[0].message}")
            else:
                valid += 1
    for f in failures:
        print("FAIL", f)
    print(f"{valid} applications valid, {invalid} damaged ones invalid, {len(failures)} failures")
    if valid == 0 or invalid == 0:
        print("FAIL nothing was checked")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
