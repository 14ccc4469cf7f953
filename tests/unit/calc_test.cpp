// `kisoku calc` semantics through the library: exact results, units, and located errors.
#include "kisoku/calc.hpp"

#include <doctest/doctest.h>

namespace {

std::string calc(std::string_view text) {
    auto result = kisoku::calculate(text);
    if (result.value) return result.value->to_string();
    REQUIRE(!result.diagnostics.empty());
    return "error " + std::string(result.diagnostics.front().code) + " @" +
           std::to_string(result.source->location(result.diagnostics.front().span.begin).column);
}

}  // namespace

TEST_CASE("the examples policy staff check") {
    CHECK(calc("900000 * 2/3") == "600000");
    CHECK(calc("900000円 * 2/3") == "600000円");
    CHECK(calc("round_down(1234567円 * 1/2, 1000円)") == "617000円");
    CHECK(calc("round_half_even(2.5)") == "2");
    CHECK(calc("round_half_up(-2.5)") == "-3");
    CHECK(calc("0.1 + 0.2 == 0.3") == "true");
    CHECK(calc("1/3 + 1/3 + 1/3") == "1");
    CHECK(calc("20万円 + ¥1,000") == "201000円");
    CHECK(calc("min(350,000円 - 20,000円 - 0円, 300,000円)") == "300000円");
}

TEST_CASE("precedence, unary minus and parentheses") {
    CHECK(calc("1 + 2 * 3") == "7");
    CHECK(calc("(1 + 2) * 3") == "9");
    CHECK(calc("-2 * -3") == "6");
    CHECK(calc("- (1 - 3)") == "2");
    CHECK(calc("10 - 4 - 3") == "3");
    CHECK(calc("12 / 4 / 3") == "1");
    CHECK(calc("2 / 3 * 3") == "2");
    CHECK(calc("1 + 1 == 2") == "true");
    CHECK(calc("  1 +  # a comment\n 2") == "3");
}

TEST_CASE("units of money") {
    CHECK(calc("100円 / 3") == "100/3円");
    CHECK(calc("100円 / 400円") == "0.25");
    CHECK(calc("2 * 100円") == "200円");
    CHECK(calc("100円 + 5") == "error unit-mismatch @6");
    CHECK(calc("5 - 100円") == "error unit-mismatch @3");
    CHECK(calc("100円 * 2円") == "error yen-times-yen @6");
    CHECK(calc("5 / 2円") == "error divide-by-yen @3");
    CHECK(calc("100円 > 5") == "error unit-mismatch @6");
    CHECK(calc("max(1円, 2)") == "error unit-mismatch @9");
    CHECK(calc("round_down(5円, 1000)") == "error rounding-unit-mismatch @16");
    CHECK(calc("round_down(5, 1000円)") == "error rounding-unit-mismatch @15");
    CHECK(calc("round_down(5円, -1円)") == "error rounding-unit-not-positive @16");
}

TEST_CASE("rounding functions and their Japanese names") {
    CHECK(calc("round_down(-1.5)") == "-1");
    CHECK(calc("round_up(-1.5)") == "-2");
    CHECK(calc("floor(-1.5)") == "-2");
    CHECK(calc("ceiling(-1.5)") == "-1");
    CHECK(calc("round_half_down(2.5)") == "2");
    CHECK(calc("round_half_down(-2.5)") == "-2");
    CHECK(calc("round_half_even(3.5)") == "4");
    CHECK(calc("round_half_up(0.125, 0.01)") == "0.13");
    CHECK(calc("round_half_even(0.125, 0.01)") == "0.12");
    CHECK(calc("切り捨て(1999円, 1000円)") == "1000円");
    CHECK(calc("切り上げ(1001円, 1000円)") == "2000円");
    CHECK(calc("四捨五入(1500円, 1000円)") == "2000円");
    CHECK(calc("round_down(10円 / 3, 1円 / 3)") == "10/3円");
    CHECK(calc("round_down(11円 / 3, 1円 / 3)") == "11/3円");
    CHECK(calc("round_down(10円 / 3, 1円)") == "3円");
}

TEST_CASE("errors are located and never throw") {
    CHECK(calc("1/0") == "error division-by-zero @2");
    CHECK(calc("(1 + 2") == "error syntax-expected @7");
    CHECK(calc("1 +") == "error syntax-expected @4");
    CHECK(calc("") == "error syntax-empty @1");
    CHECK(calc("   ") == "error syntax-empty @4");
    CHECK(calc("1 2") == "error syntax-unexpected @3");
    CHECK(calc("2 < 3 < 4") == "error chained-comparison @7");
    CHECK(calc("foo(1)") == "error unknown-function @1");
    CHECK(calc("x + 1") == "error unknown-name @1");
    CHECK(calc("abs()") == "error wrong-arity @1");
    CHECK(calc("true + 1") == "error not-a-number @6");
    CHECK(calc("true == true") == "true");
    CHECK(calc("true < false") == "error not-a-number @6");
}

