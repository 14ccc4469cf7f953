// Evaluation through the facade: small programs written inline, loaded with load_rules_text and
// evaluated with a Session. Three-valued logic, comprehensions over partly unknown lists, verdicts,
// the missing inputs a decision asks for, every input error, fiscal years, and threads.
#include "kisoku/rules.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace kisoku;
using eval::Outcome;
using eval::Verdict;

namespace {

std::string const header = "program t \"テスト\" { fiscal_year 令和7年度 }\n";

// The rules of a program: the header above and `body`. The test stops when it does not load.
Rules load(std::string const& body) {
    auto loaded = load_rules_text("t.kisoku", header + body);
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    return *loaded.rules;
}

// The decision for an application; the test stops when it has input errors.
eval::Decision decide(Rules const& rules, std::string const& json, int fiscal_year = 0) {
    Session session(rules);
    auto result = session.evaluate_json(json, fiscal_year);
    INFO(eval::to_text(result.errors, Language::en));
    REQUIRE(result.decision);
    return *result.decision;
}

// Each input error as "PATH CODE".
std::vector<std::string> described(std::vector<eval::InputError> const& errors) {
    std::vector<std::string> out;
    for (auto const& e : errors) out.push_back(e.path + " " + e.code);
    return out;
}

using Strings = std::vector<std::string>;

std::vector<Outcome> outcomes(eval::Decision const& d) {
    std::vector<Outcome> out;
    for (auto const& c : d.conditions) out.push_back(c.outcome);
    return out;
}

Strings missing_paths(eval::Decision const& d) {
    Strings out;
    for (auto const& m : d.missing) out.push_back(m.path);
    return out;
}

// The value of amount `name` as exact text, or "unknown".
std::string amount(eval::Decision const& d, std::string const& name) {
    for (auto const& a : d.amounts)
        if (a.name == name) return a.value ? a.value->to_string() : "unknown";
    FAIL("no amount " << name);
    return {};
}

using kisoku_test::TempDir;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Three-valued logic

namespace {

enum class Tri { f, t, u };

Tri kleene_and(Tri a, Tri b) { return a == Tri::f || b == Tri::f ? Tri::f : a == Tri::u || b == Tri::u ? Tri::u : Tri::t; }
Tri kleene_or(Tri a, Tri b) { return a == Tri::t || b == Tri::t ? Tri::t : a == Tri::u || b == Tri::u ? Tri::u : Tri::f; }
Tri kleene_not(Tri a) { return a == Tri::u ? Tri::u : a == Tri::t ? Tri::f : Tri::t; }
Outcome outcome(Tri a) { return a == Tri::t ? Outcome::pass : a == Tri::f ? Outcome::fail : Outcome::unknown; }
char const* shown(Tri a) { return a == Tri::t ? "true" : a == Tri::f ? "false" : "absent"; }

}  // namespace

TEST_CASE("and, or and not follow Kleene's truth tables, an absent input being unknown") {
    Rules rules = load("input 申請 { a: bool; b: bool }\n"
                       "eligibility 論理積 { \"a and b\": a and b }\n"
                       "eligibility 論理和 { \"a or b\": a or b }\n"
                       "eligibility 否定 { \"not a\": not a }\n"
                       "eligibility 否定論理積 { \"not (a and b)\": not (a and b) }\n");
    for (Tri a : {Tri::f, Tri::t, Tri::u})
        for (Tri b : {Tri::f, Tri::t, Tri::u}) {
            std::string json = "{";
            if (a != Tri::u) json += std::string("\"a\": ") + shown(a);
            if (b != Tri::u) json += std::string(a != Tri::u ? ", " : "") + "\"b\": " + shown(b);
            json += "}";
            CAPTURE(json);
            auto d = decide(rules, json);
            REQUIRE(d.conditions.size() == 4);
            CHECK(d.conditions[0].outcome == outcome(kleene_and(a, b)));
            CHECK(d.conditions[1].outcome == outcome(kleene_or(a, b)));
            CHECK(d.conditions[2].outcome == outcome(kleene_not(a)));
            CHECK(d.conditions[3].outcome == outcome(kleene_not(kleene_and(a, b))));
        }
}

TEST_CASE("null is the same as an absent input") {
    Rules rules = load("input 申請 { a: bool; b: bool }\neligibility E { \"a and b\": a and b }\n");
    CHECK(outcomes(decide(rules, R"({"a": null, "b": true})")) == std::vector{Outcome::unknown});
    CHECK(outcomes(decide(rules, R"({"a": null, "b": false})")) == std::vector{Outcome::fail});
    CHECK(missing_paths(decide(rules, R"({"a": null, "b": true})")) == Strings{"$.a"});
}

TEST_CASE("arithmetic on an unknown is unknown") {
    Rules rules = load("input 申請 { x: yen; r: number; c: bool }\n"
                       "amount 和: yen = x + 1円\n"
                       "amount 零倍: yen = x * 0\n"
                       "amount 負: yen = -x\n"
                       "amount 最小: yen = min(x, 0円)\n"
                       "amount 絶対値: yen = abs(x)\n"
                       "amount 丸め: yen = round_down(x * r, 1000円)\n"
                       "amount 同じ分岐: yen = if c then 5円 else 5円\n"
                       "amount 違う分岐: yen = if c then 5円 else 6円\n"
                       "eligibility E { \"比較\": x > 0円 }\n");
    auto unknown = decide(rules, "{}");
    for (auto name : {"和", "零倍", "負", "最小", "絶対値", "丸め", "違う分岐"}) {
        CAPTURE(name);
        CHECK(amount(unknown, name) == "unknown");
    }
    // The condition does not matter when both branches agree.
    CHECK(amount(unknown, "同じ分岐") == "5");
    CHECK(outcomes(unknown) == std::vector{Outcome::unknown});
    CHECK(unknown.verdict == Verdict::undetermined);

    auto known = decide(rules, R"({"x": 200000, "r": 0.5, "c": false})");
    CHECK(amount(known, "和") == "200001");
    CHECK(amount(known, "零倍") == "0");
    CHECK(amount(known, "負") == "-200000");
    CHECK(amount(known, "最小") == "0");
    CHECK(amount(known, "絶対値") == "200000");
    CHECK(amount(known, "丸め") == "100000");
    CHECK(amount(known, "違う分岐") == "6");
    CHECK(known.verdict == Verdict::eligible);
}

TEST_CASE("comprehensions over partly unknown lists are decided when the unknown items cannot matter") {
    Rules rules = load("record 者 { 法人: bool; 金額: yen }\n"
                       "input 申請 { 構成員: list<者> }\n"
                       "eligibility 件数 { \"3者以上\": count(構成員 where 法人) >= 3 }\n"
                       "eligibility 全部 { \"全員が法人\": all(構成員, 法人) }\n"
                       "eligibility 一部 { \"法人がいる\": any(構成員, 法人) }\n"
                       "amount 合計: yen = sum(構成員 where 法人, 金額)\n");
    auto run = [&](std::string const& members) { return decide(rules, "{\"構成員\": [" + members + "]}"); };
    std::string const yes = R"({"法人": true, "金額": 100})", no = R"({"法人": false, "金額": 100})", unknown = R"({"金額": 100})";

    // count(… where 法人) >= 3: three known members settle it, whatever the others are.
    CHECK(run(yes + "," + yes + "," + yes + "," + unknown).conditions[0].outcome == Outcome::pass);
    CHECK(run(yes + "," + yes + "," + unknown + "," + unknown).conditions[0].outcome == Outcome::unknown);
    CHECK(run(yes + "," + no + "," + no + "," + unknown).conditions[0].outcome == Outcome::fail);
    CHECK(run(yes + "," + yes + ",null").conditions[0].outcome == Outcome::unknown);  // A null member is unknown.

    // all: a known counterexample decides false; a possible one leaves it unknown.
    CHECK(run(yes + "," + unknown).conditions[1].outcome == Outcome::unknown);
    CHECK(run(no + "," + unknown).conditions[1].outcome == Outcome::fail);
    CHECK(run(yes + "," + yes).conditions[1].outcome == Outcome::pass);
    CHECK(run("").conditions[1].outcome == Outcome::pass);

    // any: a known witness decides true.
    CHECK(run(unknown + "," + yes).conditions[2].outcome == Outcome::pass);
    CHECK(run(unknown + "," + no).conditions[2].outcome == Outcome::unknown);
    CHECK(run(no + "," + no).conditions[2].outcome == Outcome::fail);
    CHECK(run("").conditions[2].outcome == Outcome::fail);

    // sum: an item filtered out does not count, even when its amount is unknown.
    CHECK(amount(run(yes + "," + R"({"法人": false})"), "合計") == "100");
    CHECK(amount(run(yes + "," + R"({"法人": true})"), "合計") == "unknown");
    // An item whose membership is unknown matters only when it would add something.
    CHECK(amount(run(yes + "," + R"({"金額": 0})"), "合計") == "100");
    CHECK(amount(run(yes + "," + unknown), "合計") == "unknown");
    CHECK(amount(run(""), "合計") == "0");
}

// ---------------------------------------------------------------------------------------------
// Verdicts and conditions

TEST_CASE("a verdict is eligible, ineligible or undetermined") {
    Rules rules = load("input 申請 { 法人: bool; 市内: bool }\n"
                       "eligibility 申請者 { ① \"法人\": 法人\n ② \"市内\": 市内 }\n");
    auto eligible = decide(rules, R"({"法人": true, "市内": true})");
    CHECK(eligible.verdict == Verdict::eligible);
    CHECK(eligible.missing.empty());
    REQUIRE(eligible.eligibility.size() == 1);
    CHECK(eligible.eligibility[0].outcome == Outcome::pass);

    // One failed condition makes the application ineligible, whatever is unknown: nothing is asked.
    auto ineligible = decide(rules, R"({"法人": false})");
    CHECK(ineligible.verdict == Verdict::ineligible);
    CHECK(ineligible.eligibility[0].outcome == Outcome::fail);
    CHECK(outcomes(ineligible) == std::vector{Outcome::fail, Outcome::unknown});
    CHECK(ineligible.missing.empty());

    auto undetermined = decide(rules, R"({"法人": true})");
    CHECK(undetermined.verdict == Verdict::undetermined);
    CHECK(undetermined.eligibility[0].outcome == Outcome::unknown);
    CHECK(missing_paths(undetermined) == Strings{"$.市内"});

    CHECK(eval::name(Verdict::eligible) == "eligible");
    CHECK(eval::name(Verdict::ineligible) == "ineligible");
    CHECK(eval::name(Verdict::undetermined) == "undetermined");
}

TEST_CASE("an eligibility block with any needs one condition") {
    Rules rules = load("input 申請 { a: bool; b: bool }\neligibility E any { \"a\": a\n \"b\": b }\n");
    CHECK(decide(rules, R"({"a": false, "b": true})").verdict == Verdict::eligible);
    CHECK(decide(rules, R"({"a": false, "b": false})").verdict == Verdict::ineligible);
    CHECK(decide(rules, R"({"a": false})").verdict == Verdict::undetermined);
    CHECK(decide(rules, R"({"a": true})").verdict == Verdict::eligible);
    CHECK(decide(rules, R"({"a": true})").missing.empty());
}

TEST_CASE("unless and when make a condition not applicable") {
    Rules rules = load("enum 枠 { 準備枠, 実践枠 }\n"
                       "input 申請 { 枠: 枠; 法人数: int; 従業員数: int }\n"
                       "eligibility E {\n"
                       "  \"3法人以上\" unless 枠 == 準備枠: 法人数 >= 3\n"
                       "  \"20人以下\" when 枠 == 準備枠: 従業員数 <= 20\n"
                       "}\n");
    auto preparation = decide(rules, R"({"枠": "準備枠", "法人数": 1, "従業員数": 5})");
    CHECK(outcomes(preparation) == std::vector{Outcome::not_applicable, Outcome::pass});
    CHECK(preparation.verdict == Verdict::eligible);

    auto practice = decide(rules, R"({"枠": "実践枠", "法人数": 1, "従業員数": 50})");
    CHECK(outcomes(practice) == std::vector{Outcome::fail, Outcome::not_applicable});
    CHECK(practice.verdict == Verdict::ineligible);

    // Not knowing whether it applies: a condition that holds anyway passes; one that fails is unknown.
    auto no_track = decide(rules, R"({"法人数": 3, "従業員数": 50})");
    CHECK(outcomes(no_track) == std::vector{Outcome::pass, Outcome::unknown});
    CHECK(missing_paths(no_track) == Strings{"$.枠"});

    // Not applicable: what its test would need is not asked for.
    auto not_needed = decide(rules, R"({"枠": "準備枠", "従業員数": 5})");
    CHECK(outcomes(not_needed) == std::vector{Outcome::not_applicable, Outcome::pass});
    CHECK(not_needed.missing.empty());

    CHECK(eval::name(Outcome::not_applicable) == "not_applicable");
}

// ---------------------------------------------------------------------------------------------
// Missing inputs

TEST_CASE("missing inputs are named by their JSON path, with the field's label and type") {
    Rules rules = load("record 者 { 名称: text; 法人: bool \"法人である\"; 市内: bool }\n"
                       "input 申請 { 代表: 者 \"代表者\"; 構成員: list<者> \"構成員の一覧\" }\n"
                       "eligibility E { \"3者以上\": count(構成員 where 法人 and 市内) >= 3\n \"代表は法人\": 代表.法人 }\n");
    auto d = decide(rules, R"({"代表": {"名称": "甲"},
                              "構成員": [{"法人": true, "市内": true}, {"法人": true}, {"市内": true}, null]})");
    CHECK(d.verdict == Verdict::undetermined);
    CHECK(missing_paths(d) == Strings{"$.構成員[1].市内", "$.構成員[2].法人", "$.構成員[3]", "$.代表.法人"});
    REQUIRE(d.missing.size() == 4);
    CHECK(d.missing[0].label == "市内");  // No label: the field's name.
    CHECK(d.missing[0].type == "bool");
    CHECK(d.missing[1].label == "法人である");
    CHECK(d.missing[2].label == "構成員の一覧");  // A whole item: the list's field.
    CHECK(d.missing[2].type == "者");
    CHECK(d.missing[3].decides == 1);

