// kisoku/money.hpp — an amount of yen, as an exact Number that carries its unit.
//
// The operators allow only what makes sense for money: yen ± yen, yen × rate, yen ÷ rate,
// yen ÷ yen (a rate), and comparisons between amounts. Adding a bare number to yen, or multiplying
// two amounts, does not compile. An amount may hold a fraction of a yen in the middle of a formula
// (900,000円 × 1/3); round() turns it back into whole units, with the mode a rule states.
#pragma once

#include "kisoku/number.hpp"
#include "kisoku/rounding.hpp"

#include <string>

namespace kisoku {

class Money {
public:
    // Zero yen.
    Money() = default;
    // An amount of `yen` yen (possibly fractional).
    explicit Money(Number yen) : yen_(std::move(yen)) {}

    // The amount in yen, as a plain number.
    Number const& yen() const noexcept { return yen_; }
    bool is_whole_yen() const noexcept { return yen_.is_integer(); }
    int sign() const noexcept { return yen_.sign(); }

    friend Money operator+(Money const& a, Money const& b) { return Money(a.yen_ + b.yen_); }
    friend Money operator-(Money const& a, Money const& b) { return Money(a.yen_ - b.yen_); }
    Money operator-() const { return Money(-yen_); }
    friend Money operator*(Money const& a, Number const& rate) { return Money(a.yen_ * rate); }
    friend Money operator*(Number const& rate, Money const& a) { return Money(rate * a.yen_); }
    // Throws ArithmeticError when rate is zero.
    friend Money operator/(Money const& a, Number const& rate) { return Money(a.yen_ / rate); }
    // The ratio of two amounts, a plain number. Throws ArithmeticError when b is zero yen.
    friend Number operator/(Money const& a, Money const& b) { return a.yen_ / b.yen_; }
    Money& operator+=(Money const& b) { return *this = *this + b; }
    Money& operator-=(Money const& b) { return *this = *this - b; }

    friend bool operator==(Money const& a, Money const& b) noexcept { return a.yen_ == b.yen_; }
    friend std::strong_ordering operator<=>(Money const& a, Money const& b) { return a.yen_ <=> b.yen_; }

    // Mixing a bare number with an amount is a unit error: the overloads exist only to be deleted,
    // so that the mistake is a compile error and not a silent conversion.
    friend Money operator+(Money const&, Number const&) = delete;
    friend Money operator+(Number const&, Money const&) = delete;
    friend Money operator-(Money const&, Number const&) = delete;
    friend Money operator-(Number const&, Money const&) = delete;
    friend Money operator*(Money const&, Money const&) = delete;

    // Canonical exact text: "600000円", "0.5円", "1/3円".
    std::string to_string() const { return yen_.to_string() + "円"; }
    // Display text with thousands separators: "600,000円".
    std::string to_display_string() const { return yen_.to_display_string() + "円"; }

private:
    Number yen_;
};

// Rounds an amount to a multiple of `unit` (1円, 1,000円 …) under `mode`: 千円未満切り捨て is
// round(x, Money(1000), RoundingMode::down). Throws ArithmeticError when unit is not positive.
inline Money round(Money const& amount, Money const& unit, RoundingMode mode) {
    return Money(round_to(amount.yen(), unit.yen(), mode));
}

// Rounds an amount to whole yen.
inline Money round(Money const& amount, RoundingMode mode) { return round(amount, Money(Number(1)), mode); }

inline Money min(Money const& a, Money const& b) { return b < a ? b : a; }
inline Money max(Money const& a, Money const& b) { return a < b ? b : a; }

}  // namespace kisoku