TEST_CASE("a misspelt function gets a suggestion") {
    auto result = kisoku::calculate("rond_down(3)");
    REQUIRE(result.diagnostics.size() == 2);
    CHECK(result.diagnostics[1].severity == kisoku::Severity::note);
    CHECK(kisoku::message(result.diagnostics[1], kisoku::Language::en) == "did you mean 'round_down'?");
    CHECK(kisoku::message(result.diagnostics[1], kisoku::Language::ja) == "'round_down' のことですか？");
}

TEST_CASE("deep nesting and invalid UTF-8 are refused, not crashed on") {
    std::string deep(100000, '(');
    deep += "1";
    deep += std::string(100000, ')');
    CHECK(calc(deep) == "error syntax-too-deep @257");
    std::string minus(100000, '-');
    minus += "1";
    CHECK(calc(minus).rfind("error syntax-too-deep", 0) == 0);
    CHECK(calc("1 + \xff") == "error invalid-utf8 @5");
}

TEST_CASE("logic, conditionals and membership") {
    CHECK(calc("true and false") == "false");
    CHECK(calc("true or false") == "true");
    CHECK(calc("not (1 < 2) or 3 == 3") == "true");
    CHECK(calc("1 < 2 かつ 2 < 3") == "true");
    CHECK(calc("1 > 2 または 2 > 3") == "false");
    CHECK(calc("false and 1") == "false");  // The right side is not needed, so not evaluated.
    CHECK(calc("true and 1") == "error not-a-condition @10");
    CHECK(calc("if 1 < 2 then 10円 else 20円") == "10円");
    CHECK(calc("もし 2 > 3 ならば 1 でなければ 2") == "2");
    CHECK(calc("if 1 then 2 else 3") == "error not-a-condition @4");
    CHECK(calc("if true then 1") == "error syntax-expected @15");
    CHECK(calc("3 in {1, 2, 3}") == "true");
    CHECK(calc("4 in {1, 2, 3}") == "false");
    CHECK(calc("5 in 1 .. 4") == "false");
    CHECK(calc("5 in 1..5") == "true");
    CHECK(calc("50万円 in 0円 .. 100万円") == "true");
    CHECK(calc("5 in {1円}") == "error unit-mismatch @7");
    CHECK(calc("1 in 2") == "error not-a-collection @6");
    CHECK(calc("{1, 2}") == "error set-outside-in @1");
}

TEST_CASE("dates in expressions") {
    CHECK(calc("2025-04-14 in 2025-04-01 .. 2026-03-31") == "true");
    CHECK(calc("2025-03-31 in 2025-04-01 .. 2026-03-31") == "false");
    CHECK(calc("令和7年4月14日 == 2025-04-14") == "true");
    CHECK(calc("令和元年5月1日 < 2020-01-01") == "true");
    CHECK(calc("2025-02-30") == "error invalid-date @1");
    CHECK(calc("平成31年5月1日") == "error invalid-date @1");
    CHECK(calc("2025-04-14 < 5") == "error unit-mismatch @12");
    CHECK(calc("2025-04-14 + 1") == "error not-a-number @12");
}

TEST_CASE("field access, lookups and filters parse, and say what they need") {
    CHECK(calc("代表構成員.法人") == "error unknown-name @1");
    CHECK(calc("(1).x") == "error not-a-record @2");
    CHECK(calc("上限額[活動種別]") == "error unknown-name @1");
    CHECK(calc("(1)[2]") == "error not-a-table @2");
    CHECK(calc("1 where true") == "error not-a-list @1");
    CHECK(calc("count(構成員 where 法人)") == "error unknown-function @1");
    CHECK(calc("a.") == "error syntax-expected @3");
    CHECK(calc("x[1") == "error syntax-expected @4");
    CHECK(calc("andy + 1") == "error unknown-name @1");
    CHECK(calc("and + 1") == "error syntax-expected @1");
}

TEST_CASE("long operator chains are bounded by the depth limit") {
    std::string chain = "1";
    for (int i = 0; i < 1200; ++i) chain += " + 1";
    CHECK(calc(chain).rfind("error expression-too-deep", 0) == 0);
    std::string fine = "1";
    for (int i = 0; i < 900; ++i) fine += " + 1";
    CHECK(calc(fine) == "901");
}

TEST_CASE("not in") {
    CHECK(calc("3 not in {1, 2}") == "true");
    CHECK(calc("3 ∉ {1, 3}") == "false");
    CHECK(calc("5 not in 1 .. 4") == "true");
}