    auto nothing = decide(rules, "{}");
    CHECK(missing_paths(nothing) == Strings{"$.構成員", "$.代表"});
    REQUIRE(nothing.missing.size() == 2);
    CHECK(nothing.missing[0].type == "list<者>");
    CHECK(nothing.missing[0].label == "構成員の一覧");
    CHECK(nothing.missing[1].type == "者");
    CHECK(nothing.missing[1].label == "代表者");
}

TEST_CASE("missing inputs are ranked: the one entering most undecided conditions and amounts first") {
    Rules rules = load("input 申請 { a: bool; b: bool; c: bool }\n"
                       "eligibility E { \"1\": b and a\n \"2\": c or a }\n"
                       "amount m: yen = if a then 1円 else 2円\n");
    auto d = decide(rules, "{}");
    CHECK(missing_paths(d) == Strings{"$.a", "$.b", "$.c"});
    REQUIRE(d.missing.size() == 3);
    CHECK(d.missing[0].decides == 3);
    CHECK(d.missing[1].decides == 1);
    CHECK(d.missing[2].decides == 1);

    // Once a is known, only what is still undecided is asked.
    auto with_a = decide(rules, R"({"a": true})");
    CHECK(missing_paths(with_a) == Strings{"$.b"});
}

TEST_CASE("inputs that cannot change the result are not asked for") {
    Rules rules = load("input 申請 { f: bool; t: bool; x: bool; y: bool; z: bool; w: bool; n: yen }\n"
                       "eligibility E { \"y\": y\n \"t or w\": t or w }\n"
                       "eligibility F any { \"f and x\": f and x\n \"z\": z }\n"
                       "amount m: yen = if f and x then n else 0円\n");
    auto d = decide(rules, R"({"f": false, "t": true})");
    CHECK(d.verdict == Verdict::undetermined);
    CHECK(outcomes(d) == std::vector{Outcome::unknown, Outcome::pass, Outcome::fail, Outcome::unknown});
    CHECK(amount(d, "m") == "0");
    // Not x (false and x is false), not w (true or w is true), not n (the branch not taken).
    CHECK(missing_paths(d) == Strings{"$.y", "$.z"});

    // A block already decided asks for nothing: z does not matter once f and x holds.
    auto settled = decide(rules, R"({"f": true, "x": true, "t": true})");
    CHECK(missing_paths(settled) == Strings{"$.y", "$.n"});
}

