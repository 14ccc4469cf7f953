"""The Python API: loading, evaluating, exact amounts, errors, batches and threads."""

from __future__ import annotations

import concurrent.futures
import copy
import functools
import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import kisoku

ROOT = Path(__file__).resolve().parents[2]
DXLAB_2025 = ROOT / "rules" / "ktq" / "dxlab" / "2025.kisoku"
SAMPLE = ROOT / "examples" / "dxlab" / "2025-kokura-dx.json"

RATE_RULES = """
program 試算 {
  fiscal_year 2025
}
enum 枠 { 小, 大 }
record 構成員 { 名称: text; 中小企業: bool }
input 申請 {
  枠: 枠 required
  対象経費: yen "対象経費"
  構成員: list<構成員>
}
param 上限額: yen by 枠 { 小: 200万円, 大: 500万円 }
value 率: number = if all(構成員, 中小企業) then 2/3 else 1/2
amount 補助額: yen = min(上限額[枠], round_down(対象経費 * 率, 1000円))
amount 補助率: number = 率
eligibility 要件 {
  "構成員がいること": count(構成員) >= 1
}
"""


@pytest.fixture(scope="module")
def dxlab() -> kisoku.Program:
    return kisoku.load(DXLAB_2025)


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_load_and_evaluate(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    assert dxlab.fiscal_years == [2025]
    decision = dxlab.evaluate(sample)
    assert decision.verdict == "eligible"
    assert decision.amounts["助成額"] == Decimal("300000")
    assert isinstance(decision.amounts["助成額"], Decimal)
    assert decision.failed == []
    assert all(c.result in {"pass", "not_applicable"} for c in decision.conditions)
    assert any("様式第１号" in d.label for d in decision.documents)
    data = decision.to_dict()
    assert data["format"] == "kisoku.decision/1"
    assert json.loads(decision.to_json())["amounts"] == {"助成額": "300000"}


def test_json_text_and_dict_agree(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    from_dict = dxlab.evaluate(sample).to_dict()
    from_text = dxlab.evaluate(json.dumps(sample, ensure_ascii=False)).to_dict()
    assert from_dict == from_text


def test_explain_in_both_languages(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    decision = dxlab.evaluate(sample)
    ja = decision.explain("ja")
    en = decision.explain(lang="en")
    assert "判定: 対象" in ja
    assert "Verdict: eligible" in en
    assert "300,000円" in ja
    html = decision._repr_html_()
    assert "<table>" in html and "eligible" in html


def test_a_decision_stays_that_of_the_application_it_decided(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    # The decision is kept as it was made: a caller that reuses its dict for the next application
    # still gets this one's explanation and JSON.
    application = copy.deepcopy(sample)
    decision = dxlab.evaluate(application)
    ja, text = decision.explain("ja"), decision.to_json()
    application["経費"] = []
    application["活動種別"] = "DX共創準備枠"
    assert decision.explain("ja") == ja
    assert decision.to_json() == text
    assert json.loads(decision.to_json(indent=2)) == decision.to_dict() == json.loads(text)
    changed = dxlab.evaluate(application)
    assert changed.explain("ja") != ja and changed.to_json() != text
    assert dxlab.evaluate(sample).explain("en") == decision.explain("en")


def test_exact_amounts_with_fractions_and_rounding() -> None:
    program = kisoku.loads(RATE_RULES)
    members = [{"名称": "A", "中小企業": True}, {"名称": "B", "中小企業": True}]
    decision = program.evaluate({"枠": "小", "対象経費": 1_000_000, "構成員": members})
    # 1,000,000 × 2/3 = 666,666.66… rounded down to whole thousands.
    assert decision.amounts["補助額"] == Decimal("666000")
    assert decision.amounts["補助率"] == Fraction(2, 3)
    members[1]["中小企業"] = False
    decision = program.evaluate({"枠": "小", "対象経費": "900,000円", "構成員": members})
    assert decision.amounts["補助額"] == Decimal("450000")
    assert decision.amounts["補助率"] == Decimal("0.5")


def test_money_as_int_decimal_or_text_and_fractions_refused() -> None:
    program = kisoku.loads(RATE_RULES)
    members = [{"名称": "A", "中小企業": True}]
    for money in (900000, Decimal("900000"), "900,000円", "90万円", 900000.0):
        assert program.evaluate({"枠": "小", "対象経費": money, "構成員": members}).amounts["補助額"] == Decimal("600000")
    for money in (900000.5, Decimal("900000.5"), "900000.5円"):
        with pytest.raises(kisoku.InputError) as caught:
            program.evaluate({"枠": "小", "対象経費": money, "構成員": members})
        assert caught.value.path == "$.対象経費"
        assert caught.value.errors[0].code == "input-yen-fraction"


def test_unknown_inputs_are_asked_for() -> None:
    program = kisoku.loads(RATE_RULES)
    decision = program.evaluate({"枠": "大", "構成員": [{"名称": "A", "中小企業": None}]})
    assert decision.verdict == "eligible"
    assert decision.amounts["補助額"] is None
    # 中小企業 enters both amounts (through 率), 対象経費 one: the more decisive comes first.
    assert decision.missing == ["$.構成員[0].中小企業", "$.対象経費"]
    assert decision.missing_details[1].label == "対象経費"


def test_input_errors_carry_paths(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    bad = copy.deepcopy(sample)
    bad["構成員"][2]["法人"] = "はい"
    bad["活動種別"] = "実践"
    bad["想定外"] = 1
    with pytest.raises(kisoku.InputError) as caught:
        dxlab.evaluate(bad)
    paths = {e.path: e.code for e in caught.value.errors}
    assert paths == {
        "$.構成員[2].法人": "input-type",
        "$.活動種別": "input-unknown-enum-value",
        "$.想定外": "input-unknown-field",
    }
    assert isinstance(caught.value, ValueError)
    with pytest.raises(kisoku.InputError) as caught:
        dxlab.evaluate("{not json")
    assert caught.value.errors[0].code == "input-not-json"


def test_rule_errors_carry_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.kisoku"
    broken.write_text("program P {\n  fiscal_year 2025\n}\namount 額: yen = 存在しない * 2\n", encoding="utf-8")
    with pytest.raises(kisoku.RuleError) as caught:
        kisoku.load(broken)
    first = caught.value.diagnostics[0]
    assert (first.file, first.line, first.column, first.code) == (str(broken), 4, 17, "unknown-name")
    assert "broken.kisoku:4:17" in str(caught.value)
    with pytest.raises(kisoku.RuleError):
        kisoku.load(tmp_path / "absent.kisoku")


def test_required_parameters() -> None:
    rules = RATE_RULES.replace("value 率: number = if all(構成員, 中小企業) then 2/3 else 1/2", 'param 率: number required "要領に記載なし"')
    program = kisoku.loads(rules)
    with pytest.raises(kisoku.InputError) as caught:
        program.evaluate({"枠": "小", "対象経費": 300000, "構成員": []})
    assert caught.value.errors[0].path == "param 率"
    decision = program.with_parameters(率="1/2").evaluate({"枠": "小", "対象経費": 300000, "構成員": []})
    assert decision.amounts["補助額"] == Decimal("150000")
    with pytest.raises(kisoku.InputError):
        program.with_parameters(存在しない="1/2")


def test_batch_from_dataframe_with_a_bad_row(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    rows = [copy.deepcopy(sample) for _ in range(6)]
    rows[1]["活動種別"] = "存在しない枠"
    rows[2]["経費"][0]["金額"] = 1000.5
    del rows[3]["活動継続見込"]
    rows[4]["代表構成員"]["法人"] = False
    frame = pd.DataFrame(rows)
    result = dxlab.evaluate_many(frame, threads=3)
    assert list(result.index) == list(frame.index)
    assert list(result["verdict"]) == ["eligible", "error", "error", "undetermined", "ineligible", "eligible"]
    assert result.loc[0, "助成額"] == Decimal("300000")
    assert "$.活動種別" in result.loc[1, "error"]
    assert "$.経費[0].金額" in result.loc[2, "error"]
    assert result.loc[3, "missing"] == ["$.活動継続見込"]
    assert result.loc[4, "reasons"].startswith("①")
    assert pd.isna(result.loc[5, "error"])


def test_batch_from_json_column_and_list(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    texts = [json.dumps(sample, ensure_ascii=False)] * 3
    by_column = dxlab.evaluate_many(pd.DataFrame({"application": texts}), json_column="application")
    by_list = dxlab.evaluate_many(texts, progress=False)
    assert list(by_column["verdict"]) == list(by_list["verdict"]) == ["eligible"] * 3
    with_progress = dxlab.evaluate_many([sample] * 5000, progress=True, threads=2)
    assert (with_progress["助成額"] == Decimal("300000")).all()
    # JSON as bytes, texts and dicts mixed, one text broken: each row decided on its own.
    broken = texts[0][:-1]
    mixed = dxlab.evaluate_many([texts[0].encode(), sample, broken, texts[0], "\ud800"], threads=2)
    assert list(mixed["verdict"]) == ["eligible", "eligible", "error", "eligible", "error"]
    assert list(mixed["助成額"])[:2] == [Decimal("300000")] * 2 and mixed.loc[2, "助成額"] is None
    assert "surrogate" in mixed.loc[4, "error"]


def test_batch_matches_single_evaluations(sample: dict[str, Any]) -> None:
    program = kisoku.loads(RATE_RULES)
    n = 5000  # Over two chunks of the batch, whose rows' storage is reused from chunk to chunk.
    rows: list[dict[str, Any]] = [
        {"枠": "小" if i % 2 else "大", "対象経費": 10_000 * i, "構成員": [{"名称": "A", "中小企業": i % 3 != 0}]}
        for i in range(n)
    ]
    # Some rows incomplete: an amount unknown on an eligible row, a verdict undetermined, or a
    # condition failed; the batch's missing inputs and reasons are the full decision's.
    for i in range(0, n, 5):
        del rows[i]["対象経費"]
    for i in range(1, n, 7):
        del rows[i]["構成員"][0]["中小企業"]
    for i in range(2, n, 11):
        del rows[i]["構成員"]
    for i in range(3, n, 13):
        rows[i]["構成員"] = []
    # And some rows with input errors, among rows without.
    for i in range(4, n, 17):
        rows[i]["対象経費"] = "不明"
    batch = program.evaluate_many(rows, threads=4)
    kinds = set()
    for i, row in enumerate(rows):
        if i % 17 == 4:
            with pytest.raises(kisoku.InputError):
                program.evaluate(row)
            assert batch.loc[i, "verdict"] == "error" and "$.対象経費" in batch.loc[i, "error"]
            assert batch.loc[i, "補助額"] is None and batch.loc[i, "missing"] == []
            continue
        single = program.evaluate(row)
        assert pd.isna(batch.loc[i, "error"])
        kinds.add((single.verdict, single.amounts["補助額"] is None))
        assert batch.loc[i, "verdict"] == single.verdict
        # Every amount the same exact number, of the same type: whole yen as Decimal, 2/3 as
        # Fraction (made once per distinct value and shared by the rows).
        for name in ("補助額", "補助率"):
            assert batch.loc[i, name] == single.amounts[name]
            assert type(batch.loc[i, name]) is type(single.amounts[name])
        assert batch.loc[i, "missing"] == single.missing
        assert batch.loc[i, "reasons"] == "; ".join(c.label for c in single.failed)
    assert {("eligible", False), ("eligible", True), ("undetermined", True)} <= kinds
    assert "ineligible" in {verdict for verdict, _ in kinds}


def test_concurrent_use_from_threads(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    variants = []
    for i in range(40):
        app = copy.deepcopy(sample)
        app["経費"][0]["金額"] = 10_000 * i
        app["外部参加費収入"] = 5_000 * (i % 7)
        variants.append(app)
    expected = [dxlab.evaluate(v).to_dict() for v in variants]
    results: dict[int, list[dict[str, Any]]] = {}

    def work(k: int) -> None:
        results[k] = [dxlab.evaluate(v).to_dict() for v in variants]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))


def _decide_all(program: kisoku.Program, applications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a worker process returns: each application's decision as a dict."""
    return [program.evaluate(a).to_dict() for a in applications]


def test_programs_and_decisions_pickle_for_other_processes(tmp_path: Path, sample: dict[str, Any]) -> None:
    # A directory of two fiscal years, loaded from the files, goes to another process as its rule
    # texts: the copy decides alike even once the files are gone.
    years = tmp_path / "dxlab"
    years.mkdir()
    for year in ("2024", "2025"):
        (years / f"{year}.kisoku").write_bytes((DXLAB_2025.parent / f"{year}.kisoku").read_bytes())
    program = kisoku.load(years)
    copied = pickle.loads(pickle.dumps(program))
    for year in ("2024", "2025"):
        (years / f"{year}.kisoku").unlink()
    assert copied.fiscal_years == [2024, 2025] and copied.name == program.name and copied.title == program.title
    assert copied.diagnostics == program.diagnostics
    assert copied.evaluate(sample).to_dict() == program.evaluate(sample).to_dict()
    assert copied.input_schema(2024) == program.input_schema(2024)

    # Supplied parameters travel with the rules.
    rules = RATE_RULES.replace("value 率: number = if all(構成員, 中小企業) then 2/3 else 1/2", 'param 率: number required "要領に記載なし"')
    with_rate = pickle.loads(pickle.dumps(kisoku.loads(rules).with_parameters(率="1/2")))
    assert with_rate.evaluate({"枠": "小", "対象経費": 300000, "構成員": []}).amounts["補助額"] == Decimal("150000")

    # A decision pickles with everything it shows.
    decision = program.evaluate(sample)
    back = pickle.loads(pickle.dumps(decision))
    assert (back.verdict, back.amounts, back.missing) == (decision.verdict, decision.amounts, decision.missing)
    assert back.to_dict() == decision.to_dict() and back.conditions == decision.conditions
    assert back.explain("ja") == decision.explain("ja") and back.explain("en") == decision.explain("en")

    # State that is not a program's is refused with a clear error.
    def restore(state: tuple[Any, ...]) -> None:
        kisoku._core.Rules.__new__(kisoku._core.Rules).__setstate__(state)

    for state in [("something else", [], []), ("kisoku.rules/1", "x", []), ("kisoku.rules/1", [("x", 1)], []), ("kisoku.rules/1",)]:
        with pytest.raises(ValueError, match="kisoku.rules/1"):
            restore(state)
    with pytest.raises(ValueError, match="do not load"):
        restore(("kisoku.rules/1", [("x.kisoku", "program {")], []))
    with pytest.raises(ValueError, match="no .kisoku file"):
        restore(("kisoku.rules/1", [], []))


def test_a_pool_of_processes_decides_as_one_process(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    variants = []
    for i in range(24):
        app = copy.deepcopy(sample)
        app["経費"][0]["金額"] = 10_000 * i
        if i % 5 == 0:
            del app["外部参加費収入"]
        variants.append(app)
    chunks = [variants[k : k + 6] for k in range(0, len(variants), 6)]
    context = multiprocessing.get_context("spawn")  # Nothing inherited: the program goes pickled.
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        decided = [d for chunk in pool.map(_decide_all, [dxlab] * len(chunks), chunks) for d in chunk]
        frames = list(pool.map(functools.partial(dxlab.evaluate_many, threads=1), chunks))
    assert decided == _decide_all(dxlab, variants)
    assert pd.concat(frames, ignore_index=True).equals(dxlab.evaluate_many(variants))


# The program a forked worker inherits (set before the fork; never pickled).
_INHERITED: kisoku.Program | None = None


def _decide_inherited(applications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert _INHERITED is not None
    return _decide_all(_INHERITED, applications)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX only")
def test_a_forked_process_decides_with_the_program_it_inherits(dxlab: kisoku.Program, sample: dict[str, Any]) -> None:
    # "fork" is the default start method on Linux before Python 3.14: the workers inherit the
    # program, with its sessions, from a parent that is deciding on other threads at that moment.
    global _INHERITED
    variants = [copy.deepcopy(sample) for _ in range(12)]
    for i, app in enumerate(variants):
        app["経費"][0]["金額"] = 20_000 * i
    stop = threading.Event()

    def keep_deciding() -> None:
        while not stop.is_set():
            dxlab.evaluate_many(variants, threads=2)
            dxlab.evaluate(sample)

    busy = threading.Thread(target=keep_deciding)
    busy.start()
    _INHERITED = dxlab
    try:
        with warnings.catch_warnings():
            # Python 3.12 and later warn that a fork with threads running may deadlock; kisoku takes
            # its lock only with the GIL held, which the forking thread holds, so it cannot.
            warnings.simplefilter("ignore", DeprecationWarning)
            with multiprocessing.get_context("fork").Pool(2) as pool:
                chunks = [variants[k : k + 3] for k in range(0, len(variants), 3)]
                decided = pool.map_async(_decide_inherited, chunks).get(timeout=120)
    finally:
        stop.set()
        busy.join()
        _INHERITED = None
    assert [d for chunk in decided for d in chunk] == _decide_all(dxlab, variants)


def test_calc() -> None:
    assert kisoku.calc("900000円 * 2/3") == "600000円"
    assert kisoku.calc("1000000円 * 2/3", display=True) == "2,000,000/3円"
    with pytest.raises(ValueError):
        kisoku.calc("20万万円")


def test_command_line(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "kisoku"]
    out = subprocess.run(run + ["calc", "900000円 * 2/3"], capture_output=True, text=True, check=True)
    assert out.stdout == "600000円\n"
    out = subprocess.run(run + ["check", str(DXLAB_2025)], capture_output=True, text=True)
    assert out.returncode == 0
    out = subprocess.run(run + ["eval", str(DXLAB_2025), str(SAMPLE)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["amounts"] == {"助成額": "300000"}
    lines = tmp_path / "apps.jsonl"
    sample = SAMPLE.read_text(encoding="utf-8").replace("\n", "")
    lines.write_text(sample + "\n" + "{\"活動種別\": 1}\n" + sample + "\n", encoding="utf-8")
    out = subprocess.run(run + ["eval", str(DXLAB_2025), str(lines)], capture_output=True, text=True)
    assert out.returncode == 1
    verdicts = [json.loads(line)["verdict"] for line in out.stdout.splitlines()]
    assert verdicts == ["eligible", "error", "eligible"]
    out = subprocess.run(run + ["eval", str(DXLAB_2025)], capture_output=True, text=True)
    assert out.returncode == 2


def test_command_line_test_runs_the_cases_beside_rule_files() -> None:
    run = [sys.executable, "-m", "kisoku", "test"]
    out = subprocess.run(run + ["rules"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    passed, failed = map(int, out.stdout.splitlines()[-1].replace(" passed,", "").replace(" failed", "").split())
    assert passed >= 150 and failed == 0
    # A file written wrong on purpose: the report is the C++ tool's, byte for byte.
    cases = ROOT / "tests" / "rule-tests"
    for name in ("grant-wrong", "invalid", "malformed"):
        out = subprocess.run(run + [f"{name}.tests.yaml"], capture_output=True, text=True, cwd=cases)
        assert out.returncode == 1
        assert out.stdout == (cases / f"{name}.out").read_text(encoding="utf-8")
        out = subprocess.run(run + ["--lang", "ja", f"{name}.tests.yaml"], capture_output=True, text=True, cwd=cases)
        assert out.returncode == 1
        assert out.stdout == (cases / f"{name}.ja.out").read_text(encoding="utf-8")
    out = subprocess.run(run + ["no-such-directory"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and "no-such-directory" in out.stderr


def test_run_tests_from_python() -> None:
    pieces: list[str] = []
    result = kisoku.run_tests(ROOT / "tests" / "rule-tests" / "grant-wrong.tests.yaml", write=pieces.append)
    assert not result.ok and result.failed >= 1
    assert result.report == "".join(pieces) and result.report.endswith(f"{result.passed} passed, {result.failed} failed\n")
    assert "expected: eligible" in result.report
    with pytest.raises(FileNotFoundError):
        kisoku.run_tests(ROOT / "no-such-file.tests.yaml")


def test_command_line_schema_and_diff_match_the_tool() -> None:
    run = [sys.executable, "-m", "kisoku"]
    tool = ROOT / "build" / "kisoku"
    out = subprocess.run(run + ["schema", str(DXLAB_2025)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["required"][0] == "申請日"
    if tool.exists():
        native = subprocess.run([str(tool), "schema", str(DXLAB_2025)], capture_output=True, text=True, check=True)
        assert out.stdout == native.stdout
    cases = ROOT / "tests" / "diff"
    for lang in ("en", "ja"):
        out = subprocess.run(
            run + ["diff", "--lang", lang, "before.kisoku", "after.kisoku", "applications.jsonl"], capture_output=True, text=True, cwd=cases
        )
        assert out.returncode == 1
        assert out.stdout == (cases / f"applications.{lang}.out").read_text(encoding="utf-8")


def test_diff_from_python() -> None:
    cases = ROOT / "tests" / "diff"
    before, after = kisoku.load(cases / "before.kisoku"), kisoku.load(cases / "after.kisoku")
    rows = (cases / "applications.jsonl").read_text(encoding="utf-8").splitlines()
    result = kisoku.diff(before, after, [json.loads(r) for r in rows])
    assert result.changed
    assert result.report == (cases / "applications.en.out").read_text(encoding="utf-8")
    same = kisoku.diff(before, before, rows)
    assert not same.changed and same.report.startswith("6 applications: 0 changed")


def test_input_schema() -> None:
    import jsonschema

    program = kisoku.load(ROOT / "rules" / "ktq" / "dxlab")
    schema = program.input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    jsonschema.validate(sample, schema)
    assert "申請日" in schema["required"] and schema["additionalProperties"] is False
    assert program.input_schema(2024)["title"] != schema["title"]
    with pytest.raises(ValueError):
        program.input_schema(1999)


def test_types_check_with_mypy() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "python/kisoku", "tests/python"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def _examples() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "dxlab").glob("*.json"))]


def test_rules_compiled_to_native_code_decide_as_the_interpreter(tmp_path: Path) -> None:
    """compile_native compiles each fiscal year with the machine's compiler and the package's
    headers, and decides every application, one by one and in batches, exactly as before."""
    interpreted = kisoku.load(ROOT / "rules" / "ktq" / "dxlab")
    compiled = kisoku.load(ROOT / "rules" / "ktq" / "dxlab")
    assert compiled.compile_native(tmp_path) == compiled.fiscal_years
    assert len(list(tmp_path.glob("*.so"))) == len(compiled.fiscal_years)
    for text in _examples():
        assert compiled.evaluate(text).to_json() == interpreted.evaluate(text).to_json()
    assert compiled._core.native_decided() > 0  # The compiled rules decided, not only the interpreter.
    assert interpreted._core.native_decided() == 0
    rows = [json.loads(text) for text in _examples()] * 50
    pd.testing.assert_frame_equal(compiled.evaluate_many(rows, threads=2), interpreted.evaluate_many(rows, threads=2))
    # Another process, or a copy with parameters, finds them in the cache.
    again = kisoku.load(ROOT / "rules" / "ktq" / "dxlab")
    assert again.compile_native(tmp_path) == again.fiscal_years
    assert len(list(tmp_path.glob("*.so"))) == len(compiled.fiscal_years)


def test_rules_that_cannot_be_compiled_warn_and_are_decided_by_the_interpreter(tmp_path: Path) -> None:
    program = kisoku.load(DXLAB_2025)
    with pytest.warns(kisoku.NativeCodeWarning, match=r"kisoku-no-such-compiler was not found.*\[native-compiler-not-found\]"):
        assert program.compile_native(tmp_path, compiler="kisoku-no-such-compiler") == []
    assert program.evaluate(SAMPLE.read_text(encoding="utf-8")).verdict == "eligible"
    with pytest.warns(kisoku.NativeCodeWarning, match="コンパイラ"):
        program.compile_native(tmp_path, compiler="kisoku-no-such-compiler", lang="ja")
    # A compiler that runs past the time allowed is stopped.
    slow = tmp_path / "slow-compiler.sh"
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    slow.chmod(0o700)
    with pytest.warns(kisoku.NativeCodeWarning, match=r"within 1 s and was stopped.*\[native-compile-timeout\]"):
        assert program.compile_native(tmp_path, compiler=str(slow), timeout=1) == []
    assert program.evaluate(SAMPLE.read_text(encoding="utf-8")).verdict == "eligible"
    with pytest.raises(ValueError, match="timeout"):
        program.compile_native(tmp_path, timeout=-1)


def test_ctrl_c_stops_a_compiler_and_what_it_started(tmp_path: Path) -> None:
    # Ctrl-C while the rules compile raises KeyboardInterrupt at once; the compiler (a process group
    # of its own, which the terminal's Ctrl-C does not reach) is stopped with what it started: a
    # process that would write `late` after 3 s.
    program = kisoku.load(DXLAB_2025)
    running, late = tmp_path / "running", tmp_path / "late"
    slow = tmp_path / "slow-compiler.sh"
    slow.write_text(f"#!/bin/sh\necho > '{running}'\n(sleep 3; echo late > '{late}') &\nwait\n", encoding="utf-8")
    slow.chmod(0o700)

    def interrupt_once_running() -> None:
        for _ in range(100):
            if running.exists():
                break
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=interrupt_once_running)
    started = time.monotonic()
    sender.start()
    with pytest.raises(KeyboardInterrupt):
        program.compile_native(tmp_path / "cache", compiler=str(slow))
    sender.join()
    assert time.monotonic() - started < 3
    time.sleep(3.5)
    assert not late.exists()
    assert not list((tmp_path / "cache").glob("*.so"))
    assert program.evaluate(SAMPLE.read_text(encoding="utf-8")).verdict == "eligible"
