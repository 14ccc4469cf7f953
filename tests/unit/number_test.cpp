// The number type: canonical forms, the fast path and its overflow into big numbers.
#include "kisoku/number.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

using kisoku::Number;

TEST_CASE("canonical text") {
    CHECK(Number(600000).to_string() == "600000");
    CHECK(Number::ratio(1, 2).to_string() == "0.5");
    CHECK(Number::ratio(-5, 4).to_string() == "-1.25");
    CHECK(Number::ratio(2, 3).to_string() == "2/3");
    CHECK(Number::ratio(-7, 3).to_string() == "-7/3");
    CHECK(Number::ratio(1, 1024).to_string() == "0.0009765625");
    CHECK(Number::ratio(4, -6).to_string() == "-2/3");
    CHECK(Number(1234567).to_display_string() == "1,234,567");
    CHECK(Number(-1234567).to_display_string() == "-1,234,567");
    CHECK(Number::ratio(-20000, 3).to_display_string() == "-20,000/3");
    CHECK(Number::parse("1234.5").to_display_string() == "1,234.5");
    CHECK(Number(100).to_display_string() == "100");
}

TEST_CASE("display groups every length of digits by threes") {
    // Against grouping written the plain way, character by character, for 0 to 40 digits, with and
    // without a sign, in the whole part of a decimal and in both terms of a fraction.
    auto reference = [](std::string const& digits) {
        std::string out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
            out += digits[i];
        }
        return out;
    };
    std::string digits;
    for (int n = 1; n <= 40; ++n) {
        digits += static_cast<char>('0' + (n % 9) + 1);  // No leading zero, and no zeros at all.
        std::string const grouped = reference(digits);
        CHECK(Number::parse(digits).to_display_string() == grouped);
        CHECK(Number::parse("-" + digits).to_display_string() == "-" + grouped);
        CHECK(kisoku::detail::display_of_canonical(digits + ".12345") == grouped + ".12345");
        CHECK(kisoku::detail::display_of_canonical("-" + digits + "/" + digits) == "-" + grouped + "/" + grouped);
    }
    CHECK(kisoku::detail::display_of_canonical("") == "");
    CHECK(kisoku::detail::display_of_canonical("-") == "-");
}

TEST_CASE("parse reads back every canonical form") {
    for (auto text : {"0", "-12", "0.125", "-0.5", "2/3", "-7/3", "123456789012345678901234567890",
                      "-98765432109876543210.0123456789"})
        CHECK(Number::parse(text).to_string() == text);
    CHECK_THROWS(Number::parse("1/0"));
    CHECK_THROWS(Number::parse("abc"));
    CHECK_THROWS(Number::parse("1.2.3"));
    CHECK_THROWS(Number::parse(""));
}

TEST_CASE("overflow moves to big numbers and back") {
    Number max = Number(INT64_MAX);
    CHECK(max.is_small());
    Number beyond = max + 1;
    CHECK_FALSE(beyond.is_small());
    CHECK(beyond.to_string() == "9223372036854775808");
    CHECK((beyond - 1).is_small());
    CHECK(beyond - 1 == max);
    CHECK_FALSE(Number(INT64_MIN).is_small());
    CHECK((-max - 1).to_string() == "-9223372036854775808");
    Number product = Number(INT64_MAX) * Number(INT64_MAX);
    CHECK(product.to_string() == "85070591730234615847396907784232501249");
    CHECK((product / Number(INT64_MAX)) == max);
    CHECK((product / Number(INT64_MAX)).is_small());
    Number tiny = Number::ratio(1, INT64_MAX) * Number::ratio(1, INT64_MAX);
    CHECK_FALSE(tiny.is_small());
    CHECK(tiny * Number(INT64_MAX) == Number::ratio(1, INT64_MAX));
}

TEST_CASE("copies of a big number share its value; a moved-from number is zero") {
    Number const big = Number::parse("123456789012345678901234567890");
    Number copy = big;
    CHECK(copy == big);
    Number assigned = Number(5);
    assigned = copy;  // Small to big.
    CHECK(assigned == big);
    Number const& same = assigned;
    assigned = same;  // Onto itself: nothing freed.
    CHECK(assigned == big);
    assigned = Number(7);  // Big to small: the big value is released, the copies keep it.
    CHECK(assigned == 7);
    CHECK(copy.to_string() == "123456789012345678901234567890");
    Number moved = std::move(copy);
    CHECK(moved == big);
    CHECK(copy.is_zero());  // NOLINT(bugprone-use-after-move): a moved-from Number is zero (number.hpp).
    copy = std::move(moved);
    CHECK(copy == big);
    CHECK(moved.is_zero());  // NOLINT(bugprone-use-after-move)
    CHECK(sizeof(Number) == 16);
}

TEST_CASE("a big number copied and dropped by several threads at once keeps its value") {
    Number const shared = Number::parse("-98765432109876543210.0123456789");
    std::vector<std::thread> threads;
    std::vector<int> same(4, 0);
    for (std::size_t t = 0; t < same.size(); ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20000; ++i) {
                Number copy = shared;
                Number other;
                other = copy;
                same[t] += other == shared;
            }
        });
    for (auto& thread : threads) thread.join();
    for (int s : same) CHECK(s == 20000);
    CHECK(shared.to_string() == "-98765432109876543210.0123456789");
}

TEST_CASE("exact arithmetic") {
    CHECK(Number(900000) * Number::ratio(2, 3) == Number(600000));
    CHECK(Number::parse("0.1") + Number::parse("0.2") == Number::parse("0.3"));
    CHECK(Number::ratio(1, 3) * 3 == 1);
    CHECK((Number::ratio(1, 6) + Number::ratio(1, 3)) == Number::ratio(1, 2));
    CHECK(Number(7) / 2 == Number::ratio(7, 2));
    CHECK_THROWS_AS(Number(1) / 0, kisoku::ArithmeticError);
    CHECK(Number::ratio(-7, 2).floor() == -4);
    CHECK(Number::ratio(7, 2).floor() == 3);
    CHECK(Number::ratio(1, 3) < Number::ratio(1, 2));
    CHECK(Number(5).abs() == 5);
    CHECK(Number(-5).abs() == 5);
    CHECK(Number::parse("123456789012345678901234567890") > Number(INT64_MAX));
}