TEST_CASE("checks and documents whose inputs are unknown") {
    Rules rules = load("input 申請 { 備品費: yen; 高額: bool }\n"
                       "check \"備品費は10万円以内\": 備品費 <= 10万円\n"
                       "check warning \"高額でない\": not 高額\n"
                       "document \"申請書\"\n"
                       "document \"見積書\" when 備品費 > 5万円 due \"申請時\"\n");
    auto unknown = decide(rules, "{}");
    REQUIRE(unknown.checks.size() == 2);
    CHECK(unknown.checks[0].status == eval::CheckStatus::unknown);
    CHECK(unknown.checks[1].is_warning);
    REQUIRE(unknown.documents.size() == 2);
    CHECK(unknown.documents[0].certain);
    CHECK_FALSE(unknown.documents[1].certain);
    CHECK(unknown.documents[1].due == "申請時");
    // Checks and documents do not settle the verdict: their inputs are not asked for.
    CHECK(unknown.missing.empty());
    CHECK(unknown.verdict == Verdict::eligible);

    auto known = decide(rules, R"({"備品費": 200000, "高額": false})");
    CHECK(known.checks[0].status == eval::CheckStatus::raised);
    CHECK(known.checks[1].status == eval::CheckStatus::passed);
    REQUIRE(known.documents.size() == 2);
    CHECK(known.documents[1].certain);

    auto small = decide(rules, R"({"備品費": 1000})");
    CHECK(small.documents.size() == 1);  // 見積書 is not needed.
}

// ---------------------------------------------------------------------------------------------
// Input errors

namespace {

std::string const error_program = "enum 枠 { 一般枠, 小規模枠 }\n"
                                   "record 経費 { 内容: text required; 金額: yen }\n"
                                   "input 申請 {\n"
                                   "  申請日: date required \"申請日\"\n"
                                   "  枠: 枠\n"
                                   "  法人: bool\n"
                                   "  人数: int\n"
                                   "  率: number\n"
                                   "  期間: period\n"
                                   "  経費: list<経費>\n"
                                   "  補助: yen\n"
                                   "}\n"
                                   "amount 額: yen = 補助\n"
                                   "amount 合計: yen = sum(経費, 金額)\n"
                                   "amount 比: number = 率\n";

}  // namespace

