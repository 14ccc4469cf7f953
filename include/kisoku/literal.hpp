// kisoku/literal.hpp — numbers and amounts as policy staff write them.
//
// One function reads a literal wherever it appears: in a rule file, in `kisoku calc`, and in an
// application's JSON ("200,000円"). Accepted forms:
//   200000   200,000   0.5   1.5   50%   50％           plain numbers and percentages
//   200,000円   ¥200,000   ￥200,000                    amounts of yen
//   20万円   1.5万円   3億円   1億2000万円   5千円        Japanese multipliers 兆 億 万 千
// Full-width digits (２０万円) and separators (，．) are read as their ASCII forms.
// A rate such as 2/3 is not a literal: it is the division 2 ÷ 3, exact like every division.
#pragma once

#include "kisoku/number.hpp"
#include "kisoku/source.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kisoku {

// A literal's value: a plain number, or an amount of yen.
struct LiteralValue {
    Number value;
    bool is_yen = false;
};

// Why a literal was refused: a catalogue code, its arguments, and the offending part of the
// literal as code-point offsets [begin, end) from the literal's start.
struct LiteralError {
    std::string_view code;
    std::vector<std::string> args;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// The most characters a literal may have; longer ones are refused (limits are explicit).
inline constexpr std::size_t max_literal_length = 4096;

namespace detail {

inline int literal_digit(char32_t c) {
    if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
    if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
    return -1;
}
inline bool is_group_separator(char32_t c) { return c == U',' || c == U'，'; }
inline bool is_decimal_point(char32_t c) { return c == U'.' || c == U'．'; }
inline bool is_yen_prefix(char32_t c) { return c == U'¥' || c == U'￥'; }
inline bool is_percent(char32_t c) { return c == U'%' || c == U'％'; }

// The power of ten of a Japanese multiplier, or 0 when c is not one.
inline unsigned multiplier_exponent(char32_t c) {
    switch (c) {
        case U'千': return 3;
        case U'万': return 4;
        case U'億': return 8;
        case U'兆': return 12;
        default: return 0;
    }
}

inline std::string utf8_of(char32_t c) {
    std::string s;
    append_utf8(s, c);
    return s;
}

}  // namespace detail

// Reads a literal. The whole text must be the literal (no surrounding spaces, no sign: a minus is
// an operator in expressions, and parse_signed_literal accepts one for data).
inline std::variant<LiteralValue, LiteralError> parse_literal(std::u32string_view text) {
    using detail::literal_digit;
    auto error = [](std::string_view code, std::uint32_t begin, std::uint32_t end,
                    std::vector<std::string> args = {}) -> std::variant<LiteralValue, LiteralError> {
        return LiteralError{code, std::move(args), begin, end};
    };
    auto const n = static_cast<std::uint32_t>(text.size());
    if (text.size() > max_literal_length)
        return error("literal-too-long", 0, n, {std::to_string(max_literal_length)});
    std::uint32_t i = 0;
    bool yen = false, percent = false;
    if (i < n && detail::is_yen_prefix(text[i])) {
        yen = true;
        ++i;
        if (i == n || literal_digit(text[i]) < 0) return error("literal-missing-amount", 0, 1, {detail::utf8_of(text[0])});
    }

    // A sum of terms, each `decimal [multiplier]`, with multipliers strictly decreasing.
    Number total;
    unsigned previous_exponent = 0;  // 0: no multiplier seen yet.
    char32_t previous_multiplier = 0;
    bool any_term = false;
    while (i < n && literal_digit(text[i]) >= 0) {
        std::uint32_t term_begin = i;
        // Integer part, with optional thousands groups of exactly three digits.
        BigInteger whole = 0;
        std::int64_t whole_small = 0;
        bool whole_is_big = false;
        std::uint32_t group_length = 0;
        bool grouped = false;
        auto push_digit = [&](int d) {
            if (!whole_is_big && whole_small <= (INT64_MAX - 9) / 10) {
                whole_small = whole_small * 10 + d;
            } else {
                if (!whole_is_big) whole = whole_small;
                whole_is_big = true;
                whole = whole * 10 + d;
            }
        };
        while (i < n) {
            int d = literal_digit(text[i]);
            if (d >= 0) {
                push_digit(d);
                ++group_length;
                ++i;
            } else if (detail::is_group_separator(text[i])) {
                if ((grouped && group_length != 3) || (!grouped && group_length > 3))
                    return error("literal-thousands-group", i - group_length, i);
                std::uint32_t k = i + 1, digits = 0;
                while (k < n && literal_digit(text[k]) >= 0) ++k, ++digits;
                if (digits != 3) return error("literal-thousands-group", i, k);
                grouped = true;
                group_length = 0;
                ++i;
            } else {
                break;
            }
        }
        Number term = whole_is_big ? Number::from_big(whole) : Number(whole_small);
        // Fraction.
        if (i < n && detail::is_decimal_point(text[i])) {
            std::uint32_t point = i++;
            std::uint32_t places = 0;
            BigInteger fraction = 0;
            while (i < n && literal_digit(text[i]) >= 0) {
                fraction = fraction * 10 + literal_digit(text[i]);
                ++places;
                ++i;
            }
            if (places == 0) return error("literal-bad-decimal", point, point + 1);
            BigInteger scale = boost::multiprecision::pow(BigInteger(10), places);
            term = term + Number::from_big(BigRational(fraction, scale));
        }
        // Multiplier.
        unsigned exponent = i < n ? detail::multiplier_exponent(text[i]) : 0;
        if (exponent != 0) {
            if (previous_exponent != 0 && exponent >= previous_exponent)
                return error("literal-multiplier-order", i, i + 1,
                             {detail::utf8_of(text[i]), detail::utf8_of(previous_multiplier)});
            if (previous_exponent != 0) {
                Number limit = Number::from_big(BigInteger(boost::multiprecision::pow(BigInteger(10), previous_exponent - exponent)));
                if (term >= limit)
                    return error("literal-multiplier-coefficient", term_begin, i,
                                 {detail::utf8_of(text[i]), limit.to_display_string()});
            }
            term = term * Number::from_big(BigInteger(boost::multiprecision::pow(BigInteger(10), exponent)));
            previous_exponent = exponent;
            previous_multiplier = text[i];
            ++i;
        } else if (previous_exponent != 0) {
            // A last plain term, as the 5000 of 1万5000円, must be below the last multiplier.
            Number limit = Number::from_big(BigInteger(boost::multiprecision::pow(BigInteger(10), previous_exponent)));
            if (term >= limit)
                return error("literal-multiplier-coefficient", term_begin, i,
                             {detail::utf8_of(previous_multiplier), limit.to_display_string()});
            total = total + term;
            any_term = true;
            break;
        }
        total = total + term;
        any_term = true;
        if (exponent == 0) break;
    }
    if (!any_term) {
        if (i < n) return error("literal-bad-digit", i, i + 1, {detail::utf8_of(text[i])});
        return error("syntax-empty", 0, n);
    }
    // Suffix.
    if (i < n && text[i] == U'円') {
        if (yen) return error("literal-currency-twice", i, i + 1);
        yen = true;
        ++i;
    } else if (i < n && detail::is_percent(text[i])) {
        if (yen) return error("literal-percent-yen", i, i + 1);
        percent = true;
        ++i;
    }
    if (i < n) {
        if (detail::multiplier_exponent(text[i]) != 0 && previous_exponent != 0)
            return error("literal-multiplier-order", i, i + 1,
                         {detail::utf8_of(text[i]), detail::utf8_of(previous_multiplier)});
        return error("literal-bad-digit", i, i + 1, {detail::utf8_of(text[i])});
    }
    if (percent) total = total / 100;
    return LiteralValue{total, yen};
}

// parse_literal, with an optional leading minus sign ('-', '−' or '－'), for values in data.
inline std::variant<LiteralValue, LiteralError> parse_signed_literal(std::u32string_view text) {
    bool negative = !text.empty() && (text[0] == U'-' || text[0] == U'−' || text[0] == U'－');
    auto result = parse_literal(negative ? text.substr(1) : text);
    if (auto* error = std::get_if<LiteralError>(&result)) {
        if (negative) ++error->begin, ++error->end;
        return result;
    }
    if (negative) {
        auto& value = std::get<LiteralValue>(result);
        value.value = -value.value;
    }
    return result;
}

}  // namespace kisoku
