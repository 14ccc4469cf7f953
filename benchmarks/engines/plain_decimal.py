"""The DX LAB FY2025 rules written by hand in plain Python, with `decimal` for the amounts.

This is what a developer without a rules engine would write: json.loads, one function with the
conditions of 対象活動 and 対象団体 and the formula of 助成額, exact decimals for yen. Like
evaluate_by_hand in benchmarks/eval_benchmark.cpp it is three-valued: a declaration that is left out
or null is unknown (None), a condition that depends on it is unknown unless the other operands
decide it, and the verdict is undetermined when no condition fails but some are unknown; 助成額 is
unknown when an income is unknown or an eligible expense that would add more than 0円 has no date.
Like the C++ version it expects the enums (活動種別, 設立状況, 団体規約, 課題の類型, 区分) and the
lists to be given, as every generated application gives them.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Optional, Sequence

from common import Answer, Engine, pair, whole_yen

Tri = Optional[bool]  # True, False, or None for unknown.

PERIOD_FIRST = date(2025, 4, 1)  # 対象期間
PERIOD_LAST = date(2026, 3, 31)
CAP = {"DX共創準備枠": Decimal(200000), "DX共創実践枠": Decimal(300000)}  # 上限額
RATE = {"DX共創準備枠": Decimal(1), "DX共創実践枠": Decimal(1)}  # 助成率 1/1
ELIGIBLE_EXPENSES = frozenset({"備品費", "賃借料", "その他活動経費"})  # not 食糧費, 労務費
ISSUES = frozenset({"業界共通課題の解決", "非競争領域のノウハウ共有"})
ZERO = Decimal(0)


def tri(value: Any) -> Tri:
    """A declaration: True, False, or None when it is left out or null."""
    return value if isinstance(value, bool) else None


def t_not(a: Tri) -> Tri:
    return None if a is None else not a


def t_and(*values: Tri) -> Tri:
    if False in values:
        return False
    return None if None in values else True


def t_or(*values: Tri) -> Tri:
    if True in values:
        return True
    return None if None in values else False


def at_least(n: int, items: Sequence[Tri]) -> Tri:
    """count(items where …) >= n, when some items are unknown."""
    sure = sum(1 for t in items if t is True)
    maybe = sum(1 for t in items if t is None)
    return True if sure >= n else False if sure + maybe < n else None


def yen(value: Any) -> Optional[Decimal]:
    """An amount of yen: a number, or text as staff write it ("15,000円")."""
    if value is None:
        return None
    if isinstance(value, str):
        return Decimal(value.removesuffix("円").replace(",", ""))
    return Decimal(value)


def decide(a: dict[str, Any]) -> tuple[str, Optional[Decimal]]:
    """The verdict and 助成額 (None when unknown) of one application."""
    rep = a.get("代表構成員") or {}
    members: list[dict[str, Any]] = a["構成員"]
    kind = a["活動種別"]

    conditions: list[Tri] = [
        # 対象活動 [deck p.23]
        tri(a.get("主な活動場所が北九州地域")),
        tri(a.get("他者との共創によるDX活動")),
        a["課題の類型"] in ISSUES,
        t_not(tri(a.get("親睦交流のみ"))),
        t_not(tri(a.get("自社製品紹介にとどまる"))),
        # 対象団体 [deck p.25]
        tri(a.get("活動継続見込")),
        t_and(tri(rep.get("法人")), t_or(tri(rep.get("市内事業所")), tri(rep.get("事業所設置誓約")))),  # ①
    ]
    if kind != "DX共創準備枠":  # ② unless DX共創準備枠
        conditions.append(
            t_and(
                at_least(3, [tri(m.get("法人")) for m in members]),
                at_least(3, [tri(m.get("企画運営")) for m in members]),
            )
        )
    # ③ the representative, and every active member that is a corporation outside the city
    outside_registered: list[Tri] = []
    for m in members:
        outside = t_and(tri(m.get("活動会員")), tri(m.get("法人")), t_not(tri(m.get("市内事業所"))))
        outside_registered.append(t_or(t_not(outside), tri(m.get("プラットフォーム登録済"))))
    conditions.append(t_and(tri(rep.get("プラットフォーム登録済")), t_and(*outside_registered)))
    bylaws = a["団体規約"]
    conditions.append(bylaws == "確定" or (bylaws == "案" and a["設立状況"] == "新設予定"))  # ④
    conditions.append(t_and(tri(a.get("活動計画あり")), tri(a.get("経費管理体制")), tri(a.get("活動記録報告体制"))))  # ⑤
    conditions.append(t_not(tri(a.get("宗教政治目的"))))  # ⑥
    conditions.append(  # ⑦
        t_and(t_not(tri(rep.get("暴力団等"))), t_not(t_or(*[tri(m.get("暴力団等")) for m in members])))
    )
    conditions.append(t_not(tri(a.get("今年度の他の公的助成委託"))))  # ⑧
    conditions.append(t_or(*[tri(m.get("法人")) for m in members]))  # not individuals only

    if False in conditions:
        verdict = "ineligible"
    elif None in conditions:
        verdict = "undetermined"
    else:
        verdict = "eligible"

    # 助成額 [deck p.26]: the eligible expenses within the period, less income and own funds, capped.
    spending = ZERO
    known = True
    for e in a["経費"]:
        if e["区分"] not in ELIGIBLE_EXPENSES:
            continue
        amount = yen(e.get("金額"))
        day = e.get("支出日")
        if amount is None or day is None:
            # Whether it counts, or how much, is unknown: the total is unknown unless it is 0円.
            if amount != ZERO:
                known = False
            continue
        if PERIOD_FIRST <= date.fromisoformat(day) <= PERIOD_LAST:
            spending += amount
    fees, donations, own_funds = yen(a.get("外部参加費収入")), yen(a.get("寄付金収入")), yen(a.get("自主財源"))
    if not known or fees is None or donations is None or own_funds is None:
        return verdict, None
    base = max(ZERO, spending - (fees + donations) - own_funds)  # 対象経費
    return verdict, min(CAP[kind], base * RATE[kind])


class PlainDecimal(Engine):
    key = "plain"
    title = "plain Python + decimal"
    notes = (
        "hand-written function (json.loads, Decimal, three-valued like evaluate_by_hand); "
        "computes the verdict and 助成額 only"
    )

    def prepare(self) -> None:
        pass

    def run(self, texts: Sequence[str]) -> Sequence[object]:
        return [decide(json.loads(t)) for t in texts]

    def answer(self, result: object) -> Answer:
        verdict, amount = pair(result)
        return Answer(str(verdict), whole_yen(amount))