TEST_CASE("every input error, with its JSON path") {
    Rules rules = load(error_program);
    std::set<std::string> seen;
    auto errors = [&](std::string const& json, eval::BindLimits limits = {}) {
        Session session(rules, limits);
        auto result = session.evaluate_json(json);
        CHECK_FALSE(result.decision);
        for (auto const& e : result.errors) seen.insert(e.code);
        return described(result.errors);
    };
    std::string const date = R"("申請日": "2025-04-01", )";

    CHECK(errors("{" + date + R"("法人": 1})") == Strings{"$.法人 input-type"});
    CHECK(errors("{" + date + R"("補助": 1000.5})") == Strings{"$.補助 input-yen-fraction"});
    CHECK(errors("{" + date + R"("補助": "1000.5円"})") == Strings{"$.補助 input-yen-fraction"});
    CHECK(errors("{" + date + R"("補助": "abc"})") == Strings{"$.補助 input-malformed-amount"});
    CHECK(errors("{" + date + R"("補助": "5%"})") == Strings{"$.補助 input-percent-for-yen"});
    CHECK(errors("{" + date + R"("率": "x"})") == Strings{"$.率 input-malformed-number"});
    CHECK(errors("{" + date + R"("率": "3円"})") == Strings{"$.率 input-type"});
    CHECK(errors("{" + date + R"("人数": 2.5})") == Strings{"$.人数 input-not-whole"});
    CHECK(errors(R"({"申請日": "2025-02-30"})") == Strings{"$.申請日 input-malformed-date"});
    CHECK(errors(R"({"申請日": "昨日"})") == Strings{"$.申請日 input-malformed-date"});
    CHECK(errors("{" + date + R"("期間": "2025-04-01"})") == Strings{"$.期間 input-malformed-period"});
    CHECK(errors("{" + date + R"("期間": "2025-05-01..2025-04-01"})") == Strings{"$.期間 input-malformed-period"});
    CHECK(errors("{" + date + R"("枠": "中規模枠"})") == Strings{"$.枠 input-unknown-enum-value"});
    CHECK(errors("{" + date + R"("法入": true})") == Strings{"$.法入 input-unknown-field-suggest"});
    CHECK(errors("{" + date + R"("zzz": true})") == Strings{"$.zzz input-unknown-field"});
    CHECK(errors("{" + date + R"("経費": [{"内容": "a", "金き": 1}]})") == Strings{"$.経費[0].金き input-unknown-field-suggest"});
    CHECK(errors("{" + date + R"("法人": true, "法人": false})") == Strings{"$.法人 input-duplicate-field"});
    CHECK(errors("{}") == Strings{"$.申請日 input-required"});
    CHECK(errors(R"({"申請日": null})") == Strings{"$.申請日 input-required"});
    CHECK(errors("{" + date + R"("経費": [{"内容": "a"}, {"金額": 1}]})") == Strings{"$.経費[1].内容 input-required"});
    CHECK(errors("{" + date + R"("経費": [{"内容": "a\u0000b"}]})") == Strings{"$.経費[0].内容 input-control-character"});
    CHECK(errors(R"({"申請日": )") == Strings{"$.申請日 input-not-json"});  // Where the text stops being JSON.
    CHECK(errors("") == Strings{"$ input-not-json"});
    CHECK(errors("[]") == Strings{"$ input-type"});
    CHECK(errors("12") == Strings{"$ input-type"});
    CHECK(errors("{" + date + R"("率": 1e-5000})") == Strings{"$.率 input-number-too-large"});

    eval::BindLimits shallow;
    shallow.max_depth = 2;
    CHECK(errors("{" + date + R"("経費": [{"内容": "a"}]})", shallow) == Strings{"$.経費[0] input-too-deep"});
    eval::BindLimits short_lists;
    short_lists.max_list_items = 2;
    CHECK(errors("{" + date + R"("経費": [{"内容": "a"}, {"内容": "b"}, {"内容": "c"}, {"内容": "d"}]})", short_lists) ==
          Strings{"$.経費[2] input-list-too-long"});
    eval::BindLimits few_digits;
    few_digits.max_number_digits = 5;
    CHECK(errors("{" + date + R"("率": 1234567.5})", few_digits) == Strings{"$.率 input-number-too-large"});
    eval::BindLimits small;
    small.max_bytes = 10;
    CHECK(errors("{" + date + "}", small) == Strings{"$ input-too-large"});
    eval::BindLimits few_errors;
    few_errors.max_errors = 1;
    CHECK(errors(R"({"枠": 1, "法人": 2})", few_errors) == Strings{"$.枠 input-type", "$ input-too-many-errors"});

    // Parameters the caller supplies.
    Rules with_parameter = load("input 申請 { 経費: yen }\nparam 補助率: number required \"要領にないため\"\n"
                                "amount 補助額: yen = round_down(経費 * 補助率, 1円)\n");
    {
        Session session(with_parameter);
        auto result = session.evaluate_json(R"({"経費": 1000})");
        CHECK(described(result.errors) == Strings{"param 補助率 input-parameter-missing"});
        for (auto const& e : result.errors) seen.insert(e.code);
        auto unknown = session.set_parameter("補助率x", "1/2");
        REQUIRE(unknown);
        CHECK(unknown->code == "input-parameter-unknown");
        CHECK(unknown->path == "param 補助率x");
        seen.insert(unknown->code);
        auto malformed = session.set_parameter("補助率", "半分");
        REQUIRE(malformed);
        CHECK(malformed->code == "input-malformed-number");
        CHECK_FALSE(session.set_parameter("補助率", "1/2"));
        auto decided = session.evaluate_json(R"({"経費": 1001})");
        REQUIRE(decided.decision);
        CHECK(amount(*decided.decision, "補助額") == "500");
    }

    // Choosing a fiscal year.
    auto year = [](int y) {
        auto loaded = load_rules_text(std::to_string(y) + ".kisoku", "program 年度 { fiscal_year " + std::to_string(y) +
                                                                         "; reference_date 申請日 }\ninput 申請 { 申請日: date }\n"
                                                                         "amount 額: yen = 1円\n");
        REQUIRE(loaded.rules);
        return loaded.rules->years[0];
    };
    Rules two_years{{year(2024), year(2025)}};
    {
        Session session(two_years);
        for (auto const& [json, fiscal_year, expected] :
             std::vector<std::tuple<std::string, int, std::string>>{{R"({"申請日": "2023-04-01"})", 0, "$.申請日 input-no-rules-for-date"},
                                                                    {"{}", 0, "$.申請日 input-reference-date-missing"},
                                                                    {"{}", 2030, "$ input-no-rules-for-year"}}) {
            auto result = session.evaluate_json(json, fiscal_year);
            CHECK(described(result.errors) == Strings{expected});
            for (auto const& e : result.errors) seen.insert(e.code);
        }
    }
    auto undated = [](int y) {
        auto loaded = load_rules_text("t.kisoku", "program 年度 { fiscal_year " + std::to_string(y) + " }\ninput 申請 { x: yen }\n");
        REQUIRE(loaded.rules);
        return loaded.rules->years[0];
    };
    Rules undated_years{{undated(2024), undated(2025)}};
    {
        Session session(undated_years);
        auto result = session.evaluate_json("{}");
        CHECK(described(result.errors) == Strings{"$ input-fiscal-year-needed"});
        for (auto const& e : result.errors) seen.insert(e.code);
        CHECK(session.evaluate_json("{}", 2024).decision);
    }

    // Every input error of the catalogue was seen above, but those that only values given natively
    // (from C++ or Python, not JSON) can cause.
    std::set<std::string> const native_only{"input-invalid-value"};
    for (auto const& m : message_catalogue) {
        std::string const code(m.code);
        if (!code.starts_with("input-") || native_only.count(code)) continue;
        CAPTURE(code);
        CHECK(seen.count(code) == 1);
    }
}

