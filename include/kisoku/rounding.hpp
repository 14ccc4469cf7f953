// kisoku/rounding.hpp — rounding an exact number to a unit, the only place a value loses precision.
//
// Rounding happens only where a rule says how: the mode and the unit are always explicit.
// round_to(x, unit, mode) returns the multiple of `unit` chosen by `mode` among the two multiples
// that bracket x (x itself when it is already a multiple).
#pragma once

#include "kisoku/number.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace kisoku {

// How a value between two multiples of the unit is resolved. The Japanese terms are those used in
// calls for applications: 切り捨て is `down`, 切り上げ is `up`, 四捨五入 is `half_up`.
enum class RoundingMode {
    down,       // toward zero (切り捨て)
    up,         // away from zero (切り上げ)
    half_up,    // nearest; a tie goes away from zero (四捨五入)
    half_even,  // nearest; a tie goes to the even multiple (銀行丸め, banker's rounding)
    half_down,  // nearest; a tie goes toward zero (五捨六入)
    floor,      // toward negative infinity
    ceiling,    // toward positive infinity
};

// Every mode, in declaration order, for tests and documentation tables.
inline constexpr std::array<RoundingMode, 7> all_rounding_modes = {
    RoundingMode::down,      RoundingMode::up,    RoundingMode::half_up, RoundingMode::half_even,
    RoundingMode::half_down, RoundingMode::floor, RoundingMode::ceiling};

// The English name used in rule files and output: "down", "half_even", ...
constexpr std::string_view name(RoundingMode mode) noexcept {
    switch (mode) {
        case RoundingMode::down: return "down";
        case RoundingMode::up: return "up";
        case RoundingMode::half_up: return "half_up";
        case RoundingMode::half_even: return "half_even";
        case RoundingMode::half_down: return "half_down";
        case RoundingMode::floor: return "floor";
        case RoundingMode::ceiling: return "ceiling";
    }
    return "?";
}

// Reads a mode from its English name or its Japanese term (切り捨て, 切り上げ, 四捨五入, 銀行丸め, 五捨六入).
inline std::optional<RoundingMode> parse_rounding_mode(std::string_view text) {
    struct Entry {
        std::string_view text;
        RoundingMode mode;
    };
    static constexpr Entry entries[] = {
        {"down", RoundingMode::down},           {"切り捨て", RoundingMode::down},
        {"切捨て", RoundingMode::down},         {"up", RoundingMode::up},
        {"切り上げ", RoundingMode::up},         {"切上げ", RoundingMode::up},
        {"half_up", RoundingMode::half_up},     {"四捨五入", RoundingMode::half_up},
        {"half_even", RoundingMode::half_even}, {"銀行丸め", RoundingMode::half_even},
        {"half_down", RoundingMode::half_down}, {"五捨六入", RoundingMode::half_down},
        {"floor", RoundingMode::floor},         {"ceiling", RoundingMode::ceiling},
    };
    for (Entry const& e : entries)
        if (e.text == text) return e.mode;
    return std::nullopt;
}

// The rounding functions of the language, by their English and Japanese names.
struct RoundingFunction {
    std::u32string_view name;
    RoundingMode mode;
};
inline constexpr RoundingFunction rounding_functions[] = {
    {U"round_down", RoundingMode::down},           {U"切り捨て", RoundingMode::down},
    {U"round_up", RoundingMode::up},               {U"切り上げ", RoundingMode::up},
    {U"round_half_up", RoundingMode::half_up},     {U"四捨五入", RoundingMode::half_up},
    {U"round_half_even", RoundingMode::half_even}, {U"銀行丸め", RoundingMode::half_even},
    {U"round_half_down", RoundingMode::half_down}, {U"五捨六入", RoundingMode::half_down},
    {U"floor", RoundingMode::floor},               {U"ceiling", RoundingMode::ceiling},
};

// The rounding function called `name`, if there is one.
inline RoundingFunction const* find_rounding_function(std::u32string_view name) {
    for (auto const& f : rounding_functions)
        if (f.name == name) return &f;
    return nullptr;
}

