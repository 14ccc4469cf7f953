// kisoku/detail/number_impl.hpp — inline definitions of kisoku::Number (included by number.hpp).
//
// The fast path works on int64 numerators and denominators with 128-bit intermediates, so that a
// product or a cross-multiplication of two small parts can never overflow; a result that does not
// fit back into int64 is moved to the big form. Every function leaves the invariants of Number.
#pragma once

#include <algorithm>
#include <charconv>
#include <numeric>

namespace kisoku {
namespace detail {

using i128 = __int128;
using u128 = unsigned __int128;

// True when v can be stored in the small form (int64 without INT64_MIN).
inline bool fits_small(i128 v) noexcept { return v > INT64_MIN && v <= INT64_MAX; }

inline u128 uabs128(i128 v) noexcept { return v < 0 ? u128(0) - u128(v) : u128(v); }

inline u128 gcd128(u128 a, u128 b) noexcept {
    // Euclid's steps in 128 bits only while an operand needs more than 64 bits (128-bit division
    // is a library call); from there on the much faster 64-bit std::gcd finishes the job.
    while ((a >> 64) != 0 || (b >> 64) != 0) {
        if (b == 0) return a;
        u128 t = a % b;
        a = b;
        b = t;
    }
    return std::gcd(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
}

inline BigInteger big_from_i128(i128 v) {
    u128 magnitude = uabs128(v);
    BigInteger result = BigInteger(static_cast<std::uint64_t>(magnitude >> 64));
    result <<= 64;
    result += BigInteger(static_cast<std::uint64_t>(magnitude));
    return v < 0 ? BigInteger(-result) : result;
}

// True when v is in the range of the small form; writes it to out.
inline bool big_to_small(BigInteger const& v, std::int64_t& out) {
    static BigInteger const lo = BigInteger(INT64_MIN);
    static BigInteger const hi = BigInteger(INT64_MAX);
    if (v <= lo || v > hi) return false;
    out = v.convert_to<std::int64_t>();
    return true;
}

// Appends digits (with a leading minus sign or not) to `out` with a comma every three places.
inline void append_grouped(std::string& out, std::string_view digits) {
    if (!digits.empty() && digits[0] == '-') {
        out.push_back('-');
        digits.remove_prefix(1);
    }
    std::size_t const n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i != 0 && (n - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
}

// The display form of a number's canonical text (as Number::to_string writes it): the digits of
// the whole part, and of both terms of a fraction, grouped by threes ("1234567.5" gives
// "1,234,567.5", "1000/3" gives "1,000/3").
inline std::string display_of_canonical(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 3 + 1);
    std::size_t const slash = text.find('/');
    if (slash != std::string_view::npos) {
        append_grouped(out, text.substr(0, slash));
        out.push_back('/');
        append_grouped(out, text.substr(slash + 1));
        return out;
    }
    std::size_t const dot = std::min(text.find('.'), text.size());
    append_grouped(out, text.substr(0, dot));
    out.append(text.substr(dot));
    return out;
}

}  // namespace detail

inline void Number::set_big(BigRational value) {
    Big* const box = new Big{1, std::move(value)};
    if (is_big()) release();
    num_ = static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(box));
    den_ = big_tag;
}

inline bool Number::small_form_of(BigRational const& value, Number& out) {
    std::int64_t n = 0, d = 0;
    if (!detail::big_to_small(boost::multiprecision::numerator(value), n) ||
        !detail::big_to_small(boost::multiprecision::denominator(value), d))
        return false;
    out = Number();
    out.num_ = n;
    out.den_ = d;
    return true;
}

inline Number Number::from_big(BigRational value) {
    Number result;
    if (!small_form_of(value, result)) result.set_big(std::move(value));
    return result;
}

inline Number Number::from_i128(detail::i128 numerator, detail::i128 denominator) {
    if (denominator == 0) throw ArithmeticError("division by zero");
    if (denominator < 0) {
        numerator = -numerator;
        denominator = -denominator;
    }
    // When both parts already fit the small form, reduce them with 64-bit arithmetic: 128-bit
    // division is a library call, and a reduced fraction's parts only get smaller.
    if (detail::fits_small(numerator) && detail::fits_small(denominator)) {
        auto n = static_cast<std::int64_t>(numerator), d = static_cast<std::int64_t>(denominator);
        if (d != 1) {
            std::int64_t g = std::gcd(n, d);
            if (g > 1) {
                n /= g;
                d /= g;
            }
        }
        Number result;
        result.num_ = n;
        result.den_ = d;
        return result;
    }
    if (denominator != 1) {
        detail::u128 g = detail::gcd128(detail::uabs128(numerator), detail::u128(denominator));
        if (g > 1) {
            numerator /= detail::i128(g);
            denominator /= detail::i128(g);
        }
    }
    Number result;
    if (detail::fits_small(numerator) && detail::fits_small(denominator)) {
        result.num_ = static_cast<std::int64_t>(numerator);
        result.den_ = static_cast<std::int64_t>(denominator);
    } else {
        result.set_big(BigRational(detail::big_from_i128(numerator), detail::big_from_i128(denominator)));
    }
    return result;
}

inline Number Number::ratio(std::int64_t numerator, std::int64_t denominator) {
    return from_i128(numerator, denominator);
}

inline int Number::sign() const noexcept {
    if (is_big()) return big_value().sign();
    return (num_ > 0) - (num_ < 0);
}

inline BigInteger Number::numerator_big() const {
    return is_big() ? BigInteger(boost::multiprecision::numerator(big_value())) : BigInteger(num_);
}

inline BigInteger Number::denominator_big() const {
    return is_big() ? BigInteger(boost::multiprecision::denominator(big_value())) : BigInteger(den_);
}

inline BigRational Number::to_big() const {
    return is_big() ? big_value() : BigRational(BigInteger(num_), BigInteger(den_));
}

inline Number operator+(Number const& a, Number const& b) {
    if ((a.den_ | b.den_) == 1) [[likely]] {
        std::int64_t sum;
        if (__builtin_add_overflow(a.num_, b.num_, &sum)) [[unlikely]]
            return Number::from_i128(detail::i128(a.num_) + b.num_, 1);
        if (sum == INT64_MIN) [[unlikely]]
            return Number::from_i128(sum, 1);
        Number r;
        r.num_ = sum;
        return r;
    }
    bool const small = Number::both_small(a, b);
    if (small) {
        // a/b + c/d with g = gcd(b, d): the numerator a*(d/g) + c*(b/g) shares at most factors of g
        // with the denominator, so one reduction by gcd(t, g) suffices.
        std::int64_t g = ((a.den_ == 1) | (b.den_ == 1)) ? 1 : std::gcd(a.den_, b.den_);
        detail::i128 t = detail::i128(a.num_) * (b.den_ / g) + detail::i128(b.num_) * (a.den_ / g);
        detail::i128 den = detail::i128(a.den_ / g) * b.den_;
        return Number::from_i128(t, den);
    }
    BigRational sa, sb;
    return Number::from_big(Number::big_operand(a, sa) + Number::big_operand(b, sb));
}

inline Number operator-(Number const& a, Number const& b) { return a + (-b); }

inline Number Number::operator-() const {
    if (!is_big()) {
        Number r;
        r.num_ = -num_;  // Safe: INT64_MIN is never stored.
        r.den_ = den_;
        return r;
    }
    return from_big(-big_value());
}

inline Number operator*(Number const& a, Number const& b) {
    if ((a.den_ | b.den_) == 1) [[likely]] {
        std::int64_t product;
        if (__builtin_mul_overflow(a.num_, b.num_, &product)) [[unlikely]]
            return Number::from_i128(detail::i128(a.num_) * b.num_, 1);
        if (product == INT64_MIN) [[unlikely]]
            return Number::from_i128(product, 1);
        Number r;
        r.num_ = product;
        return r;
    }
    bool const small = Number::both_small(a, b);
    if (small) {
        // Cross-reduce first so that the result needs no further gcd. A gcd of 1 is common (an
        // amount times 2/3), and skipping its divisions saves two integer divisions.
        // One operand is often whole (an amount times a rate): its gcd is 1 without computing it.
        // And the amount is mostly a multiple of the rate's denominator (300,000 times 50%), which
        // is then the gcd, found with one division.
        std::int64_t an = a.num_, ad = a.den_, bn = b.num_, bd = b.den_;
        std::int64_t g1 = bd == 1 ? 1 : an % bd == 0 ? bd : std::gcd(an, bd);  // At least 1, since bd is.
        std::int64_t g2 = ad == 1 ? 1 : bn % ad == 0 ? ad : std::gcd(bn, ad);  // At least 1, since ad is.
        if (g1 > 1) {
            an /= g1;
            bd /= g1;
        }
        if (g2 > 1) {
            bn /= g2;
            ad /= g2;
        }
        detail::i128 num = detail::i128(an) * bn;
        detail::i128 den = detail::i128(ad) * bd;
        if (detail::fits_small(num) && detail::fits_small(den)) {
            Number r;
            r.num_ = static_cast<std::int64_t>(num);
            r.den_ = static_cast<std::int64_t>(den);
            return r;
        }
        return Number::from_i128(num, den);
    }
    BigRational sa, sb;
    return Number::from_big(Number::big_operand(a, sa) * Number::big_operand(b, sb));
}

inline Number operator/(Number const& a, Number const& b) {
    if (b.is_zero()) throw ArithmeticError("division by zero");
    if (!a.is_big() && !b.is_big()) {
        if (a.den_ == 1 && b.den_ == 1) return Number::from_i128(a.num_, b.num_);
        Number reciprocal;
        reciprocal.num_ = b.num_ < 0 ? -b.den_ : b.den_;
        reciprocal.den_ = b.num_ < 0 ? -b.num_ : b.num_;
        return a * reciprocal;
    }
    BigRational sa, sb;
    return Number::from_big(Number::big_operand(a, sa) / Number::big_operand(b, sb));
}

inline bool operator==(Number const& a, Number const& b) noexcept {
    if (!a.is_big() && !b.is_big()) return a.num_ == b.num_ && a.den_ == b.den_;
    if (a.is_big() && b.is_big()) return a.big_value() == b.big_value();
    return false;  // One fits the small form and the other does not: they differ.
}

inline std::strong_ordering operator<=>(Number const& a, Number const& b) {
    bool const small = Number::both_small(a, b);
    if (small & (a.den_ == b.den_)) [[likely]] return a.num_ <=> b.num_;
    if (small) {
        detail::i128 lhs = detail::i128(a.num_) * b.den_;
        detail::i128 rhs = detail::i128(b.num_) * a.den_;
        return lhs <=> rhs;
    }
    BigRational sa, sb;
    BigRational const& lhs = Number::big_operand(a, sa);
    BigRational const& rhs = Number::big_operand(b, sb);
    if (lhs < rhs) return std::strong_ordering::less;
    if (lhs > rhs) return std::strong_ordering::greater;
    return std::strong_ordering::equal;
}

inline Number Number::floor() const {
    if (!is_big()) {
        if (den_ == 1) return *this;
        std::int64_t q = num_ / den_;  // Truncates toward zero.
        if (num_ < 0) --q;             // The value is not an integer, so floor is one below.
        return Number(q);
    }
    BigInteger n = boost::multiprecision::numerator(big_value());
    BigInteger d = boost::multiprecision::denominator(big_value());
    BigInteger q = n / d;
    if (n < 0 && q * d != n) --q;
    return from_big(BigRational(q));
}

inline std::string Number::to_string() const {
    if (!is_big() && den_ == 1) return std::to_string(num_);
    BigInteger n = numerator_big();
    BigInteger d = denominator_big();
    if (d == 1) return n.str();
    // A reduced fraction has a terminating decimal expansion exactly when its denominator has no
    // prime factors other than 2 and 5; the number of decimals is the larger of the two exponents.
    BigInteger rest = d;
    unsigned twos = 0, fives = 0;
    while ((rest & 1) == 0) {
        rest >>= 1;
        ++twos;
    }
    while (rest % 5 == 0) {
        rest /= 5;
        ++fives;
    }
    if (rest != 1) return n.str() + "/" + d.str();
    unsigned places = std::max(twos, fives);
    BigInteger scale = boost::multiprecision::pow(BigInteger(10), places);
    BigInteger scaled = n * scale / d;  // Exact by construction.
    bool negative = scaled < 0;
    std::string digits = (negative ? BigInteger(-scaled) : scaled).str();
    if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
    digits.insert(digits.size() - places, ".");
    return negative ? "-" + digits : digits;
}

inline std::string Number::to_display_string() const { return detail::display_of_canonical(to_string()); }

inline Number Number::parse(std::string_view text) {
    auto fail = [&]() -> Number {
        throw std::invalid_argument("not a canonical kisoku number: \"" + std::string(text) + "\"");
    };
    auto all_digits = [](std::string_view s) {
        return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
    };
    std::string_view body = text;
    bool negative = !body.empty() && body[0] == '-';
    if (negative) body.remove_prefix(1);
    auto integer = [&](std::string_view digits) -> BigInteger {
        std::int64_t small = 0;
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), small);
        if (error == std::errc() && end == digits.data() + digits.size()) return BigInteger(small);
        // cpp_int's string constructor takes a leading 0 for an octal prefix, and the digits after
        // a decimal point often start with zeros ("0.0123..."), so they must go. Digits too large
        // for int64 always contain a nonzero digit, so some remain.
        digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size()));
        return BigInteger(std::string(digits));
    };
    Number magnitude;
    if (auto slash = body.find('/'); slash != std::string_view::npos) {
        std::string_view p = body.substr(0, slash), q = body.substr(slash + 1);
        if (!all_digits(p) || !all_digits(q)) return fail();
        BigInteger denominator = integer(q);
        if (denominator == 0) return fail();
        magnitude = from_big(BigRational(integer(p), denominator));
    } else if (auto dot = body.find('.'); dot != std::string_view::npos) {
        std::string_view whole = body.substr(0, dot), fraction = body.substr(dot + 1);
        if (!all_digits(whole) || !all_digits(fraction)) return fail();
        BigInteger scale = boost::multiprecision::pow(BigInteger(10), static_cast<unsigned>(fraction.size()));
        magnitude = from_big(BigRational(integer(whole) * scale + integer(fraction), scale));
    } else {
        if (!all_digits(body)) return fail();
        magnitude = from_big(BigRational(integer(body)));
    }
    return negative ? -magnitude : magnitude;
}

}  // namespace kisoku