// The fast reader compares the key a record expects next (the field after the last one given)
// with the text in place; whatever the text holds instead must still be read as its own key.
TEST_CASE("keys expected in their declared order, and everything else") {
    Rules rules = load(error_program);
    auto errors = [&](std::string const& json) {
        Session session(rules);
        return described(session.evaluate_json(json).errors);
    };
    auto amounts = [&](std::string const& json) {
        Session session(rules);
        auto result = session.evaluate_json(json);
        REQUIRE(result.decision);
        std::vector<std::string> out;
        for (auto const& a : result.decision->amounts) out.push_back(a.value ? a.value->to_string() : "?");
        return out;
    };
    // In order, in another order, with space before the colon, and an escaped key.
    CHECK(amounts(R"({"申請日": "2025-04-01", "枠": "一般枠", "法人": true, "率": "1/2", "経費": [{"内容": "a", "金額": 5}], "補助": 7})") ==
          Strings{"7", "5", "0.5"});
    CHECK(amounts(R"({"補助": 7, "経費": [{"金額": 5, "内容": "a"}], "率": "1/2", "申請日": "2025-04-01"})") == Strings{"7", "5", "0.5"});
    CHECK(amounts(R"({"申請日" : "2025-04-01", "補助"   :7})") == Strings{"7", "?", "?"});
    CHECK(amounts(R"({"\u7533請日": "2025-04-01", "補\u52a9": 7})") == Strings{"7", "?", "?"});
    // The expected name is only the start of the key, or the key only the start of the name.
    CHECK(errors(R"({"申請日": "2025-04-01", "枠枠": "一般枠"})") == Strings{"$.枠枠 input-unknown-field-suggest"});
    CHECK(errors(R"({"申請日": "2025-04-01", "枠": "一般枠", "法": true})") == Strings{"$.法 input-unknown-field-suggest"});
    // A field given again after others: the field expected next was given already.
    CHECK(errors(R"({"申請日": "2025-04-01", "法人": true, "枠": "一般枠", "法人": false})") == Strings{"$.法人 input-duplicate-field"});
    CHECK(errors(R"({"申請日": "2025-04-01", "申請日": "2025-04-02"})") == Strings{"$.申請日 input-duplicate-field"});
    // Keys in declared order with gaps, then one of them again; then, once the order is broken,
    // the field after a key taken out of order was given already.
    CHECK(errors(R"({"申請日": "2025-04-01", "率": "1/2", "補助": 7, "率": "1/3"})") == Strings{"$.率 input-duplicate-field"});
    CHECK(errors(R"({"申請日": "2025-04-01", "率": "1/2", "枠": "一般枠", "率": "1/3", "法人": true})") ==
          Strings{"$.率 input-duplicate-field"});
    // The text ends inside the expected key, or after it without a colon.
    CHECK(errors(R"({"申請日)") == Strings{"$ input-not-json"});
    CHECK(errors(R"({"申請日")") == Strings{"$.申請日 input-not-json"});
    CHECK(errors(R"({"申請日" "2025-04-01"})") == Strings{"$.申請日 input-not-json"});
}


TEST_CASE("accepted forms of input values") {
    Rules rules = load(error_program);
    for (auto const& written : {R"(200000)", R"("200,000円")", R"("20万円")", R"("¥200,000")", R"("２０万円")", R"(2e5)", R"(200000.0)"}) {
        CAPTURE(written);
        auto d = decide(rules, std::string(R"({"申請日": "2025-04-01", "補助": )") + written + "}");
        CHECK(amount(d, "額") == "200000");
    }
    for (auto const& written : {R"(0.5)", R"("50%")", R"("0.5")", R"("1/2")"}) {
        CAPTURE(written);
        auto d = decide(rules, std::string(R"({"申請日": "2025-04-01", "率": )") + written + "}");
        CHECK(amount(d, "比") == "0.5");
    }
    CHECK(decide(rules, R"({"申請日": "令和7年4月1日", "期間": "令和7年4月1日〜令和8年3月31日", "人数": 3.0})").verdict ==
          Verdict::eligible);
}

TEST_CASE("all input errors are reported at once, in the order of the application") {
    Rules rules = load(error_program);
    Session session(rules);
    auto result = session.evaluate_json(R"({
        "枠": "中規模枠",
        "法人": "はい",
        "経費": [{"内容": "広告", "金額": 1000.5}, {"金額": "20万円"}, {"内容": "展示", "金額": "5%"}],
        "補助額": 0
    })");
    CHECK_FALSE(result.decision);
    CHECK(described(result.errors) == Strings{"$.枠 input-unknown-enum-value", "$.法人 input-type",
                                              "$.経費[0].金額 input-yen-fraction", "$.経費[1].内容 input-required",
                                              "$.経費[2].金額 input-percent-for-yen", "$.補助額 input-unknown-field-suggest",
                                              "$.申請日 input-required"});
    REQUIRE(result.errors.size() == 7);
    CHECK(eval::message(result.errors[0], Language::en) == "\"中規模枠\" is not a value of '枠'; the values are 一般枠, 小規模枠");
    CHECK(eval::message(result.errors[1], Language::en) == "expected true/false, found a text \"…\"");
    CHECK(eval::message(result.errors[5], Language::en) == "the application has no field '補助額'; did you mean '補助'?");
    CHECK(eval::message(result.errors[5], Language::ja) == "申請に項目'補助額'はありません。'補助'のことですか");

    // The error line of the JSON output.
    auto j = eval::input_errors_json(result.errors, Language::en);
    CHECK(j["format"] == "kisoku.decision/1");
    CHECK(j["verdict"] == "error");
    REQUIRE(j["errors"].size() == 7);
    CHECK(j["errors"][2]["path"] == "$.経費[0].金額");
    CHECK(j["errors"][2]["code"] == "input-yen-fraction");

    // Beyond max_errors, the rest are counted in one more error.
    eval::BindLimits few;
    few.max_errors = 2;
    Session limited(rules, few);
    auto capped = limited.evaluate_json(R"({"枠": 1, "法人": 2, "人数": "x", "率": true})");
    CHECK(described(capped.errors) == Strings{"$.枠 input-type", "$.法人 input-type", "$ input-too-many-errors"});
    REQUIRE(capped.errors.size() == 3);
    CHECK(eval::message(capped.errors[2], Language::en) == "3 more errors are not listed (the limit is 2)");

    // The session is reusable: the next application is decided.
    CHECK(session.evaluate_json(R"({"申請日": "2025-04-01"})").decision);

    // Each application gets its own errors: a limit reported for one is reported for the next.
    eval::BindLimits shallow;
    shallow.max_depth = 2;
    Session reused(rules, shallow);
    std::string const deep = R"({"申請日": "2025-04-01", "経費": [{"内容": "a"}]})";
    CHECK(described(reused.evaluate_json(deep).errors) == Strings{"$.経費[0] input-too-deep"});
    CHECK(described(reused.evaluate_json(deep).errors) == Strings{"$.経費[0] input-too-deep"});
}

// ---------------------------------------------------------------------------------------------
// Fiscal years

