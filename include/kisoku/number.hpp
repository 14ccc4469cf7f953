// kisoku/number.hpp — the exact number type every kisoku value is built on.
//
// A Number is an exact rational. Values whose reduced numerator and denominator fit in a signed
// 64-bit integer (excluding INT64_MIN, so that negation can never overflow) are kept inline and
// operated on with 128-bit intermediates; anything larger moves transparently to
// boost::multiprecision::cpp_rational, held behind an immutable, reference-counted pointer so that
// copies stay cheap and a Number can be shared between threads. A Number is 16 bytes either way:
// evaluation keeps one in every value it reads, and smaller values are fewer cache lines. No
// floating point is used anywhere.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <atomic>
#include <compare>
#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kisoku {

namespace eval {
struct Value;
}

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
// equal values always have the same representation and equality is a field comparison. In the
// big form the denominator field holds a negative tag (so that `(a.den_ | b.den_) == 1`, the
// fast path's test for two small integers, fails for it) and the numerator field the address of
// the shared big value.
class Number {
public:
    // Zero.
    constexpr Number() noexcept = default;
    // Copies and moves of the small form are two words and a test, inline; the big form's
    // reference counting is out of line. A moved-from Number is zero.
    Number(Number const& other) noexcept : num_(other.num_), den_(other.den_) {
        if (is_big()) [[unlikely]]
            retain();
    }
    [[gnu::always_inline]] Number(Number&& other) noexcept : num_(other.num_), den_(other.den_) {
        other.num_ = 0;
        other.den_ = 1;
    }
    Number& operator=(Number const& other) noexcept {
        if (either_big(*this, other)) [[unlikely]]
            return assign_big(other);
        num_ = other.num_;
        den_ = other.den_;
        return *this;
    }
    Number& operator=(Number&& other) noexcept {
        if (is_big()) [[unlikely]]
            release();
        num_ = other.num_;  // Moving a Number into itself leaves zero, which is allowed.
        den_ = other.den_;
        other.num_ = 0;
        other.den_ = 1;
        return *this;
    }
    [[gnu::always_inline]] ~Number() {
        if (is_big()) [[unlikely]]
            release();
    }

    // An integer. Implicit by design: `Number(3) * x` and `x == 0` read as policy staff write them.
    template <std::signed_integral T>
    Number(T value) : num_(static_cast<std::int64_t>(value)) {  // NOLINT(google-explicit-constructor)
        if constexpr (sizeof(T) >= sizeof(std::int64_t))
            if (value == INT64_MIN) [[unlikely]]
                set_big_integer(value);
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

    bool is_small() const noexcept { return !is_big(); }
    // An integer in the small form: small_numerator() is its value. One test (the big form's
    // denominator field is never 1), for the whole-number fast paths outside Number.
    bool is_small_integer() const noexcept { return den_ == 1; }
    bool is_integer() const noexcept { return is_big() ? denominator_big() == 1 : den_ == 1; }
    bool is_zero() const noexcept { return !is_big() && num_ == 0; }
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
    // Value keeps a Number in 14 bytes next to its state (kisoku/eval/value.hpp): it takes the
    // two fields apart and puts them together again, and holds the big form's reference.
    friend struct eval::Value;

    // The big form's value, shared by every copy of the Number (in any thread) and freed by the last.
    struct Big {
        std::atomic<std::int64_t> references{1};
        BigRational const value;
    };
    // den_ in the big form.
    static constexpr std::int64_t big_tag = -1;
    static_assert(sizeof(Big*) <= sizeof(std::int64_t), "the big form keeps its pointer in the numerator's field");

    bool is_big() const noexcept { return den_ == big_tag; }
    // Without a branch: comparisons combined bitwise.
    static bool both_small(Number const& a, Number const& b) noexcept { return (a.den_ != big_tag) & (b.den_ != big_tag); }
    static bool either_big(Number const& a, Number const& b) noexcept { return (a.den_ == big_tag) | (b.den_ == big_tag); }
    Big* big() const noexcept { return reinterpret_cast<Big*>(static_cast<std::intptr_t>(num_)); }
    BigRational const& big_value() const noexcept { return big()->value; }
    [[gnu::noinline]] void retain() const noexcept { big()->references.fetch_add(1, std::memory_order_relaxed); }
    [[gnu::noinline]] void release() noexcept {
        if (big()->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete big();
    }
    [[gnu::noinline]] Number& assign_big(Number const& other) noexcept {
        if (other.is_big()) other.retain();  // First, in case other is this Number.
        if (is_big()) release();
        num_ = other.num_;
        den_ = other.den_;
        return *this;
    }
    void set_big(BigRational value);
    // Sets `out` to `value` in the small form and returns true when it fits there.
    static bool small_form_of(BigRational const& value, Number& out);
    // The one integer of 64 bits that the small form excludes, out of line so that the constructor
    // from an integer stays small enough to inline.
    [[gnu::noinline, gnu::cold]] void set_big_integer(std::int64_t value) { set_big(BigRational(BigInteger(value))); }
    static Number from_i128(__int128 numerator, __int128 denominator);
    // An operand of the big path: the big value itself when x has one (not copied), otherwise x
    // converted into `storage`.
    static BigRational const& big_operand(Number const& x, BigRational& storage) {
        return x.is_big() ? x.big_value() : (storage = x.to_big());
    }

    std::int64_t num_ = 0;  // The numerator; in the big form, the address of a Big.
    std::int64_t den_ = 1;  // The denominator (> 0); in the big form, big_tag.
};

}  // namespace kisoku

#include "kisoku/detail/number_impl.hpp"
