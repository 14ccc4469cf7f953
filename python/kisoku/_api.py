"""The public API of kisoku: load rules, evaluate applications, read decisions."""

from __future__ import annotations

import functools
import html
import json
import os
import warnings
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Optional, Sequence, Union

from . import _core

Number = Union[Decimal, Fraction]
Application = Union[Mapping[str, Any], str, bytes]


def _number(text: str) -> Number:
    """An exact number from kisoku's canonical text: "300000" and "0.5" as Decimal, "2/3" as Fraction."""
    return Fraction(text) if "/" in text else Decimal(text)


def exact(text: Optional[str]) -> Optional[Number]:
    """An exact number from kisoku's canonical text: "300000" and "0.5" as Decimal, "2/3" as Fraction."""
    return None if text is None else _number(text)


class Diagnostic(NamedTuple):
    """A problem found in a rule file, with its place."""

    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    rendered: str


class RuleError(Exception):
    """The rules could not be loaded: `diagnostics` says where and why."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        summary = f"{first.file}:{first.line}:{first.column}: {first.message} [{first.code}]" if first else "no rules"
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        super().__init__(summary + more)


class InputProblem(NamedTuple):
    """One problem with an application: its JSON path, a stable code and a message."""

    path: str
    code: str
    message: str


class InputError(ValueError):
    """An application could not be evaluated: `errors` lists every problem, each with its path."""

    def __init__(self, errors: Sequence[InputProblem]) -> None:
        self.errors = list(errors)
        self.path = self.errors[0].path if self.errors else "$"
        super().__init__("; ".join(f"{e.path}: {e.message} [{e.code}]" for e in self.errors))


class Condition(NamedTuple):
    eligibility: str
    marker: str
    label: str
    citation: str
    result: str  # pass, fail, unknown, not_applicable


class Check(NamedTuple):
    severity: str  # error, warning
    label: str
    citation: str
    result: str  # passed, raised, unknown


class Document(NamedTuple):
    label: str
    citation: str
    due: str
    required: Union[bool, str]  # True, or "unknown" when it depends on missing inputs


class MissingInput(NamedTuple):
    path: str
    label: str
    type: str
    decides: int


class Decision:
    """What an evaluation concluded: verdict, exact amounts, conditions, checks, documents, and why."""

    def __init__(self, summary: Mapping[str, Any], held: Union[_core.HeldDecision, "_KeptDecision"]) -> None:
        # The verdict, amounts and missing inputs come with the call; the rest of the decision is
        # written as JSON (kisoku.decision/1) by the C++ core, and read, the first time it is
        # asked for.
        self._held = held
        self._summary = summary
        self.verdict: str = summary["verdict"]
        self.program: str = summary["program"]
        self.fiscal_year: int = summary["fiscal_year"]
        self.amounts: dict[str, Optional[Number]] = {k: exact(v) for k, v in summary["amounts"].items()}
        self.missing: list[str] = list(summary["missing"])

    @functools.cached_property
    def _json(self) -> bytes:
        return self._held.json()

    @functools.cached_property
    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self._json)
        return data

    @functools.cached_property
    def missing_details(self) -> list[MissingInput]:
        """Each missing input with its label, type and how many undecided results it enters."""
        return [MissingInput(**m) for m in self._data["missing_details"]]

    @functools.cached_property
    def conditions(self) -> list[Condition]:
        """Every eligibility condition with its label, citation and result."""
        return [Condition(**c) for c in self._data["conditions"]]

    @functools.cached_property
    def checks(self) -> list[Check]:
        return [Check(**c) for c in self._data["checks"]]

    @functools.cached_property
    def documents(self) -> list[Document]:
        return [Document(**d) for d in self._data["documents"]]

    @functools.cached_property
    def notes(self) -> list[str]:
        return [n["text"] for n in self._data["notes"]]

    @property
    def failed(self) -> list[Condition]:
        """The conditions that failed."""
        return [c for c in self.conditions if c.result == "fail"]

    def to_dict(self) -> dict[str, Any]:
        """The decision in the kisoku.decision/1 format, as Python values (amounts as strings)."""
        data: dict[str, Any] = json.loads(self._json)
        return data

    def to_json(self, indent: Optional[int] = None) -> str:
        """The decision as JSON text in the kisoku.decision/1 format (compact without `indent`)."""
        if indent is None:
            return self._json.decode("utf-8")
        return json.dumps(self._data, ensure_ascii=False, indent=indent)

    def explain(self, lang: str = "ja") -> str:
        """The decision as readable text, in Japanese ("ja") or English ("en")."""
        return self._held.text(lang)

    def __reduce__(self) -> tuple[Any, ...]:
        # A decision goes to another process (from a pool's or a cluster's workers) as its summary,
        # its JSON and its text in both languages: everything its methods read.
        texts = {lang: self._held.text(lang) for lang in ("ja", "en")}
        return (_kept_decision, (dict(self._summary), self._json, texts))

    def __repr__(self) -> str:
        amounts = ", ".join(f"{k}={v}" for k, v in self.amounts.items())
        return f"<Decision {self.program} FY{self.fiscal_year}: {self.verdict}; {amounts}>"

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(c.marker)}</td><td>{e(c.label)}</td><td>{e(c.citation)}</td><td>{e(c.result)}</td></tr>"
            for c in self.conditions
        )
        amounts = "".join(
            f"<tr><th>{e(k)}</th><td>{e(format_yen(v))}</td></tr>" for k, v in self.amounts.items()
        )
        return (
            f"<div class='kisoku-decision'><h4>{e(self._data.get('title') or self.program)}</h4>"
            f"<p><b>verdict:</b> {e(self.verdict)}</p>"
            f"<table>{amounts}</table>"
            f"<table><tr><th></th><th>condition</th><th>citation</th><th>result</th></tr>{rows}</table>"
            f"<details><summary>explanation</summary><pre>{e(self.explain('ja'))}</pre></details></div>"
        )


class _KeptDecision:
    """A decision's JSON and its texts, kept in place of the core's decision by an unpickled Decision."""

    def __init__(self, json_text: bytes, texts: Mapping[str, str]) -> None:
        self._json = json_text
        self._texts = dict(texts)

    def json(self) -> bytes:
        return self._json

    def text(self, lang: str) -> str:
        # As the core does: English for "en", Japanese for anything else.
        return self._texts["en" if lang == "en" else "ja"]


def _kept_decision(summary: Mapping[str, Any], json_text: bytes, texts: Mapping[str, str]) -> Decision:
    """A Decision made again from what Decision.__reduce__ kept."""
    return Decision(summary, _KeptDecision(json_text, texts))


def format_yen(value: Optional[Number]) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return f"{int(value):,}円"
    return f"{value}円"


def _problems(errors: Iterable[Mapping[str, str]]) -> list[InputProblem]:
    return [InputProblem(e["path"], e["code"], e["message"]) for e in errors]


class NativeCodeWarning(UserWarning):
    """Rules that could not be compiled to native code (Program.compile_native): no compiler, a
    cache directory that cannot be written, … The rules are decided by the interpreter instead,
    with the same decisions."""


# kisoku's headers, installed with the package for Program.compile_native.
_HEADERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


class Program:
    """A program's rules (one or several fiscal years), loaded and compiled; safe to share across threads.

    It pickles as its rule texts and supplied parameters, so that the workers of a process pool or
    of a cluster load the same rules without the files.
    """

    def __init__(self, core: Any, diagnostics: Sequence[Diagnostic]) -> None:
        self._core = core
        self.diagnostics = list(diagnostics)  # Warnings of a program that loaded.

    @property
    def name(self) -> str:
        return str(self._core.name())

    @property
    def title(self) -> str:
        return str(self._core.title())

    @property
    def fiscal_years(self) -> list[int]:
        return list(self._core.years())

    def input_schema(self, fiscal_year: Optional[int] = None) -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of the applications of a fiscal year (default: the latest).

        For the forms of a portal and early checks: every application kisoku accepts is valid
        against it, and kisoku's own input errors remain the final word (see docs/embedding.md).
        Raises ValueError for a fiscal year the program has no rules for.
        """
        schema: dict[str, Any] = json.loads(self._core.input_schema(fiscal_year or 0))
        return schema

    def with_parameters(self, **params: Union[str, int, Decimal, Fraction]) -> "Program":
        """A copy with caller-supplied parameters (`param … required`), such as 補助率="1/2"."""
        core = self._core
        for name, value in params.items():
            try:
                core = core.with_parameter(name, str(value))
            except ValueError as error:
                raise InputError([InputProblem(f"param {name}", "input-parameter", str(error))]) from None
        return Program(core, self.diagnostics)

    def compile_native(
        self,
        cache_directory: Union[str, "os.PathLike[str]"],
        *,
        compiler: Optional[str] = None,
        include_directories: Optional[Sequence[str]] = None,
        timeout: int = 300,
        lang: str = "en",
    ) -> list[int]:
        """Compiles each fiscal year's rules to native code, and decides with it from now on.

        The rules are written as C++ and compiled by the machine's compiler (`compiler`, else $CXX,
        else c++) into a shared library kept in `cache_directory`, where a later call, in this
        process or another, finds it without compiling. The decisions are the same, sooner. A year
        that cannot be compiled gives a NativeCodeWarning and is decided by the interpreter, as
        before; so is one whose compiler runs longer than `timeout` seconds (0: no limit), which is
        then stopped. Ctrl-C while it compiles stops the compiler and raises KeyboardInterrupt.
        Returns the fiscal years decided with native code. Call it before evaluating from
        other threads; compiled rules are not pickled (call it again in a worker: it loads them
        from the cache). See docs/embedding.md, "Rules compiled while the host runs".
        """
        if include_directories is None:
            include_directories = [_HEADERS] if os.path.isdir(_HEADERS) else []
        if timeout < 0:
            raise ValueError("timeout must be a number of seconds, 0 for no limit")
        problems = self._core.compile_native(
            os.path.expanduser(os.fspath(cache_directory)), list(include_directories), compiler or "", int(timeout), lang
        )
        for problem in problems:
            warnings.warn(problem, NativeCodeWarning, stacklevel=2)
        return list(self._core.native_years())

    def evaluate(self, application: Application, *, fiscal_year: Optional[int] = None, lang: str = "en") -> Decision:
        """Evaluates one application (a dict, or JSON text). Raises InputError when it is malformed."""
        decision, errors, summary = _core.evaluate(self._core, application, fiscal_year or 0, lang)
        if decision is None or summary is None:
            raise InputError(_problems(errors))
        return Decision(summary, decision)

    def evaluate_many(
        self,
        rows: Any,
        *,
        fiscal_year: Optional[int] = None,
        threads: Optional[int] = None,
        progress: bool = False,
        json_column: Optional[str] = None,
        full: bool = False,
        lang: str = "en",
    ) -> Any:
        """Evaluates many applications on several threads; returns a pandas DataFrame.

        `rows` is a list of dicts (or JSON texts) or a DataFrame whose columns are the input's
        fields (nested lists as list columns), or whose `json_column` holds each application as
        JSON. The result has one row per application: verdict, one column per amount (exact),
        reasons (the failed conditions), missing (input paths) and error (a row's input errors:
        a bad row never stops the others).
        """
        import pandas as pd

        index = None
        if isinstance(rows, pd.DataFrame):
            index = rows.index
            if json_column is not None:
                items: list[Any] = list(rows[json_column])
            else:
                items = rows.to_dict("records")
                items = [{k: v for k, v in r.items() if not _is_missing(v)} for r in items]
        else:
            items = list(rows)
        bar = None
        callback = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(items), unit="application")
            callback = bar.update
        try:
            columns = _core.evaluate_many(self._core, items, fiscal_year or 0, threads or 0, lang, full, callback, exact=_number)
        finally:
            if bar is not None:
                bar.close()
        data: dict[str, list[Any]] = {"verdict": columns["verdict"]}
        for name, values in columns["amounts"].items():
            data[name] = values  # Exact numbers already (made by _number).
        data["reasons"] = columns["reasons"]
        data["missing"] = columns["missing"]
        data["error"] = columns["error"]
        if full:
            data["decision"] = columns["decision"]
        return pd.DataFrame(data, index=index)

    def __repr__(self) -> str:
        return f"<Program {self.name} FY{self.fiscal_years}>"


