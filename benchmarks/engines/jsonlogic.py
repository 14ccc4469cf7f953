"""JSON Logic through datalogic-py: the rules as one JSON Logic rule, dxlab_2025.jsonlogic.json.

The rule is an array of two rules, [verdict, 助成額], compiled once; each application's JSON text
is evaluated in one Session (datalogic's hot-loop API, one memory arena reused).

JSON Logic has no unknown value and no variables. Three-valued logic is written out as two
two-valued rules per condition: "certainly true" (every input it needs is given and makes it true)
and "certainly false"; the verdict is ineligible when some condition is certainly false, eligible
when all are certainly true, undetermined otherwise. Every `all(xs, p)` is written as
`none(xs, !p)`, because JSON Logic's `all` is false on an empty list. 助成額 is null when an income
is not given or an eligible expense that would add more than 0円 has no date.

Numbers: datalogic keeps integers as i64 and other numbers as f64 (no exact decimals); every value
here is whole yen, so the sums are exact. Amounts written as text ("15,000円") are read with the
core operators cat and substr and datalogic's `split` extension (not in the JSON Logic core).
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from common import HERE, Answer, Engine, pair, whole_yen

RULE = HERE / "dxlab_2025.jsonlogic.json"


class JsonLogic(Engine):
    key = "jsonlogic"
    title = "JSON Logic (datalogic-py)"
    notes = (
        "one rule [verdict, 助成額], compiled once, Session.evaluate per JSON text; three-valued logic "
        "written out as certainly-true/certainly-false rules; i64/f64 numbers, not decimals; "
        "uses datalogic's split extension for \"15,000円\""
    )
    module = "datalogic_py"

    def __init__(self) -> None:
        self.rule: Any = None
        self.session: Any = None

    def prepare(self) -> None:
        import datalogic_py

        engine = datalogic_py.Engine()
        rule = json.loads(RULE.read_text(encoding="utf-8"))
        problems = engine.check(rule)
        if problems:
            raise ValueError(f"{RULE.name}: {problems}")
        self.rule = engine.compile(rule)
        self.session = engine.session()
        self.engine = engine

    def run(self, texts: Sequence[str]) -> Sequence[object]:
        evaluate, rule = self.session.evaluate, self.rule
        return [evaluate(rule, t) for t in texts]

    def answer(self, result: object) -> Answer:
        verdict, amount = pair(result)
        return Answer(str(verdict), whole_yen(amount))
