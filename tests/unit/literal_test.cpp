// Literals as policy staff write them, and the errors for malformed ones.
#include "kisoku/literal.hpp"

#include <doctest/doctest.h>

using kisoku::LiteralError;
using kisoku::LiteralValue;
using kisoku::Number;

namespace {

LiteralValue value_of(std::u32string_view text) {
    auto result = kisoku::parse_literal(text);
    REQUIRE_MESSAGE(std::holds_alternative<LiteralValue>(result), kisoku::encode_utf8(text));
    return std::get<LiteralValue>(result);
}

LiteralError error_of(std::u32string_view text) {
    auto result = kisoku::parse_literal(text);
    REQUIRE_MESSAGE(std::holds_alternative<LiteralError>(result), kisoku::encode_utf8(text));
    return std::get<LiteralError>(result);
}

}  // namespace

TEST_CASE("plain numbers, decimals and percentages") {
    CHECK(value_of(U"200000").value == Number(200000));
    CHECK_FALSE(value_of(U"200000").is_yen);
    CHECK(value_of(U"200,000").value == Number(200000));
    CHECK(value_of(U"1,234,567").value == Number(1234567));
    CHECK(value_of(U"0.5").value == Number::ratio(1, 2));
    CHECK(value_of(U"50%").value == Number::ratio(1, 2));
    CHECK(value_of(U"12.5％").value == Number::ratio(1, 8));
    CHECK(value_of(U"0.001").value == Number::ratio(1, 1000));
    CHECK(value_of(U"2,000.25").value == Number::ratio(8001, 4));
}

TEST_CASE("amounts of yen in every accepted spelling") {
    for (auto text : {U"200000円", U"200,000円", U"¥200,000", U"￥200000", U"20万円", U"２０万円", U"２００，０００円"}) {
        auto v = value_of(text);
        CHECK(v.is_yen);
        CHECK_MESSAGE(v.value == Number(200000), kisoku::encode_utf8(text));
    }
    CHECK(value_of(U"1.5万円").value == Number(15000));
    CHECK(value_of(U"3億円").value == Number(300000000));
    CHECK(value_of(U"1億2000万円").value == Number(120000000));
    CHECK(value_of(U"1億2,000万5,000円").value == Number(120005000));
    CHECK(value_of(U"5千円").value == Number(5000));
    CHECK(value_of(U"1万5千円").value == Number(15000));
    CHECK(value_of(U"2兆円").value == Number::parse("2000000000000"));
    CHECK(value_of(U"0.5円").value == Number::ratio(1, 2));
}

TEST_CASE("huge literals stay exact") {
    auto v = value_of(U"123456789012345678901234567890123456789012345678901234567890");
    CHECK(v.value.to_string() == "123456789012345678901234567890123456789012345678901234567890");
    CHECK_FALSE(v.value.is_small());
    CHECK(value_of(U"9999999999999999999億円").value.to_string() == "999999999999999999900000000");
}

TEST_CASE("malformed literals say what is wrong and where") {
    auto e = error_of(U"20万万円");
    CHECK(e.code == "literal-multiplier-order");
    CHECK(e.begin == 3);
    e = error_of(U"1,00円");
    CHECK(e.code == "literal-thousands-group");
    CHECK(e.begin == 1);
    e = error_of(U"1000,000");
    CHECK(e.code == "literal-thousands-group");
    e = error_of(U"1,000,00");
    CHECK(e.code == "literal-thousands-group");
    e = error_of(U"¥");
    CHECK(e.code == "literal-missing-amount");
    e = error_of(U"¥円");
    CHECK(e.code == "literal-missing-amount");
    CHECK(error_of(U"¥100円").code == "literal-currency-twice");
    CHECK(error_of(U"¥50%").code == "literal-percent-yen");
    CHECK(error_of(U"1.").code == "literal-bad-decimal");
    CHECK(error_of(U"1万2億").code == "literal-multiplier-order");
    CHECK(error_of(U"1億20000万円").code == "literal-multiplier-coefficient");
    CHECK(error_of(U"1万20000円").code == "literal-multiplier-coefficient");
    CHECK(error_of(U"12x").code == "literal-bad-digit");
    CHECK(error_of(std::u32string(5000, U'1')).code == "literal-too-long");
}

TEST_CASE("signed literals for data") {
    auto v = kisoku::parse_signed_literal(U"-1,000円");
    REQUIRE(std::holds_alternative<LiteralValue>(v));
    CHECK(std::get<LiteralValue>(v).value == Number(-1000));
    auto e = kisoku::parse_signed_literal(U"−1,00円");
    REQUIRE(std::holds_alternative<LiteralError>(e));
    CHECK(std::get<LiteralError>(e).begin == 2);
}