def _is_missing(value: Any) -> bool:
    """A DataFrame cell that stands for "not given": None or NaN (lists and dicts are values)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return False


def _load(path: str, text: str, params: Optional[Mapping[str, Any]], lang: str) -> Program:
    core, diagnostics = _core.load(path, text, lang)
    found = [Diagnostic(**d) for d in diagnostics]
    if core is None:
        raise RuleError(found)
    program = Program(core, found)
    if params:
        program = program.with_parameters(**params)
    return program


def load(path: Union[str, "os.PathLike[str]"], *, params: Optional[Mapping[str, Any]] = None, lang: str = "en") -> Program:
    """Loads a rule file, or a directory with one rule file per fiscal year. Raises RuleError."""
    return _load(os.fspath(path), "", params, lang)


def loads(text: str, *, name: str = "<rules>", params: Optional[Mapping[str, Any]] = None, lang: str = "en") -> Program:
    """Loads rules from text. Raises RuleError."""
    return _load(name, text, params, lang)


def calc(expression: str, *, display: bool = False) -> str:
    """Evaluates an expression exactly, as `kisoku calc` does: "900000円 * 2/3" gives "600000円"."""
    value, error = _core.calc(expression, display)
    if value is None:
        raise ValueError(error)
    return str(value)


class TestRun(NamedTuple):
    """What `run_tests` found: the counts of passing and failing cases, and the report as printed."""

    passed: int
    failed: int
    report: str

    @property
    def ok(self) -> bool:
        return self.failed == 0


def run_tests(
    *paths: Union[str, "os.PathLike[str]"],
    verbose: bool = False,
    write: Optional[Callable[[str], Any]] = None,
    lang: str = "en",
) -> TestRun:
    """Runs the test cases written as data beside rule files (NAME.tests.yaml), as `kisoku test` does.

    Each path is a test file, a rule file (the tests beside it) or a directory searched for test
    files. The report lists the failing cases, expected against actual (every case when `verbose`),
    and ends with "N passed, N failed"; `write`, when given, receives it piece by piece as each
    file finishes. `lang="ja"` words the report in Japanese. A path that cannot be read or holds no
    test file raises FileNotFoundError.
    """
    pieces: list[str] = []

    def collect(text: str) -> None:
        pieces.append(text)
        if write is not None:
            write(text)

    passed, failed, usage_error = _core.run_tests([os.fspath(p) for p in paths], verbose, collect, lang)
    if usage_error:
        raise FileNotFoundError(usage_error)
    return TestRun(passed, failed, "".join(pieces))


class RulesChange(NamedTuple):
    """What `diff` found: whether any application's result changes, and the report as printed."""

    changed: bool
    report: str


def diff(
    before: Program,
    after: Program,
    applications: Iterable[Union[str, Mapping[str, Any]]],
    *,
    lang: str = "en",
    write: Optional[Callable[[str], Any]] = None,
) -> RulesChange:
    """Decides the same applications with two programs, as `kisoku diff` does.

    `before` and `after` are two fiscal years of a program, or a rule file before and after an
    edit (a program of one year is applied to every application whatever its date). For each
    application whose verdict, amounts or conditions change, the report says what changes; its
    last line counts the applications changed and unchanged. `applications` are JSON texts or
    dicts, named in the report by their position ("line 1", …); `write`, when given, receives the
    report piece by piece.
    """
    compared = _core.RulesDiff(before._core, after._core, lang)
    pieces: list[str] = []

    def emit(text: str) -> None:
        if text:
            pieces.append(text)
            if write is not None:
                write(text)

    for number, application in enumerate(applications, start=1):
        text = application if isinstance(application, str) else json.dumps(application, ensure_ascii=False)
        emit(compared.application(text, compared.line(number)))
    emit(compared.summary())
    return RulesChange(compared.changed(), "".join(pieces))
