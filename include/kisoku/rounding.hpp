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

// The fast path: an integer value and an integer unit, both small (the common yen case).
inline bool round_small_integers(std::int64_t value, std::int64_t unit, RoundingMode mode, std::int64_t& out) {
    std::int64_t q = value / unit, r = value % unit;  // Truncated toward zero; r has value's sign.
    if (r == 0) {
        out = value;
        return true;
    }
    bool negative = value < 0;
    std::int64_t toward_zero = q, away = negative ? q - 1 : q + 1;
    std::int64_t chosen = toward_zero;
    // Compare |r| with unit / 2 without overflow: 2|r| vs unit, in 128 bits.
    __int128 twice = __int128(negative ? -r : r) * 2;
    switch (mode) {
        case RoundingMode::down: chosen = toward_zero; break;
        case RoundingMode::up: chosen = away; break;
        case RoundingMode::floor: chosen = negative ? away : toward_zero; break;
        case RoundingMode::ceiling: chosen = negative ? toward_zero : away; break;
        case RoundingMode::half_up: chosen = twice >= unit ? away : toward_zero; break;
        case RoundingMode::half_down: chosen = twice > unit ? away : toward_zero; break;
        case RoundingMode::half_even:
            chosen = twice > unit ? away : twice < unit ? toward_zero : (toward_zero % 2 == 0 ? toward_zero : away);
            break;
    }
    return !__builtin_mul_overflow(chosen, unit, &out) && out != INT64_MIN;
}

}  // namespace detail

// Rounds x to a multiple of `unit` (which must be positive) under `mode`.
// Throws ArithmeticError when unit is zero or negative.
inline Number round_to(Number const& x, Number const& unit, RoundingMode mode) {
    if (unit.sign() <= 0) throw ArithmeticError("the rounding unit must be positive");
    if (x.is_small() && unit.is_small() && x.small_denominator() == 1 && unit.small_denominator() == 1) {
        std::int64_t out;
        if (detail::round_small_integers(x.small_numerator(), unit.small_numerator(), mode, out)) return Number(out);
    }
    return detail::round_quotient(x / unit, mode) * unit;
}

// round_to with a unit of 1, so the result is an integer.
inline Number round_to_integer(Number const& x, RoundingMode mode) { return round_to(x, Number(1), mode); }

}  // namespace kisoku
