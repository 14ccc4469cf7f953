// The optimistic path of the Evaluator (kisoku/eval/evaluate.hpp) must give exactly the results of
// the general path: every verdict, outcome, amount, check, document, missing input, problem and
// explanation. These tests decide random applications, generated from each program's own input
// declaration, with the optimistic path on and off, and compare the two decisions as JSON and text.
#include "application_generator.hpp"
#include "kisoku/rules.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace kisoku;

namespace {

// The decision of `evaluator` for the application it has run, as JSON and Japanese text.
std::string shown(eval::Evaluator& evaluator) {
    auto const decision = eval::decide(evaluator);
    return eval::to_json_text(decision, 2) + "\n" + eval::to_text(decision, Language::ja);
}

struct Compared {
    unsigned decided = 0, undetermined = 0, ineligible = 0, eligible = 0;
};

// Decides `count` random applications of `program` both ways, checking that the decisions are
// the same.
Compared compare_paths(eval::Program const& program, unsigned count, unsigned seed) {
    Compared out;
    kisoku_test::ApplicationGenerator generate(program, seed);
    eval::ApplicationBuilder builder(program);
    for (auto const& g : program.globals)
        if (g.supplied) builder.set_parameter(g.name, g.kind == eval::Kind::yen ? "100,000円" : "1/2");
    eval::Application app;
    eval::Evaluator optimistic(program), general(program);
    general.set_optimistic(false);
    for (unsigned i = 0; i < count; ++i) {
        std::string const json = generate.next();
        if (!eval::bind_json(builder, json, app).empty()) continue;
        optimistic.run(app);
        general.run(app);
        INFO(program.file << ", application " << i << ": " << json);
        REQUIRE(shown(optimistic) == shown(general));
        // The missing inputs alone (what a batch gives for each row) are the Decision's.
        auto const decision = eval::decide(general);
        auto const missing = eval::missing_inputs(general);
        REQUIRE(missing.size() == decision.missing.size());
        for (std::size_t m = 0; m < missing.size(); ++m) {
            CHECK(missing[m].path == decision.missing[m].path);
            CHECK(missing[m].decides == decision.missing[m].decides);
        }
        CHECK(eval::verdict_of(general) == decision.verdict);
        ++out.decided;
        if (general.undetermined()) ++out.undetermined;
        else if (general.ineligible()) ++out.ineligible;
        else ++out.eligible;
    }
    return out;
}

// A program that uses every operation the optimistic path handles, and some it hands back.
std::string const every_operation = R"(program t "テスト" { fiscal_year 令和7年度 }
enum 枠 { 一般枠, 小規模枠 }
category 区分 { 広告費, 委託費, 食糧費 ineligible "対象外" }
record 会社 { 名称: text  法人: bool  人数: int  設立日: date }
record 経費 { 区分: 区分  金額: yen  率: number  日: date }
input 申請 {
  枠: 枠
  代表: 会社
  会社: list<会社>
  経費: list<経費>
  割合: number
  単位: yen
  期間: period
  名: text
}
param 上限: yen by 枠 { 一般枠: 50万円  小規模枠: 20万円 }
param 対象期間: period = 2025-04-01 .. 2026-03-31
value 法人数: int = count(会社 where 法人)
value 対象: list<経費> = 経費 where eligible(区分)
value 合計: yen = sum(経費 where eligible(区分) and 日 in 対象期間, 金額)
value 按分: number = sum(経費, 率 * 2) / 割合
value 平均: number = if count(経費) > 0 then 按分 / count(経費) else 0
amount 助成額: yen = round_down(min(上限[枠], max(0円, 合計 - 10000円), abs(合計 - 1円)) / 2, 単位)
amount 対象分: yen = sum(対象, 金額)
eligibility 要件 {
  "法人": 代表.法人 and (代表.人数 >= 1 or 代表.設立日 < 2025-04-01)
  "数": 法人数 in 2 .. 5
  "枠" unless 枠 == 小規模枠: 法人数 >= 3
  "名": all(会社 where 法人 and 人数 / (人数 - 2) > 0, 名称 != 代表.名称) or any(会社, 名称 == 名)
  "日" when 枠 in {一般枠}: all(経費, 日 in 期間)
  "按分": 按分 >= 1 or 平均 > 1000
}
check "率": all(経費, 率 <= 1)
check warning "件数": count(対象) <= 3
document "見積書" when any(経費, 区分 == 委託費 and 金額 > 5万円)
)";

