// Money: units enforced by the type, rounding with the rule's mode and unit.
#include "kisoku/money.hpp"

#include <doctest/doctest.h>

#include <type_traits>

using namespace kisoku;

namespace {
template <typename A, typename B>
concept Addable = requires(A a, B b) { a + b; };
template <typename A, typename B>
concept Multipliable = requires(A a, B b) { a * b; };
}  // namespace

TEST_CASE("money arithmetic is exact and keeps its unit") {
    Money grant = Money(900000) * Number::ratio(2, 3);
    CHECK(grant == Money(600000));
    CHECK(grant.to_string() == "600000円");
    CHECK((Money(1000) / Number(3)).to_string() == "1000/3円");
    CHECK(Money(350000) - Money(20000) == Money(330000));
    CHECK(Money(1000) / Money(4000) == Number::ratio(1, 4));
    CHECK(min(Money(330000), Money(300000)) == Money(300000));
    CHECK(Money(Number::parse("1234567.5")).to_display_string() == "1,234,567.5円");
}

TEST_CASE("mixing yen with bare numbers does not compile") {
    static_assert(Addable<Money, Money>);
    static_assert(!Addable<Money, Number>);
    static_assert(!Addable<Number, Money>);
    static_assert(Multipliable<Money, Number>);
    static_assert(!Multipliable<Money, Money>);
}

TEST_CASE("千円未満切り捨て and the other modes on amounts") {
    Money half = Money(1234567) * Number::ratio(1, 2);
    CHECK(round(half, Money(1000), RoundingMode::down) == Money(617000));
    CHECK(round(half, RoundingMode::down) == Money(617283));
    CHECK(round(half, RoundingMode::half_up) == Money(617284));
    CHECK(round(half, RoundingMode::half_even) == Money(617284));
    CHECK(round(Money(Number::parse("617282.5")), RoundingMode::half_even) == Money(617282));
    CHECK(round(Money(-1500), Money(1000), RoundingMode::down) == Money(-1000));
    CHECK(round(Money(-1500), Money(1000), RoundingMode::floor) == Money(-2000));
    CHECK_THROWS_AS(round(Money(1), Money(0), RoundingMode::down), ArithmeticError);
}

TEST_CASE("rounding modes are named in English and Japanese") {
    CHECK(parse_rounding_mode("切り捨て") == RoundingMode::down);
    CHECK(parse_rounding_mode("四捨五入") == RoundingMode::half_up);
    CHECK(parse_rounding_mode("half_even") == RoundingMode::half_even);
    CHECK_FALSE(parse_rounding_mode("nearest").has_value());
    for (auto mode : all_rounding_modes) CHECK(parse_rounding_mode(name(mode)) == mode);
}