namespace detail {

// Rounds the rational q to an integer under `mode`. `negative` is the sign of q.
inline Number round_quotient(Number const& q, RoundingMode mode) {
    Number low = q.floor();
    Number fraction = q - low;  // In [0, 1).
    if (fraction.is_zero()) return low;
    Number high = low + 1;
    bool negative = q.sign() < 0;
    auto half = [&]() { return fraction <=> Number::ratio(1, 2); };
    switch (mode) {
        case RoundingMode::floor: return low;
        case RoundingMode::ceiling: return high;
        case RoundingMode::down: return negative ? high : low;
        case RoundingMode::up: return negative ? low : high;
        case RoundingMode::half_up:
        case RoundingMode::half_down:
        case RoundingMode::half_even: {
            auto c = half();
            if (c < 0) return low;
            if (c > 0) return high;
            if (mode == RoundingMode::half_up) return negative ? low : high;
            if (mode == RoundingMode::half_down) return negative ? high : low;
            Number halved = low / 2;
            return halved.is_integer() ? low : high;
        }
    }
    return low;
}

// The fast path's core: the quotient value / divisor (divisor > 0) rounded to an integer under
// `mode`, in int64 arithmetic. value is a small-form numerator, so it is never INT64_MIN.
inline std::int64_t round_small_quotient(std::int64_t value, std::int64_t divisor, RoundingMode mode) noexcept {
    std::int64_t q = value / divisor, r = value % divisor;  // Truncated toward zero; r has value's sign.
    if (r == 0) return q;
    // Here divisor >= 2, so |q| <= |value| / 2 and q ± 1 cannot overflow.
    bool negative = value < 0;
    std::int64_t toward_zero = q, away = negative ? q - 1 : q + 1;
    // Compare |r| with divisor / 2 without overflow: 2|r| vs divisor, in 128 bits.
    __int128 twice = __int128(negative ? -r : r) * 2;
    switch (mode) {
        case RoundingMode::down: return toward_zero;
        case RoundingMode::up: return away;
        case RoundingMode::floor: return negative ? away : toward_zero;
        case RoundingMode::ceiling: return negative ? toward_zero : away;
        case RoundingMode::half_up: return twice >= divisor ? away : toward_zero;
        case RoundingMode::half_down: return twice > divisor ? away : toward_zero;
        case RoundingMode::half_even:
            return twice > divisor ? away : twice < divisor ? toward_zero : (toward_zero % 2 == 0 ? toward_zero : away);
    }
    return toward_zero;
}

// The general path of round_to, kept out of line so that the fast path inlines into its callers
// as a few instructions.
[[gnu::noinline]] inline Number round_general(Number const& x, Number const& unit, RoundingMode mode) {
    return round_quotient(x / unit, mode) * unit;
}

}  // namespace detail

// Rounds x to a multiple of `unit` (which must be positive) under `mode`.
// Throws ArithmeticError when unit is zero or negative.
inline Number round_to(Number const& x, Number const& unit, RoundingMode mode) {
    if (unit.sign() <= 0) throw ArithmeticError("the rounding unit must be positive");
    // The fast path, the common yen case: x in the small form (an amount, possibly with a fraction
    // of a yen after × rate) and a small integer unit. With x = n / d, x / unit is n / (d × unit),
    // which is rounded in int64 arithmetic when d × unit fits; the result is that integer × unit.
    if (x.is_small() && unit.is_small_integer()) [[likely]] {
        std::int64_t const u = unit.small_numerator();
        std::int64_t divisor, out;
        if (!__builtin_mul_overflow(x.small_denominator(), u, &divisor)) [[likely]] {
            std::int64_t chosen = detail::round_small_quotient(x.small_numerator(), divisor, mode);
            if (!__builtin_mul_overflow(chosen, u, &out) && out != INT64_MIN) [[likely]] return Number(out);
        }
    }
    return detail::round_general(x, unit, mode);
}

// round_to with a unit of 1, so the result is an integer.
inline Number round_to_integer(Number const& x, RoundingMode mode) { return round_to(x, Number(1), mode); }

}  // namespace kisoku