// A program whose tests are fused (kisoku/eval/fuse.hpp) in every form: booleans, enumerations,
// dates and amounts, each read from an input field, a field of an input record or an item, with
// constants on either side, negated, and combined by `and` and `or`; and comprehensions whose
// `where` and body are fused.
std::string const fused_tests = R"(program t "テスト" { fiscal_year 令和7年度 }
enum 枠 { 一般枠, 小規模枠, 特別枠 }
category 区分 { 広告費, 委託費, 食糧費 ineligible "対象外" }
record 会社 { 名称: text  法人: bool  市内: bool  人数: int  設立日: date  区分: 区分 }
record 経費 { 区分: 区分  金額: yen  日: date }
input 申請 {
  枠: 枠
  代表: 会社
  会社: list<会社>
  経費: list<経費>
  申請日: date
  継続: bool
  計画: bool
}
param 対象期間: period = 2025-04-01 .. 2026-03-31
value 法人数: int = count(会社 where 法人 and not 市内)
value 広告費計: yen = sum(経費 where 区分 == 広告費 and 日 in 対象期間, 金額)
value 対象計: yen = sum(経費 where eligible(区分) and not (日 < 2025-04-01 or 日 > 2026-03-31), 金額)
amount 助成額: yen = min(30万円, 対象計 + 広告費計)
eligibility 要件 {
  "継続": 継続 or 計画
  "枠": 枠 in {一般枠, 特別枠} or not 継続
  "全": all(会社 where 法人 and not 市内, 人数 >= 3 or 設立日 < 2025-01-01)
  "無": not any(会社, 区分 in {食糧費} and 人数 < 1)
}
eligibility 選択 any {
  "枠2": not (枠 == 小規模枠 or 枠 != 特別枠)
  "代表": 代表.法人 == true and not (代表.人数 > 5) and 代表.設立日 != 2020-01-01
  "日": 2025-04-01 <= 申請日 and 申請日 in 2025-04-01 .. 2026-03-31
  "数": 法人数 <= 2
  "有": any(経費 where eligible(区分), 金額 > 1万円 and not (日 == 2025-05-01))
  "否": all(経費, not eligible(区分) or 金額 <= 20万円)
}
value 新設数: int = count(会社 where 設立日 > 2025-06-15 or 設立日 <= 2024-03-10 or 設立日 == 2026-01-20)
amount 新設分: yen = 新設数 * 1000円
check "人数": 3 < 代表.人数
check "人数2": not (代表.人数 <= 4 or 代表.人数 == 7)
check "人数3": not (代表.人数 < 6)
check "人数4": not (代表.人数 >= 9)
check "人数5": not (代表.人数 != 8) or 継続
document "見積書" when any(経費 where 区分 != 広告費, 金額 >= 5万円)
)";

}  // namespace

TEST_CASE("the optimistic path decides as the general path, on every shipped and test program") {
    auto const programs = kisoku_test::every_program();
    REQUIRE(programs.size() >= 8);
    unsigned seed = 1;
    for (auto const& program : programs) {
        Compared const c = compare_paths(*program, 400, seed++);
        CHECK(c.decided > 100);
    }
}

