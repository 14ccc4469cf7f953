"""kisoku (規則): exact rules for public subsidy and grant programs.

    import kisoku
    program = kisoku.load("rules/ktq/dxlab")
    decision = program.evaluate({...})
    decision.verdict, decision.amounts["助成額"], decision.explain("ja")
"""

from ._api import (
    Check,
    Condition,
    Decision,
    Diagnostic,
    Document,
    InputError,
    InputProblem,
    MissingInput,
    NativeCodeWarning,
    Program,
    RuleError,
    RulesChange,
    TestRun,
    calc,
    diff,
    exact,
    load,
    loads,
    run_tests,
)
from ._core import version as __version__

__all__ = [
    "Check",
    "Condition",
    "Decision",
    "Diagnostic",
    "Document",
    "InputError",
    "InputProblem",
    "MissingInput",
    "NativeCodeWarning",
    "Program",
    "RuleError",
    "RulesChange",
    "TestRun",
    "calc",
    "diff",
    "exact",
    "load",
    "loads",
    "run_tests",
    "__version__",
]
