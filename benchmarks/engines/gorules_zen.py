"""GoRules ZEN (PyPI zen-engine): the rules as a JDM decision graph, dxlab_2025.jdm.json.

The graph has no function (JavaScript) node: two decision tables (経費区分 → 助成対象, run once per
expense; 活動種別 → 上限額 and 助成率), three expression nodes (each expense: its amount in yen,
whether it is dated and within 対象期間; the 15 conditions; 助成額) and a decision table for the
verdict (a condition that fails → ineligible, else one that is unknown → undetermined).

Three-valued logic is written out by hand: each condition is true when the given answers make it
true, false when they make it false, and null otherwise (ZEN itself has no unknown: `not null` and
`null and false` are errors, `null == false` is false). Numbers are rust_decimal in the engine and
come back to Python as float (exact here: whole yen far below 2^53). ZEN's lexer takes ASCII names
only, so the Japanese fields are read as $root['活動種別'] and #['法人'].
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from common import HERE, Answer, Engine, whole_yen

GRAPH = HERE / "dxlab_2025.jdm.json"
KEY = "dxlab_2025"


class Zen(Engine):
    key = "zen"
    title = "GoRules ZEN (zen-engine)"
    notes = (
        "JDM graph: 3 decision tables + 3 expression nodes, no function node; three-valued logic "
        "written out as true/false/null; rust_decimal inside, float in Python; "
        "ZenEngine.evaluate per JSON text (static loader)"
    )
    module = "zen"

    def __init__(self) -> None:
        self.engine: Any = None

    def prepare(self) -> None:
        import zen

        graph = json.loads(GRAPH.read_text(encoding="utf-8"))
        # A static loader: the graph is parsed once and the engine keeps it. (A callback loader is
        # called again on every evaluation, and ZenDecision.evaluate was slower too.)
        self.engine = zen.ZenEngine({"loader": {"type": "static", "content": {KEY: graph}}})
        self.engine.get_decision(KEY).validate()

    def run(self, texts: Sequence[str]) -> Sequence[object]:
        evaluate = self.engine.evaluate
        return [evaluate(KEY, t)["result"] for t in texts]

    def answer(self, result: object) -> Answer:
        assert isinstance(result, dict)
        amount: Optional[Any] = result.get("助成額")
        return Answer(str(result["判定"]), whole_yen(amount))