namespace {

std::string year_file(int year, std::string const& cap) {
    return "program 年度テスト \"年度テスト\" {\n  fiscal_year " + std::to_string(year) +
           "\n  reference_date 申請日\n}\n"
           "input 申請 { 申請日: date required \"申請日\"; 経費: yen }\n"
           "amount 補助額: yen = min(経費, " + cap + ")\n";
}

// Writes the rules of FY2024 (a cap of 10万円) and FY2025 (20万円) into `dir`.
void write_two_years(TempDir const& dir) {
    dir.write("2024.kisoku", year_file(2024, "10万円"));
    dir.write("2025.kisoku", year_file(2025, "20万円"));
}

}  // namespace

TEST_CASE("a directory of yearly files: the file is chosen by the reference date or the fiscal year") {
    TempDir dir;
    write_two_years(dir);
    dir.write("README.txt", "not a rule file");
    auto loaded = load_rules(dir.path);
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    REQUIRE(loaded.rules->years.size() == 2);
    CHECK(loaded.rules->years[0]->fiscal_year == 2024);
    CHECK(loaded.rules->years[1]->fiscal_year == 2025);
    Rules const& rules = *loaded.rules;

    auto fy2024 = decide(rules, R"({"申請日": "2025-03-31", "経費": 300000})");
    CHECK(fy2024.fiscal_year == 2024);
    CHECK(amount(fy2024, "補助額") == "100000");
    auto fy2025 = decide(rules, R"({"申請日": "令和7年4月1日", "経費": 300000})");
    CHECK(fy2025.fiscal_year == 2025);
    CHECK(amount(fy2025, "補助額") == "200000");

    // An explicit fiscal year wins over the date.
    auto chosen = decide(rules, R"({"申請日": "2025-06-01", "経費": 300000})", 2024);
    CHECK(chosen.fiscal_year == 2024);
    CHECK(amount(chosen, "補助額") == "100000");

    // A date outside every file: the error names the years there are.
    Session session(rules);
    auto outside = session.evaluate_json(R"({"申請日": "2026-04-01", "経費": 1})");
    CHECK_FALSE(outside.decision);
    REQUIRE(outside.errors.size() == 1);
    CHECK(outside.errors[0].path == "$.申請日");
    CHECK(outside.errors[0].code == "input-no-rules-for-date");
    CHECK(eval::message(outside.errors[0], Language::en) ==
          "$.申請日 is 2026-04-01, which none of the rules cover; there are rules for 2024 (2024-04-01..2025-03-31), "
          "2025 (2025-04-01..2026-03-31)");

    auto no_year = session.evaluate_json(R"({"申請日": "2025-06-01"})", 2023);
    REQUIRE(no_year.errors.size() == 1);
    CHECK(no_year.errors[0].code == "input-no-rules-for-year");
    CHECK(eval::message(no_year.errors[0], Language::en) ==
          "there are no rules for fiscal year 2023; there are rules for 2024 (2024-04-01..2025-03-31), 2025 (2025-04-01..2026-03-31)");

    // Input errors are reported against the file that applies.
    auto wrong = session.evaluate_json(R"({"申請日": "2024-06-01", "経費": "x"})");
    CHECK(described(wrong.errors) == Strings{"$.経費 input-malformed-amount"});
    // Without the date, the input error of the required field comes first.
    auto undated = session.evaluate_json(R"({"経費": 1})");
    CHECK(described(undated.errors) == Strings{"$.申請日 input-required"});
}

TEST_CASE("a directory that is not one program's years is refused") {
    TempDir dir;
    dir.write("2024.kisoku", year_file(2024, "10万円"));
    dir.write("2024b.kisoku", year_file(2024, "20万円"));
    auto duplicate = load_rules(dir.path);
    CHECK_FALSE(duplicate.rules);
    CHECK(duplicate.render(Language::en).find("[duplicate-fiscal-year]") != std::string::npos);

    TempDir mixed;
    mixed.write("2024.kisoku", year_file(2024, "10万円"));
    mixed.write("2025.kisoku", "program 別制度 { fiscal_year 2025 }\ninput 申請 { x: yen }\n");
    auto other = load_rules(mixed.path);
    CHECK_FALSE(other.rules);
    CHECK(other.render(Language::en).find("[mixed-programs]") != std::string::npos);

    TempDir empty;
    auto none = load_rules(empty.path);
    CHECK_FALSE(none.rules);
    CHECK(none.render(Language::en).find("[no-rule-files]") != std::string::npos);
}

TEST_CASE("rules go to another process as their texts and load back the same") {
    TempDir dir;
    write_two_years(dir);
    auto loaded = load_rules(dir.path);
    REQUIRE(loaded.rules);
    auto const sources = rule_sources(*loaded.rules);
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].name == (std::filesystem::path(dir.path) / "2024.kisoku").string());
    CHECK(sources[1].text == year_file(2025, "20万円"));

    auto again = load_rules_sources(sources);
    INFO(again.render(Language::en));
    REQUIRE(again.rules);
    for (std::string date : {"2025-03-31", "2025-04-01"}) {
        std::string const application = R"({"申請日": ")" + date + R"(", "経費": 300000})";
        auto const before = decide(*loaded.rules, application), after = decide(*again.rules, application);
        CHECK(eval::to_json_text(after) == eval::to_json_text(before));
    }

    // Checked together as a directory's files are.
    auto twice = load_rules_sources({sources[0], sources[0]});
    CHECK_FALSE(twice.rules);
    CHECK(twice.render(Language::en).find("[duplicate-fiscal-year]") != std::string::npos);
    auto none = load_rules_sources({});
    CHECK_FALSE(none.rules);
    CHECK(none.render(Language::en).find("[no-rule-files]") != std::string::npos);
    auto broken = load_rules_sources({{"壊れた.kisoku", "program {"}});
    CHECK_FALSE(broken.rules);
    CHECK(broken.render(Language::en).find("壊れた.kisoku:1:") != std::string::npos);
}

TEST_CASE("reference_date must name a date field of the input") {
    auto codes = [](std::string const& text) {
        Strings out;
        for (auto const& f : load_rules_text("t.kisoku", text).files)
            for (auto const& d : f.diagnostics) out.emplace_back(d.code);
        return out;
    };
    CHECK(codes("program t { fiscal_year 2025; reference_date 申請日 }\ninput 申請 { 申請日: date }\n").empty());
    CHECK(codes("制度 t { 年度 2025; 基準日 申請日 }\n入力 申請 { 申請日: 日付 }\n").empty());
    CHECK(codes("program t { fiscal_year 2025; reference_date 申請日 }\ninput 申請 { 申請日: text }\n") ==
          Strings{"reference-date-not-input"});
    CHECK(codes("program t { fiscal_year 2025; reference_date 受付日 }\ninput 申請 { 申請日: date }\n") ==
          Strings{"reference-date-not-input"});
}

