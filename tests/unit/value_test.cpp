// A Value keeps a number in 14 bytes (kisoku/eval/value.hpp): Number's numerator field, and its
// denominator less one in 48 bits; a number that does not fit is kept in Number's big form, shared
// by reference. These tests put every kind of number through a Value and read it back, and copy,
// move and overwrite Values holding big numbers (the sanitizer jobs find a reference counted
// wrongly as a leak or a use after free).
#include "kisoku/eval/value.hpp"

#include <doctest/doctest.h>

#include <thread>
#include <utility>
#include <vector>

using kisoku::Number;
using kisoku::eval::State;
using kisoku::eval::Value;

namespace {

// Numbers of every form: whole, fractions, the widest denominators kept in the small part of a
// Value and the first beyond them, and numbers only the big form holds.
std::vector<Number> sample_numbers() {
    std::int64_t const widest = std::int64_t{1} << 47;  // The largest denominator kept in 48 bits.
    return {
        Number(0),
        Number(1),
        Number(-1),
        Number(300000),
        Number(INT64_MAX),
        Number(-INT64_MAX),
        Number(INT64_MIN),  // The big form: the small form excludes it.
        Number::ratio(1, 3),
        Number::ratio(-7, 2),
        Number::ratio(1, widest),
        Number::ratio(-5, widest - 1),
        Number::ratio(1, widest + 1),
        Number::ratio(3, INT64_MAX),
        Number::ratio(INT64_MAX, INT64_MAX - 1),
        Number::parse("123456789012345678901234567890"),
        Number::parse("-1/123456789012345678901234567890"),
    };
}

}  // namespace

TEST_CASE("a Value is 16 bytes and gives back every number it was given") {
    static_assert(sizeof(Value) == 16);
    static_assert(alignof(Value) == 16);
    for (Number const& n : sample_numbers()) {
        INFO(n.to_string());
        Value const v = Value::of_number(n);
        CHECK(v.state == State::known);
        CHECK(v.number() == n);
        CHECK(v.number().to_string() == n.to_string());
        // The whole-number fast path is taken exactly for whole numbers of the small form.
        CHECK(v.holds_small_integer() == n.is_small_integer());
        if (v.holds_small_integer()) CHECK(v.small_integer() == n.small_numerator());
        // A number kept in the big form for its denominator's width only comes back in the small
        // form, so that equal numbers compare equal field by field.
        CHECK(v.number().is_small() == n.is_small());
    }
    CHECK(Value{}.number() == Number(0));
}

TEST_CASE("Values holding big numbers are copied, moved and overwritten without losing them") {
    auto const numbers = sample_numbers();
    std::vector<Value> values;
    for (Number const& n : numbers) values.push_back(Value::of_number(n));
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        INFO(numbers[i].to_string());
        Value copy = values[i];  // A second reference.
        Value moved = std::move(copy);
        CHECK(moved.number() == numbers[i]);
        Value assigned = Value::of_number(Number::parse("987654321098765432109876543210"));
        assigned = values[i];
        CHECK(assigned.number() == numbers[i]);
        assigned = assigned;  // Assigning a Value to itself keeps it.
        CHECK(assigned.number() == numbers[i]);
        Value target = Value::of_number(Number::parse("-5/98765432109876543210"));
        target = std::move(assigned);
        CHECK(target.number() == numbers[i]);
        // A number replaced by another, by its own number, and by a value that is not a number.
        target.set_number(target.number());
        CHECK(target.number() == numbers[i]);
        target.set_number(numbers[(i + 1) % numbers.size()]);
        CHECK(target.number() == numbers[(i + 1) % numbers.size()]);
        target = Value::of_word(3, 4);
        CHECK(target.word == 3);
        CHECK(target.word2 == 4);
        CHECK(target.holds_small_integer() == false);
    }
    // The originals outlive every copy, and copies outlive the originals.
    std::vector<Value> copies = values;
    values.clear();
    for (std::size_t i = 0; i < numbers.size(); ++i) CHECK(copies[i].number() == numbers[i]);
}

TEST_CASE("a big number in a Value is copied and released from several threads at once") {
    Value const shared = Value::of_number(Number::parse("123456789012345678901234567890"));
    std::vector<std::thread> threads;
    std::vector<int> equal(4, 0);
    for (std::size_t t = 0; t < equal.size(); ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 1000; ++i) {
                std::vector<Value> copies(8, shared);
                equal[t] += copies.back().number() == shared.number();
            }
        });
    for (auto& thread : threads) thread.join();
    for (int e : equal) CHECK(e == 1000);
    CHECK(shared.number() == Number::parse("123456789012345678901234567890"));
}
