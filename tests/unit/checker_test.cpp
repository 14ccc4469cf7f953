// The checker through its API: what a checked program holds, and rules the golden files do not
// show one by one.
#include "kisoku/check/load.hpp"

#include <doctest/doctest.h>

using namespace kisoku;

namespace {

std::string const header = "program t \"テスト\" { fiscal_year 令和7年度 }\n";

// The codes of the diagnostics of a program (the header above plus `body`), in order.
std::vector<std::string> codes(std::string const& body) {
    auto loaded = check::load_text("test.kisoku", header + body);
    std::vector<std::string> out;
    for (auto const& d : loaded.diagnostics) out.emplace_back(d.code);
    return out;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("a checked program knows its year, period and symbols") {
    auto loaded = check::load_text("t.kisoku", header + "enum 種別 { 甲, 乙 }\ninput 申請 { 種別: 種別 required }\n"
                                                        "amount 額: yen = if 種別 == 甲 then 1円 else 2円\n");
    REQUIRE(loaded.diagnostics.empty());
    REQUIRE(loaded.program);
    CHECK(loaded.program->fiscal_year == 2025);
    CHECK(loaded.program->period_start.to_string() == "2025-04-01");
    CHECK(loaded.program->period_end.to_string() == "2026-03-31");
    CHECK(loaded.program->enums.size() == 1);
    REQUIRE(loaded.program->globals.size() == 2);
    CHECK(loaded.program->globals[0].role == check::GlobalInfo::Role::input_field);
    CHECK(loaded.program->globals[1].role == check::GlobalInfo::Role::amount);
}

TEST_CASE("enum values: bare when unique, qualified when not") {
    CHECK(codes("enum A { x, y }\nenum B { x, z }\ninput i { a: A; b: B }\n"
                "amount m: yen = if a == A.x and b == B.z and b == z then 1円 else 0円\n")
              .empty());
    CHECK(codes("enum A { x, y }\nenum B { x, z }\ninput i { a: A; b: B }\n"
                "amount m: yen = if a == x and b == z then 1円 else 0円\n") == Codes{"ambiguous-enum-value"});
    CHECK(codes("enum A { x, y }\ninput i { a: A }\namount m: yen = if a == A.w then 1円 else 0円\n") ==
          Codes{"unknown-enum-value", "did-you-mean"});
    // Comparing values of two different enums is a mistake.
    CHECK(codes("enum A { x }\nenum B { z }\ninput i { a: A }\namount m: yen = if a == z then 1円 else 0円\n") ==
          Codes{"unit-mismatch"});
}

TEST_CASE("inside where, the item's fields shadow global names") {
    std::string records = "record R { 金額: yen; 対象: bool }\ninput i { 明細: list<R>; 金額: yen }\n";
    // The item's 金額 hides the application's 金額, with a warning at each place it does.
    CHECK(codes(records + "amount m: yen = sum(明細 where 対象 and 金額 > 0円, 金額) + 金額\n") ==
          Codes{"shadowed-name", "shadowed-name"});
    CHECK(codes(records + "amount m: yen = sum(明細, 対象)\n") == Codes{"not-a-number"});
    CHECK(codes(records + "amount m: yen = if all(明細, 金額 > 0円) and any(明細, 対象) then 金額 else 0円\n") ==
          Codes{"shadowed-name"});
    CHECK(codes(records + "amount m: yen = if all(明細, 金額) then 金額 else 0円\n") ==
          Codes{"shadowed-name", "not-a-condition"});
}

TEST_CASE("the rounding discipline follows fractions through formulas") {
    std::string input = "input i { 経費: yen; 人数: int; 率: number }\n";
    CHECK(codes(input + "amount a: yen = 経費 * 人数 + 経費 * 3\n").empty());
    CHECK(codes(input + "amount a: yen = 経費 * 率\n") == Codes{"unrounded-yen", "fraction-source"});
    CHECK(codes(input + "amount a: yen = 経費 * 50%\n") == Codes{"unrounded-yen", "fraction-source"});
    CHECK(codes(input + "amount a: yen = round_down(経費 * 50%)\n").empty());
    CHECK(codes(input + "amount a: yen = round_half_up(経費 * 率, 1000円)\n").empty());
    CHECK(codes(input + "amount a: yen = round_down(経費 / 3, 0.5円)\n") == Codes{"unrounded-yen", "fraction-source"});
    CHECK(codes(input + "amount a: yen = max(0円, 経費 / 人数)\n") == Codes{"unrounded-yen", "fraction-source"});
    // A fraction of a yen may be compared: only a yen result must be whole.
    CHECK(codes(input + "check \"c\": 経費 * 率 <= 100万円\namount a: yen = 経費\n").empty());
    // An int must stay an integer.
    CHECK(codes(input + "value n: int = 人数 / 2\namount a: yen = 経費 * n\n") == Codes{"not-whole"});
    // A value may carry a fraction; the amount that uses it must round, and the note points into the value.
    CHECK(codes(input + "value v: yen = 経費 * 2/3\namount a: yen = v\n") == Codes{"unrounded-yen", "fraction-source"});
    CHECK(codes(input + "value v: yen = 経費 * 2/3\namount a: yen = round_down(v, 1000円)\n").empty());
    // Constants are folded: a rate of 1/1 is whole, a division by a constant zero is an error.
    CHECK(codes(input + "param 率2: number = 1/1\namount a: yen = 経費 * 率2\n").empty());
    CHECK(codes(input + "param 率2: number = 1/0\namount a: yen = 経費 * 率2\n") == Codes{"division-by-zero"});
    CHECK(codes("enum 枠 { 甲, 乙 }\ninput j { 枠: 枠; 経費: yen }\nparam 率3: number by 枠 { 甲: 1/1, 乙: 1 }\n"
                "amount a: yen = 経費 * 率3[枠]\n")
              .empty());
    // A value used before its definition is still checked first.
    CHECK(codes(input + "amount a: yen = v\nvalue v: yen = 経費 / 3\n") == Codes{"unrounded-yen", "fraction-source"});
}

TEST_CASE("periods and dates") {
    std::string input = "input i { 支出日: date; 経費: yen }\nparam 対象期間: period = 2025-04-01 .. 2026-03-31\n";
    CHECK(codes(input + "amount a: yen = if 支出日 in 対象期間 then 経費 else 0円\n").empty());
    CHECK(codes(input + "amount a: yen = if 支出日 in 2025-04-01 .. 令和8年3月31日 then 経費 else 0円\n") ==
          Codes{"unused-definition"});
    CHECK(codes(input + "amount a: yen = if 経費 in 対象期間 then 経費 else 0円\n") == Codes{"type-mismatch"});
    CHECK(codes(input + "amount a: yen = if 支出日 > 経費 then 経費 else 0円\n").front() == "unit-mismatch");
}

TEST_CASE("parameters: tables need every key once, scalars their type") {
    std::string e = "enum 枠 { 甲, 乙 }\ninput i { 枠: 枠 }\n";
    CHECK(codes(e + "param 上限: yen by 枠 { 甲: 1円, 乙: 2円 }\namount a: yen = 上限[枠]\n").empty());
    CHECK(codes(e + "param 上限: yen by 枠 { 甲: 1円, 甲: 2円 }\namount a: yen = 上限[枠]\n") ==
          Codes{"duplicate-definition", "table-missing-key"});
    CHECK(codes(e + "param 上限: yen by 枠 { 甲: 1, 乙: 2円 }\namount a: yen = 上限[枠]\n") ==
          Codes{"declared-type-mismatch"});
    CHECK(codes(e + "param 上限: yen by 枠 { 甲: 1円, 乙: 2円 }\namount a: yen = 上限[甲] + 上限[1]\n") ==
          Codes{"type-mismatch"});
    CHECK(codes(e + "param 率: number required \"呼び出し側が指定\"\namount a: yen = round_down(1000円 * 率)\n").empty());
    CHECK(codes(e + "param 率: number = 1円\namount a: yen = round_down(1000円 * 率)\n") ==
          Codes{"declared-type-mismatch"});
}
