"""python -m kisoku: the commands of the kisoku CLI (calc, check, eval, test, schema, diff), on the same core."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Optional, Sequence

from . import _core
from ._api import InputError, RuleError, calc, load, run_tests


def _calc(args: argparse.Namespace) -> int:
    expressions = args.expression or [line.rstrip("\r\n") for line in sys.stdin]
    ok = True
    for expression in expressions:
        try:
            print(calc(expression, display=args.display))
        except ValueError as error:
            ok = False
            print(f"error: {str(error).splitlines()[0] if str(error) else ''}")
            sys.stderr.write(str(error))
    return 0 if ok else 1


def _check(args: argparse.Namespace) -> int:
    errors = warnings = 0
    for path in args.file:
        _, diagnostics = _core.load(path, "", args.lang)
        for d in diagnostics:
            sys.stdout.write(d["rendered"])
            errors += d["severity"] == "error"
            warnings += d["severity"] == "warning"
    if errors + warnings:
        sys.stderr.write(f"{errors} errors, {warnings} warnings\n")
    return 0 if errors == 0 else 1


def _eval(args: argparse.Namespace) -> int:
    try:
        program = load(args.rules, lang=args.lang)
        if args.param:
            program = program.with_parameters(**dict(p.split("=", 1) for p in args.param))
    except RuleError as error:
        for d in error.diagnostics:
            sys.stderr.write(d.rendered)
        return 1
    except InputError as error:
        sys.stderr.write(str(error) + "\n")
        return 2
    lines = args.application == "-" or args.application.endswith(".jsonl")
    stream = sys.stdin if args.application == "-" else open(args.application, encoding="utf-8")
    ok = True
    with stream:
        texts = (line for line in stream if line.strip()) if lines else iter([stream.read()])
        for number, text in enumerate(texts, start=1):
            try:
                decision = program.evaluate(text, fiscal_year=args.fiscal_year, lang=args.lang)
            except InputError as error:
                ok = False
                if args.format == "json":
                    out: dict[str, Any] = {"format": "kisoku.decision/1", "verdict": "error", "errors": [e._asdict() for e in error.errors]}
                    if lines:
                        out["line"] = number
                    print(json.dumps(out, ensure_ascii=False, indent=None if lines else 2))
                else:
                    for e in error.errors:
                        print(f"{e.path}: {e.message} [{e.code}]")
                continue
            if args.format == "json":
                print(decision.to_json(indent=None if lines else 2))
            else:
                sys.stdout.write(decision.explain(args.lang))
    return 0 if ok else 1


def _test(args: argparse.Namespace) -> int:
    def write(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        run = run_tests(*args.path, verbose=args.verbose, write=write, lang=args.lang)
    except FileNotFoundError as error:
        sys.stderr.write(f"kisoku: {error}\n")
        return 2
    return 0 if run.ok else 1


def _schema(args: argparse.Namespace) -> int:
    try:
        program = load(args.rules, lang=args.lang)
        schema = program.input_schema(args.fiscal_year)
    except RuleError as error:
        for d in error.diagnostics:
            sys.stderr.write(d.rendered)
        return 1
    except ValueError as error:
        sys.stderr.write(f"kisoku: {error}\n")
        return 2
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _diff(args: argparse.Namespace) -> int:
    try:
        before = load(args.old, lang=args.lang)
        after = load(args.new, lang=args.lang)
    except RuleError as error:
        for d in error.diagnostics:
            sys.stderr.write(d.rendered)
        return 2
    lines = args.applications == "-" or args.applications.endswith(".jsonl")
    try:
        stream = sys.stdin if args.applications == "-" else open(args.applications, encoding="utf-8", newline="")
    except OSError:
        sys.stderr.write(f"kisoku: cannot read {args.applications}\n")
        return 2
    compared = _core.RulesDiff(before._core, after._core, args.lang)
    with stream:
        if lines:
            # Numbered as the C++ tool numbers them: every line counts, blank ones are skipped.
            for number, line in enumerate(stream, start=1):
                text = line.rstrip("\n").rstrip("\r")
                if text.strip(" \t"):
                    sys.stdout.write(compared.application(text, compared.line(number)))
        else:
            sys.stdout.write(compared.application(stream.read(), args.applications))
    sys.stdout.write(compared.summary())
    return 1 if compared.changed() else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kisoku", description="Exact rules for public subsidy and grant programs")
    parser.add_argument("--version", action="version", version=f"kisoku {_core.version}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("calc", help="evaluate expressions exactly")
    p.add_argument("expression", nargs="*")
    p.add_argument("--display", action="store_true")
    p.set_defaults(run=_calc)
    p = sub.add_parser("check", help="check rule files")
    p.add_argument("file", nargs="+")
    p.add_argument("--lang", choices=["en", "ja"], default="en")
    p.set_defaults(run=_check)
    p = sub.add_parser("eval", help="evaluate applications")
    p.add_argument("rules")
    p.add_argument("application")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument("--lang", choices=["en", "ja"], default="ja")
    p.add_argument("--fiscal-year", type=int, default=None)
    p.add_argument("--param", action="append", default=[])
    p.set_defaults(run=_eval)
    p = sub.add_parser("test", help="run the test cases of rule files (*.tests.yaml)")
    p.add_argument("path", nargs="+", help="test files, rule files (the NAME.tests.yaml beside NAME.kisoku), or directories to search")
    p.add_argument("-v", "--verbose", action="store_true", help="list every case, passing ones too")
    p.add_argument("--lang", choices=["en", "ja"], default="en", help="language of the report")
    p.set_defaults(run=_test)
    p = sub.add_parser("schema", help="print the JSON Schema of the applications a program decides")
    p.add_argument("rules")
    p.add_argument("--fiscal-year", type=int, default=None)
    p.add_argument("--lang", choices=["en", "ja"], default="en")
    p.set_defaults(run=_schema)
    p = sub.add_parser("diff", help="decide applications with two sets of rules and show whose result changes")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("applications")
    p.add_argument("--lang", choices=["en", "ja"], default="en")
    p.set_defaults(run=_diff)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        return 0 if exit.code == 0 else 2
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