TEST_CASE("the optimistic path decides as the general path on every operation it covers") {
    auto loaded = load_rules_text("t.kisoku", every_operation);
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    Compared const c = compare_paths(*loaded.rules->years.front(), 3000, 7);
    CHECK(c.decided > 1000);
    // Both paths are exercised: complete applications, and applications with unknowns.
    CHECK(c.eligible > 0);
    CHECK(c.ineligible > 0);
    CHECK(c.undetermined > 0);
}

TEST_CASE("fused tests decide as the steps they stand for") {
    auto loaded = load_rules_text("t.kisoku", fused_tests);
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    auto const& program = *loaded.rules->years.front();
    // Every condition, check and document, and both comprehensions' tests, are fused.
    for (auto const& block : program.eligibility)
        for (auto const& condition : block.conditions) {
            auto const& test = program.steps[condition.test];
            bool const comprehension_inside = test.op == eval::Op::all || test.op == eval::Op::any || test.op == eval::Op::logical_not ||
                                              test.op == eval::Op::less_equal;
            INFO(condition.label);
            CHECK((program.fused[condition.test].count != 0 || comprehension_inside));
        }
    for (auto const& check : program.checks)
        if (check.label.starts_with("人数")) CHECK(program.fused[check.test].count != 0);
    std::size_t fused = 0;
    for (auto const& f : program.fused) fused += f.count != 0;
    CHECK(fused >= 16);
    Compared const c = compare_paths(program, 4000, 11);
    CHECK(c.decided > 2000);
    CHECK(c.eligible > 0);
    CHECK(c.ineligible > 0);
    CHECK(c.undetermined > 0);
}

TEST_CASE("the DX LAB rules' tests of members and expenses are fused") {
    auto loaded = load_rules(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2025.kisoku");
    REQUIRE(loaded.rules);
    auto const& program = *loaded.rules->years.front();
    // Each `where` and each body of all/any is a fused test: the optimistic path decides it in one go.
    std::size_t comprehensions = 0;
    for (auto const& s : program.steps) {
        auto const operand = [&](std::uint32_t i) { return program.operands[s.first + i]; };
        if (s.op == eval::Op::filter) {
            ++comprehensions;
            CHECK(program.fused[operand(1)].count != 0);
        }
        if ((s.op == eval::Op::all || s.op == eval::Op::any) && program.steps[operand(1)].kind == eval::Kind::boolean &&
            program.steps[operand(1)].op != eval::Op::equal) {  // 名称 == 代表構成員.名称 compares two texts.
            ++comprehensions;
            CHECK(program.fused[operand(1)].count != 0);
        }
    }
    CHECK(comprehensions >= 10);
}

TEST_CASE("the optimistic path is not taken where the step limit could be reached") {
    auto loaded = load_rules_text("t.kisoku", every_operation);
    REQUIRE(loaded.rules);
    auto const& program = *loaded.rules->years.front();
    std::string json = R"({"枠": "一般枠", "割合": 1, "単位": 1000, "期間": "2025-04-01 .. 2026-03-31", "名": "A", "代表": {"名称": "A", "法人": true, "人数": 3, "設立日": "2020-01-01"}, "会社": [)";
    for (int i = 0; i < 200; ++i) json += std::string(i ? "," : "") + R"({"名称": "B", "法人": true, "人数": 5, "設立日": "2020-01-01"})";
    json += R"(], "経費": [])";
    json += "}";
    eval::ApplicationBuilder builder(program);
    eval::Application app;
    REQUIRE(eval::bind_json(builder, json, app).empty());
    for (std::uint64_t limit : {100ull, 1000ull, 10'000ull, 1'000'000ull}) {
        eval::EvalLimits limits;
        limits.max_steps = limit;
        eval::Evaluator optimistic(program, limits), general(program, limits);
        general.set_optimistic(false);
        optimistic.run(app);
        general.run(app);
        INFO("max_steps " << limit);
        CHECK(optimistic.exhausted() == general.exhausted());
        CHECK(shown(optimistic) == shown(general));
    }
}
