"""Python: a batch (Program.evaluate_many) against one call per application (Program.evaluate).

Both run in the same process on the same generated DX LAB FY2025 applications and must give the
same verdicts and amounts; the report is the time per application of each and their ratio.

    build/venv/bin/python benchmarks/python_batch.py [--applications N] [--threads T]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import kisoku

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules" / "ktq" / "dxlab" / "2025.kisoku"

CATEGORIES = ["備品費", "賃借料", "その他活動経費", "その他活動経費", "食糧費", "労務費"]
KINDS = ["業界共通課題の解決", "非競争領域のノウハウ共有", "自社固有課題の解決"]


def member(rng: random.Random, k: int) -> dict[str, Any]:
    return {
        "名称": f"構成員{k}",
        "法人": rng.random() < 0.85,
        "市内事業所": rng.random() < 0.8,
        "事業所設置誓約": rng.random() < 0.1,
        "企画運営": rng.random() < 0.7,
        "活動会員": rng.random() < 0.6,
        "プラットフォーム登録済": rng.random() < 0.9,
        "暴力団等": rng.random() < 0.01,
    }


def application(rng: random.Random, i: int) -> dict[str, Any]:
    """A realistic DX LAB application: 1–10 members, 1–20 expense lines, some left incomplete."""
    members = [member(rng, k) for k in range(rng.randint(1, 10))]
    expenses = [
        {
            "区分": rng.choice(CATEGORIES),
            "内容": f"経費{j}",
            "金額": rng.randrange(1_000, 120_000, 1_000),
            "支出日": f"{rng.choice([2025, 2025, 2025, 2026])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        for j in range(rng.randint(1, 20))
    ]
    app: dict[str, Any] = {
        "申請日": "2025-05-20",
        "活動種別": rng.choice(["DX共創準備枠", "DX共創実践枠"]),
        "団体名称": f"団体{i}",
        "設立状況": rng.choice(["新設予定", "設立済"]),
        "代表構成員": members[0],
        "構成員": members,
        "団体規約": rng.choice(["確定", "確定", "案"]),
        "活動継続見込": True,
        "活動計画あり": True,
        "経費管理体制": True,
        "活動記録報告体制": True,
        "宗教政治目的": False,
        "今年度の他の公的助成委託": rng.random() < 0.05,
        "主な活動場所が北九州地域": True,
        "他者との共創によるDX活動": True,
        "課題の類型": rng.choice(KINDS),
        "親睦交流のみ": False,
        "自社製品紹介にとどまる": False,
        "経費": expenses,
        "外部参加費収入": rng.randrange(0, 50_000, 1_000),
        "寄付金収入": 0,
        "自主財源": rng.randrange(0, 30_000, 1_000),
        "有意性あり": True,
        "共創性あり": True,
        "自走性あり": True,
    }
    if rng.random() < 0.1:  # Incomplete: the applicant has not answered everything yet.
        for key in rng.sample(["活動継続見込", "経費管理体制", "外部参加費収入", "課題の類型"], 2):
            app.pop(key, None)
        app["課題の類型"] = app.get("課題の類型", KINDS[0])
    return app


def generate(n: int, seed: int = 2025) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [application(rng, i) for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=0, help="0: one per core")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    program = kisoku.load(RULES)
    rows = generate(args.applications)
    # Warm up both paths (imports, first allocations) outside the timed runs.
    program.evaluate_many(rows[:10])
    program.evaluate(rows[0])

    start = time.perf_counter()
    singles = [program.evaluate(r) for r in rows]
    per_call = (time.perf_counter() - start) / len(rows)

    start = time.perf_counter()
    batch = program.evaluate_many(rows, threads=args.threads or None)
    batched = (time.perf_counter() - start) / len(rows)

    # The same answers, or the figures mean nothing.
    for i, single in enumerate(singles):
        assert batch["verdict"].iloc[i] == single.verdict, i
        assert batch["助成額"].iloc[i] == single.amounts["助成額"], i

    figures = {
        "applications": len(rows),
        "threads": args.threads or os.cpu_count(),
        "evaluate_us": round(per_call * 1e6, 2),
        "evaluate_many_us": round(batched * 1e6, 2),
        "ratio": round(per_call / batched, 1),
        "verdicts": {v: int((batch["verdict"] == v).sum()) for v in ("eligible", "ineligible", "undetermined", "error")},
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(f"{len(rows)} DX LAB FY2025 applications, {figures['threads']} threads")
        print(f"  Program.evaluate, one call each : {figures['evaluate_us']:8.2f} µs per application")
        print(f"  Program.evaluate_many (batch)   : {figures['evaluate_many_us']:8.2f} µs per application")
        print(f"  batch is {figures['ratio']}× faster per application; verdicts {figures['verdicts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
