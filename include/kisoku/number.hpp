// kisoku/number.hpp — the exact number type every kisoku value is built on.
//
// A Number is an exact rational. Values whose reduced numerator and denominator fit in a signed
// 64-bit integer (excluding INT64_MIN, so that negation can never overflow) are kept inline and
// operated on with 128-bit intermediates; anything larger moves transparently to
// boost::multiprecision::cpp_rational, held behind an immutable shared pointer so that copies stay
// cheap and a Number can be shared between threads. No floating point is used anywhere.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <compare>
#include <concepts>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kisoku {

// The arbitrary-precision types behind the slow path.
using BigInteger = boost::multiprecision::cpp_int;
using BigRational = boost::multiprecision::cpp_rational;

// Thrown by Number's operators for an operation with no exact answer (division by zero).
// Evaluators catch it and turn it into a located diagnostic.
class ArithmeticError : public std::domain_error {
public:
    using std::domain_error::domain_error;
};

// An exact rational number.
//
// Invariants: in the small form the denominator is positive, gcd(|num|, den) == 1, and neither
// part is INT64_MIN; a value is in the big form only when it does not fit the small form, so
// equal values always have the same representation and equality is a field comparison.
class Number {
public:
    // Zero.
    constexpr Number() noexcept = default;

    // An integer. Implicit by design: `Number(3) * x` and `x == 0` read as policy staff write them.
    template <std::signed_integral T>
    Number(T value) : num_(static_cast<std::int64_t>(value)) {  // NOLINT(google-explicit-constructor)
        if constexpr (sizeof(T) >= sizeof(std::int64_t))
            if (value == INT64_MIN) set_big(BigRational(BigInteger(value)));
    }
    template <std::unsigned_integral T>
    Number(T value) {  // NOLINT(google-explicit-constructor)
        if (static_cast<std::uint64_t>(value) <= static_cast<std::uint64_t>(INT64_MAX))
            num_ = static_cast<std::int64_t>(value);
        else
            set_big(BigRational(BigInteger(value)));
    }

    // The exact value of numerator / denominator; throws ArithmeticError when denominator is 0.
    static Number ratio(std::int64_t numerator, std::int64_t denominator);
    static Number from_big(BigRational value);
    static Number from_big(BigInteger const& value) { return from_big(BigRational(value)); }

    // Parses the canonical text written by to_string(): "-12", "0.125", "2/3". Used for round
    // trips and tests; literals as policy staff write them go through kisoku/literal.hpp.
    // Throws std::invalid_argument on anything else.
    static Number parse(std::string_view text);

    bool is_small() const noexcept { return !big_; }
    bool is_integer() const noexcept { return big_ ? denominator_big() == 1 : den_ == 1; }
    bool is_zero() const noexcept { return !big_ && num_ == 0; }
    // -1, 0 or 1.
    int sign() const noexcept;

    // The numerator and denominator of the reduced fraction (denominator > 0).
    BigInteger numerator_big() const;
    BigInteger denominator_big() const;
    BigRational to_big() const;
    // The small form's parts; only meaningful when is_small().
    std::int64_t small_numerator() const noexcept { return num_; }
    std::int64_t small_denominator() const noexcept { return den_; }

    friend Number operator+(Number const& a, Number const& b);
    friend Number operator-(Number const& a, Number const& b);
    friend Number operator*(Number const& a, Number const& b);
    // Throws ArithmeticError when b is zero.
    friend Number operator/(Number const& a, Number const& b);
    Number operator-() const;
    Number& operator+=(Number const& b) { return *this = *this + b; }
    Number& operator-=(Number const& b) { return *this = *this - b; }
    Number& operator*=(Number const& b) { return *this = *this * b; }
    Number& operator/=(Number const& b) { return *this = *this / b; }

    friend bool operator==(Number const& a, Number const& b) noexcept;
    friend std::strong_ordering operator<=>(Number const& a, Number const& b);

    Number abs() const { return sign() < 0 ? -*this : *this; }

    // The largest integer not above this value, and the remainder (this - floor) as a Number in [0, 1).
    Number floor() const;

    // Canonical exact text: integers as digits ("-12"), values with a terminating decimal expansion
    // as decimals ("0.5", "-1.25"), all others as "p/q" ("2/3", "-7/3").
    std::string to_string() const;
    // The same with thousands separators in the integer part: "1,234,567.5", "2/3", "-10,000/3".
    std::string to_display_string() const;

private:
    void set_big(BigRational value);
    static Number from_i128(__int128 numerator, __int128 denominator);

    std::int64_t num_ = 0;
    std::int64_t den_ = 1;
    // Non-null exactly when the value does not fit the small form.
    std::shared_ptr<BigRational const> big_;
};

}  // namespace kisoku

#include "kisoku/detail/number_impl.hpp"
