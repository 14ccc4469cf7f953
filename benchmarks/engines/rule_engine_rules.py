"""rule-engine (PyPI rule-engine, zeroSteiner): the rules as two rule-engine expressions.

VERDICT and AMOUNT below are rule-engine's own language, parsed once into Rule objects; each
application is json.loads'ed and both rules are evaluated on the dict. rule-engine's symbols are
ASCII only, so the top-level Japanese fields are reached through a resolver that maps an ASCII name
to a field (`kind` → 活動種別); fields of members and expenses are read with `m&['法人']`
(safe navigation: a missing field is null).

rule-engine has no unknown value: `null == false` is false and `true and null` is false, so the
three-valued logic is written out as it is for JSON Logic, a "certainly true" and a "certainly
false" test per condition. Numbers are decimal.Decimal (exact). Amounts written as text
("15,000円") are parsed in the rule with to_str, ends_with, $split and to_int.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from common import Answer, Engine, pair, whole_yen

# The application's top-level fields, by the ASCII names the rules use.
FIELDS = {
    "kind": "活動種別",
    "establishment": "設立状況",
    "rep": "代表構成員",
    "members": "構成員",
    "bylaws": "団体規約",
    "continuing": "活動継続見込",
    "plan": "活動計画あり",
    "accounting": "経費管理体制",
    "reporting": "活動記録報告体制",
    "religious_political": "宗教政治目的",
    "other_public_funding": "今年度の他の公的助成委託",
    "in_kitakyushu": "主な活動場所が北九州地域",
    "co_creation": "他者との共創によるDX活動",
    "issue": "課題の類型",
    "social_only": "親睦交流のみ",
    "product_pr_only": "自社製品紹介にとどまる",
    "expenses": "経費",
    "fees": "外部参加費収入",
    "donations": "寄付金収入",
    "own_funds": "自主財源",
}

# The verdict: ineligible when a condition of 対象活動 or 対象団体 is certainly false, eligible when
# every one is certainly true, undetermined otherwise. One line per condition, false tests first.
VERDICT = """
(
  in_kitakyushu == false or co_creation == false
  or not issue in ['業界共通課題の解決', '非競争領域のノウハウ共有']
  or social_only == true or product_pr_only == true
  or continuing == false
  or rep&['法人'] == false or (rep&['市内事業所'] == false and rep&['事業所設置誓約'] == false)
  or (kind != 'DX共創準備枠' and (
        [m for m in members if m&['法人'] != false].length < 3
        or [m for m in members if m&['企画運営'] != false].length < 3))
  or rep&['プラットフォーム登録済'] == false
  or $any([m&['活動会員'] == true and m&['法人'] == true and m&['市内事業所'] == false
           and m&['プラットフォーム登録済'] == false for m in members])
  or not (bylaws == '確定' or (bylaws == '案' and establishment == '新設予定'))
  or plan == false or accounting == false or reporting == false
  or religious_political == true
  or rep&['暴力団等'] == true or $any([m&['暴力団等'] == true for m in members])
  or other_public_funding == true
  or $all([m&['法人'] == false for m in members])
) ? 'ineligible' : (
  in_kitakyushu == true and co_creation == true
  and issue in ['業界共通課題の解決', '非競争領域のノウハウ共有']
  and social_only == false and product_pr_only == false
  and continuing == true
  and rep&['法人'] == true and (rep&['市内事業所'] == true or rep&['事業所設置誓約'] == true)
  and (kind == 'DX共創準備枠' or (
        [m for m in members if m&['法人'] == true].length >= 3
        and [m for m in members if m&['企画運営'] == true].length >= 3))
  and rep&['プラットフォーム登録済'] == true
  and $all([m&['活動会員'] == false or m&['法人'] == false or m&['市内事業所'] == true
            or m&['プラットフォーム登録済'] == true for m in members])
  and plan == true and accounting == true and reporting == true
  and religious_political == false
  and rep&['暴力団等'] == false and $all([m&['暴力団等'] == false for m in members])
  and other_public_funding == false
  and $any([m&['法人'] == true for m in members])
) ? 'eligible' : 'undetermined'
"""

# An expense's amount in yen, a number or text such as "15,000円": its digits split at the commas,
# each group after the first read as '1' + group less 1000 (to_int refuses a leading zero: "016").
_DIGITS = "$split((e['金額'].to_str.ends_with('円') ? e['金額'].to_str[:-1] : e['金額'].to_str), ',')"
_GROUP = f"(i == 0 ? {_DIGITS}[i].to_int : ('1' + {_DIGITS}[i]).to_int - 1000)"
_TEXT_YEN = f"$sum([{_GROUP} * 1000 ** ({_DIGITS}.length - 1 - i) for i in $range({_DIGITS}.length)])"
_YEN = f"(e['金額'].to_str == e['金額'] ? {_TEXT_YEN} : e['金額'])"  # Text equals its to_str, a number does not.
_ELIGIBLE = "e['区分'] in ['備品費', '賃借料', 'その他活動経費']"

# 助成額: the eligible expenses within 対象期間, less income and own funds, at least 0円, at most
# 上限額 (助成率 1/1); null when an income is unknown or an eligible expense that would add more
# than 0円 has no date.
AMOUNT = f"""
(
  not $any([{_ELIGIBLE} and e&['支出日'] == null and {_YEN} != 0 for e in expenses])
  and fees != null and donations != null and own_funds != null
) ? $min([
  kind == 'DX共創準備枠' ? 200000 : 300000,
  $max([0, $sum([{_YEN} for e in expenses
                 if {_ELIGIBLE} and e&['支出日'] != null
                    and '2025-04-01' <= e['支出日'] and e['支出日'] <= '2026-03-31'])
           - (fees + donations) - own_funds]) * 1
]) : null
"""


class RuleEngine(Engine):
    key = "rule-engine"
    title = "rule-engine"
    notes = (
        "two rules (verdict, 助成額) parsed once; json.loads + both rules per application; "
        "three-valued logic written out as certainly-true/certainly-false tests; Decimal numbers"
    )
    module = "rule_engine"

    def __init__(self) -> None:
        self.rules: list[Any] = []

    def prepare(self) -> None:
        import rule_engine  # type: ignore[import-untyped]

        def resolve(thing: dict[str, Any], name: str) -> Any:
            field = FIELDS.get(name)
            if field is None:
                raise rule_engine.errors.SymbolResolutionError(name)
            return thing.get(field)

        context = rule_engine.Context(resolver=resolve)
        self.rules = [rule_engine.Rule(VERDICT, context=context), rule_engine.Rule(AMOUNT, context=context)]

    def run(self, texts: Sequence[str]) -> Sequence[object]:
        verdict, amount = (r.evaluate for r in self.rules)
        results = []
        for t in texts:
            application = json.loads(t)
            results.append((verdict(application), amount(application)))
        return results

    def answer(self, result: object) -> Answer:
        verdict, amount = pair(result)
        return Answer(str(verdict), whole_yen(amount))