// ---------------------------------------------------------------------------------------------
// Problems during evaluation

TEST_CASE("a division by zero is a problem of the decision, and its value unknown") {
    Rules rules = load("input 申請 { 経費: yen; 人数: int; 単位: yen }\n"
                       "value 一人当たり: yen = 経費 / 人数\n"
                       "amount 補助額: yen = round_down(一人当たり, 1円)\n"
                       "amount 丸め: yen = round_down(経費, 単位)\n"
                       "eligibility E { \"一人当たり10万円以下\": 一人当たり <= 10万円 }\n");
    auto d = decide(rules, R"({"経費": 300000, "人数": 0, "単位": 0})");
    CHECK(amount(d, "補助額") == "unknown");
    CHECK(amount(d, "丸め") == "unknown");
    CHECK(outcomes(d) == std::vector{Outcome::unknown});
    CHECK(d.verdict == Verdict::undetermined);
    CHECK(d.missing.empty());  // Nothing to ask: the inputs are given.
    REQUIRE(d.problems.size() == 2);  // Each expression once, however often it was evaluated.
    CHECK(d.problems[0].code == "division-by-zero");
    CHECK(d.problems[0].expression == "経費 / 人数");
    CHECK(d.problems[0].location == "t.kisoku:3:20");
    CHECK(d.problems[1].code == "rounding-unit-not-positive");
    CHECK(d.problems[1].expression == "round_down(経費, 単位)");
    auto text = eval::to_text(d, Language::en);
    CHECK(text.find("t.kisoku:3:20: division by zero: 経費 / 人数\n") != std::string::npos);
    CHECK(text.find("the rounding unit must be greater than zero, got 0円: round_down(経費, 単位)\n") != std::string::npos);
    auto j = eval::to_json(d);
    REQUIRE(j["problems"].size() == 2);
    CHECK(j["problems"][0]["code"] == "division-by-zero");
    CHECK(j["amounts"]["補助額"].is_null());

    auto fine = decide(rules, R"({"経費": 300000, "人数": 3, "単位": 1000})");
    CHECK(fine.problems.empty());
    CHECK(amount(fine, "補助額") == "100000");
    CHECK(fine.verdict == Verdict::eligible);
}

