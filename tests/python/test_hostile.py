"""Hostile input through the Python bindings: kisoku's own exceptions, never a crash; a bad row
of a batch loses no other row."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest

import kisoku

RULES = """
program P {
  fiscal_year 2025
}
record 行 { 金額: yen }
input 申請 {
  名称: text
  件数: int
  率: number
  行: list<行>
}
amount 合計: yen = sum(行, 金額)
"""


@pytest.fixture(scope="module")
def program() -> kisoku.Program:
    return kisoku.loads(RULES)


def codes(program: kisoku.Program, application: Any) -> list[tuple[str, str]]:
    with pytest.raises(kisoku.InputError) as caught:
        program.evaluate(application)
    return [(e.path, e.code) for e in caught.value.errors]


def test_malformed_text(program: kisoku.Program) -> None:
    assert codes(program, b'{"\xe5\x90\x8d\xe7\xa7\xb0": "a\xff"}') == [("$.名称", "input-not-json")]
    assert codes(program, {"名称": "a\ud800"}) == [("$.名称", "input-invalid-value")]
    assert codes(program, {"名称": "a\x00b"}) == [("$.名称", "input-control-character")]
    assert codes(program, '{"名称": "a"}\x00garbage') == [("$", "input-not-json")]


def test_deep_and_self_referencing_values(program: kisoku.Program) -> None:
    deep: Any = []
    for _ in range(10_000):
        deep = [deep]
    assert codes(program, {"行": deep}) == [("$.行[0]", "input-type")]
    loop: dict[str, Any] = {}
    loop["名称"] = loop
    assert codes(program, loop) == [("$.名称", "input-type")]
    nested: dict[str, Any] = {}
    cursor = nested
    for _ in range(500):
        cursor["x"] = {}
        cursor = cursor["x"]
    assert codes(program, nested)[0][1].startswith("input-unknown-field")


def test_numbers(program: kisoku.Program) -> None:
    assert codes(program, {"件数": 10**100_000}) == [("$.件数", "input-invalid-value")]
    assert codes(program, {"件数": 10**2000}) == [("$.件数", "input-number-too-large")]
    assert codes(program, {"率": math.inf}) == [("$.率", "input-malformed-number")]
    assert codes(program, {"率": Decimal("Infinity")}) == [("$.率", "input-malformed-number")]
    assert codes(program, {"件数": 1.5}) == [("$.件数", "input-not-whole")]
    assert codes(program, {"行": [{"金額": 0.1}]}) == [("$.行[0].金額", "input-yen-fraction")]
    # NaN and None are "not given".
    assert program.evaluate({"率": math.nan, "件数": None, "行": [{"金額": -0.0}]}).amounts["合計"] == 0


def test_wrong_types_everywhere(program: kisoku.Program) -> None:
    assert codes(program, {"名称": 1, "件数": "三", "率": [], "行": {"金額": 1}}) == [
        ("$.名称", "input-type"),
        ("$.件数", "input-malformed-number"),
        ("$.率", "input-type"),
        ("$.行", "input-type"),
    ]
    assert codes(program, [1, 2]) == [("$", "input-type")]
    assert codes(program, None) == [("$", "input-type")]
    assert codes(program, {"名称": "a", "名称 ": "b", 3: "c"}) == [
        ("$[\"名称 \"]", "input-unknown-field-suggest"),
        ("$.3", "input-unknown-field-suggest"),
    ]


def test_huge_lists_and_batches_keep_every_row(program: kisoku.Program) -> None:
    assert codes(program, {"行": [{"金額": 1}] * 100_001}) == [("$.行[100000]", "input-list-too-long")]
    rows: list[Any] = [{"行": [{"金額": i}]} for i in range(100)]
    rows[10] = {"行": [{"金額": 0.5}]}
    rows[20] = "{not json"
    rows[30] = {"名称": "a\ud800"}
    rows[40] = [1]
    result = program.evaluate_many(rows)
    bad = {10, 20, 30, 40}
    assert [i for i, v in enumerate(result["verdict"]) if v == "error"] == sorted(bad)
    assert all(result.loc[i, "合計"] == Decimal(i) for i in range(100) if i not in bad)


def test_hostile_rule_files() -> None:
    with pytest.raises(kisoku.RuleError) as caught:
        kisoku.loads("program P {\n  fiscal_year 2025\n}\nnote \"a\x00b\"\n")
    assert caught.value.diagnostics[0].code == "control-character"
    with pytest.raises(kisoku.RuleError) as caught:
        kisoku.loads("program P { fiscal_year 2025 }\namount a: yen = " + "(" * 100_000 + "1円" + ")" * 100_000)
    assert caught.value.diagnostics[0].code == "syntax-too-deep"
    with pytest.raises(kisoku.RuleError) as caught:
        kisoku.loads("program P { fiscal_year 2025 }\nvalue " + "x" * 10_000 + ": yen = 1円")
    assert caught.value.diagnostics[0].code == "identifier-too-long"