TEST_CASE("a decision as JSON and as text") {
    Rules rules = load("enum 枠 { 一般枠, 小規模枠 }\n"
                       "input 申請 { 枠: 枠 required; 経費: yen \"対象経費\" }\n"
                       "param 上限額: yen by 枠 [p.3] { 一般枠: 50万円, 小規模枠: 20万円 }\n"
                       "amount 補助額: yen [p.3] = min(round_down(経費 * 2/3, 1000円), 上限額[枠])\n"
                       "eligibility 要件 [p.2] { ① \"経費がある\" [p.2 ①]: 経費 > 0円 }\n"
                       "note \"注記\" [p.5]\n");
    auto d = decide(rules, R"({"枠": "小規模枠", "経費": 400000})");
    auto j = eval::to_json(d);
    CHECK(j["format"] == "kisoku.decision/1");
    CHECK(j["program"] == "t");
    CHECK(j["title"] == "テスト");
    CHECK(j["fiscal_year"] == 2025);
    CHECK(j["verdict"] == "eligible");
    CHECK(j["amounts"]["補助額"] == "200000");
    CHECK(j["explanation"]["補助額"]["summary"] == "min(round_down(経費 * 2 / 3, 1000円) = 266,000円, 上限額[枠] = 200,000円)");
    CHECK(j["explanation"]["補助額"]["citation"] == "p.3");
    CHECK(j["conditions"][0]["marker"] == "①");
    CHECK(j["notes"][0]["citation"] == "p.5");
    Strings keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    CHECK(keys == Strings{"format", "program", "title", "fiscal_year", "verdict", "amounts", "missing", "missing_details",
                          "eligibility", "conditions", "checks", "documents", "notes", "explanation", "problems"});

    auto en = eval::to_text(d, Language::en);
    CHECK(en.starts_with("テスト\nFiscal year: FY2025\nVerdict: eligible (eligible)\n"));
    CHECK(en.find("  補助額 = min(round_down(経費 * 2 / 3, 1000円) = 266,000円, 上限額[枠] = 200,000円) = 200,000円 [p.3]\n") !=
          std::string::npos);
    auto ja = eval::to_text(d, Language::ja);
    CHECK(ja.starts_with("テスト\n年度: 令和7年度（2025年度）\n判定: 対象 (eligible)\n"));

    // Unknown parts read as 不明 in Japanese, everywhere in the text.
    auto unknown = decide(rules, R"({"枠": "一般枠"})");
    auto ja_unknown = eval::to_text(unknown, Language::ja);
    CHECK(ja_unknown.find("unknown") == std::string::npos);
    CHECK(ja_unknown.find("= 不明") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Threads

namespace {

// A generated application for the sample program of tests/eval/sample: some complete, some with
// inputs missing, a few with input errors.
std::string generated_application(unsigned seed) {
    std::mt19937 random(seed);
    auto pick = [&](unsigned n) { return static_cast<unsigned>(random() % n); };
    auto boolean = [&]() -> std::string {
        switch (pick(5)) {
            case 0: return "";
            case 1: return "false";
            default: return "true";
        }
    };
    std::string json = "{";
    auto field = [&](std::string const& name, std::string const& value) {
        if (value.empty()) return;
        if (json.size() > 1) json += ", ";
        json += "\"" + name + "\": " + value;
    };
    field("申請日", "\"2025-" + std::string(pick(9) < 4 ? "0" : "1") + std::to_string(pick(2)) + "-1" + std::to_string(pick(10)) + "\"");
    field("枠", pick(2) ? "\"一般枠\"" : "\"小規模枠\"");
    auto business = [&](std::string const& name) {
        std::string record = "{\"名称\": \"" + name + "\"";
        if (auto b = boolean(); !b.empty()) record += ", \"法人\": " + b;
        if (auto b = boolean(); !b.empty()) record += ", \"市内事業所\": " + b;
        return record + "}";
    };
    field("代表者", business("代表"));
    if (pick(4) != 0) {
        std::string partners = "[";
        for (unsigned i = 0, n = pick(5); i < n; ++i) partners += (i ? ", " : "") + (pick(10) ? business("連携" + std::to_string(i)) : "null");
        field("連携先", partners + "]");
    }
    if (pick(4) != 0) field("従業員数", std::to_string(pick(40)));
    field("市税滞納", pick(6) ? boolean() : "true");
    if (pick(5) != 0) {
        static char const* const categories[] = {"広告費", "展示会出展費", "委託費", "食糧費"};
        std::string expenses = "[";
        for (unsigned i = 0, n = pick(7); i < n; ++i) {
            std::string amount = pick(3) ? std::to_string((pick(300) + 1) * 1000) : std::to_string(pick(99999) + 1);
            if (pick(8) == 0) amount = "\"" + amount + "円\"";
            if (seed % 37 == 5 && i == 0) amount = "\"たくさん\"";  // An input error.
            expenses += std::string(i ? ", " : "") + "{\"区分\": \"" + categories[pick(4)] + "\", \"金額\": " + amount + "}";
        }
        field("経費", expenses + "]");
    }
    if (pick(3) != 0) field("他補助金", std::to_string(pick(5) * 10000));
    return json + "}";
}

std::string evaluated(Session& session, std::string const& json) {
    auto result = session.evaluate_json(json);
    if (!result.decision) return eval::input_errors_json(result.errors, Language::en).dump();
    return eval::to_json(*result.decision).dump() + "\n" + eval::to_text(*result.decision, Language::ja);
}

}  // namespace

TEST_CASE("a decision's JSON text has the bytes nlohmann/json prints for the same document") {
    auto loaded = load_rules(std::string(KISOKU_TEST_DATA_DIR) + "/eval/sample/sample.kisoku");
    REQUIRE(loaded.rules);
    Session session(*loaded.rules);
    unsigned decided = 0;
    for (unsigned i = 0; i < 200; ++i) {
        auto result = session.evaluate_json(generated_application(i));
        if (!result.decision) continue;
        ++decided;
        for (int indent : {-1, 0, 2, 4}) {
            std::string const text = eval::to_json_text(*result.decision, indent);
            INFO("application " << i << ", indent " << indent);
            CHECK(nlohmann::ordered_json::parse(text).dump(indent) == text);
        }
    }
    CHECK(decided > 50);

    // Every character that JSON escapes, and runs of plain text around them of every length, so
    // that the eight-byte scan meets each of them at every offset within a word.
    std::vector<std::string> strings = {"", "\"", "\\", "a\x7f", "構成員の名称", "\u2028"};
    for (int c = 0; c < 0x20; ++c)
        for (std::size_t before = 0; before < 10; ++before)
            strings.push_back(std::string(before, 'x') + static_cast<char>(c) + "漢字\"\\" + std::string(before % 3, 'y'));
    for (auto const& s : strings)
        for (int indent : {-1, 2}) {
            std::string written;
            eval::JsonWriter w(written, indent);
            w.begin_object();
            w.field(s, s);
            w.key("list");
            w.begin_array();
            w.string(s);
            w.integer(-12);
            w.boolean(false);
            w.null();
            w.begin_object();
            w.end_object();
            w.begin_array();
            w.end_array();
            w.end_array();
            w.end_object();
            nlohmann::ordered_json expected;
            expected[s] = s;
            expected["list"] = {s, -12, false, nullptr, nlohmann::ordered_json::object(), nlohmann::ordered_json::array()};
            CHECK(written == expected.dump(indent));
        }

    // Texts of every length up to 40 bytes (the writer tests blocks of 16, 8 and 4 bytes, the last
    // one overlapping), plain or with one character to escape at every position.
    auto const same_as_nlohmann = [](std::string const& s) {
        std::string written = "[";  // Appended to what the string holds.
        {
            eval::JsonWriter w(written);
            w.begin_array();
            w.string(s);
            w.end_array();
        }
        return written == "[" + nlohmann::json::array({s}).dump();
    };
    std::string const japanese = "構成員の名称と北九州市内の事業所";  // Three bytes a character.
    for (std::size_t length = 0; length <= 40; ++length) {
        INFO("length " << length);
        CHECK(same_as_nlohmann(std::string(length, 'x')));
        CHECK(same_as_nlohmann(std::string(length, '\x7f')));
        if (length % 3 == 0) CHECK(same_as_nlohmann(japanese.substr(0, length)));
        for (std::size_t at = 0; at < length; ++at)
            for (char c : {'"', '\\', '\n', '\x01', '\x1f', '\0'}) {
                std::string text(length, 'y');
                text[at] = c;
                INFO("escaped at " << at << ": " << static_cast<int>(c));
                CHECK(same_as_nlohmann(text));
            }
    }

    // A string reused for one value after another (as a stream of decisions reuses its buffer)
    // holds exactly each value once it is complete, whatever room the one before left; a scalar
    // alone is a complete value too.
    std::string reused;
    for (std::size_t length : {2000u, 10u, 300u}) {
        reused.clear();
        eval::JsonWriter w(reused, 2);
        w.begin_object();
        w.field("text", std::string(length, 'z'));
        w.end_object();
        CHECK(reused == nlohmann::ordered_json{{"text", std::string(length, 'z')}}.dump(2));
    }
    // One writer, values one after another, with what the caller appends in between.
    reused.clear();
    {
        eval::JsonWriter w(reused);
        w.begin_array();
        w.end_array();
        reused += '\n';
        w.string("x");
        reused += ' ';
        w.begin_object();
        w.field("a", true);
        w.end_object();
    }
    CHECK(reused == "[]\n\"x\" {\"a\":true}");
    reused.clear();
    eval::JsonWriter(reused).integer(-9223372036854775807 - 1);
    CHECK(reused == "-9223372036854775808");
    reused.clear();
    eval::JsonWriter(reused).string("構成員");
    CHECK(reused == "\"構成員\"");
}

TEST_CASE("one Rules shared by threads, each with its own Session, gives the serial results") {
    auto loaded = load_rules(std::string(KISOKU_TEST_DATA_DIR) + "/eval/sample/sample.kisoku");
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    Rules const& rules = *loaded.rules;

    constexpr unsigned count = 200;
    std::vector<std::string> applications;
    for (unsigned i = 0; i < count; ++i) applications.push_back(generated_application(i));

    std::vector<std::string> serial;
    {
        Session session(rules);
        for (auto const& a : applications) serial.push_back(evaluated(session, a));
    }
    // The applications exercise every verdict and some input errors.
    std::set<std::string> verdicts;
    for (auto const& s : serial) verdicts.insert(nlohmann::json::parse(s.substr(0, s.find('\n')))["verdict"].get<std::string>());
    CHECK(verdicts == std::set<std::string>{"eligible", "ineligible", "undetermined", "error"});

    constexpr unsigned threads = 4;
    std::vector<std::vector<std::string>> results(threads, std::vector<std::string>(count));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            Session session(rules);
            // Each thread starts at a different application, so that they are not in step.
            for (unsigned k = 0; k < count; ++k) {
                unsigned const i = (k + t * 50) % count;
                results[t][i] = evaluated(session, applications[i]);
            }
        });
    for (auto& w : workers) w.join();
    for (unsigned t = 0; t < threads; ++t)
        for (unsigned i = 0; i < count; ++i) {
            CAPTURE(t);
            CAPTURE(i);
            REQUIRE(results[t][i] == serial[i]);
        }
}
