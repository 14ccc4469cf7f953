// Property tests of kisoku::Number and kisoku::round_to.
//
// The values are drawn from a fixed-seed generator so that a failure reproduces exactly, and they
// deliberately straddle the boundary between Number's two representations: small integers and
// fractions, values next to INT64_MAX and INT64_MIN whose sums and products overflow 64 bits, and
// big rationals with 40-digit numerators. cpp_rational serves as the reference for the arithmetic;
// the rounding properties (a multiple of the unit, within one unit, on the side the mode asks for,
// idempotent, monotone, ties resolved as the mode says) determine round_to's result completely.

#include <doctest/doctest.h>

#include <kisoku/number.hpp>
#include <kisoku/rounding.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using kisoku::BigInteger;
using kisoku::BigRational;
using kisoku::Number;
using kisoku::RoundingMode;

// Enough iterations to cover every kind of value many times over while the whole file stays
// well under the two seconds a unit test file may take.
constexpr int iterations = 6000;

// A generator with a seed of its own per test case, so that each test case sees the same values
// whether it runs alone (as CTest runs it) or after the others.
std::mt19937_64 generator(std::uint64_t salt) { return std::mt19937_64(0x6b69'736f'6b75'0000ULL + salt); }

// A uniform integer in [low, high]. The reduction is written out rather than left to
// std::uniform_int_distribution, whose algorithm differs between standard libraries: this way the
// values, and so any failure, are the same everywhere. The slight modulo bias does not matter here.
std::int64_t uniform(std::mt19937_64& rng, std::int64_t low, std::int64_t high) {
    std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low) + 1;
    std::uint64_t offset = span == 0 ? rng() : rng() % span;
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + offset);
}

bool coin(std::mt19937_64& rng) { return (rng() & 1) != 0; }

// A positive integer with exactly `digits` decimal digits.
BigInteger random_digits(std::mt19937_64& rng, int digits) {
    std::string text(1, static_cast<char>('1' + uniform(rng, 0, 8)));
    for (int i = 1; i < digits; ++i) text.push_back(static_cast<char>('0' + uniform(rng, 0, 9)));
    return BigInteger(text);
}

BigInteger pow_big(int base, unsigned exponent) { return boost::multiprecision::pow(BigInteger(base), exponent); }

Number big(BigInteger numerator, BigInteger denominator = 1) {
    return Number::from_big(BigRational(std::move(numerator), std::move(denominator)));
}

// A magnitude in [2^62, INT64_MAX], where sums and products leave 64 bits.
std::int64_t near_limit(std::mt19937_64& rng) { return uniform(rng, std::int64_t(1) << 62, INT64_MAX); }

// One value of a randomly chosen kind; every kind occurs about equally often.
Number random_number(std::mt19937_64& rng) {
    std::int64_t sign = coin(rng) ? 1 : -1;
    switch (uniform(rng, 0, 9)) {
        case 0: return Number(uniform(rng, -1000, 1000));
        case 1: return Number(uniform(rng, -(std::int64_t(1) << 31), std::int64_t(1) << 31));
        case 2: return Number::ratio(uniform(rng, -1'000'000, 1'000'000), uniform(rng, 1, 1'000'000));
        case 3: {
            // The edges themselves, INT64_MIN (which is big) included, and integers next to them.
            switch (uniform(rng, 0, 4)) {
                case 0: return Number(INT64_MAX);
                case 1: return Number(INT64_MIN);
                case 2: return Number(INT64_MIN + 1);
                case 3: return Number(INT64_MAX - uniform(rng, 0, 1000));
                default: return Number(sign * near_limit(rng));
            }
        }
        case 4: return Number(sign * near_limit(rng));
        case 5:
            // Fractions whose parts are near the limits, so that any cross product overflows.
            return coin(rng) ? Number::ratio(sign * near_limit(rng), near_limit(rng))
                             : Number::ratio(sign * uniform(rng, 1, 1'000'000), near_limit(rng));
        case 6: {
            // Integers just outside the small range, the first values that must be big.
            BigInteger edge = BigInteger(INT64_MAX) + uniform(rng, 1, 1000);
            return big(sign > 0 ? edge : BigInteger(-edge));
        }
        case 7: {
            BigInteger n = random_digits(rng, 40);
            return big(sign > 0 ? n : BigInteger(-n));
        }
        case 8: {
            BigInteger n = random_digits(rng, 40);
            return big(sign > 0 ? n : BigInteger(-n), random_digits(rng, static_cast<int>(uniform(rng, 1, 30))));
        }
        default: {
            // Terminating decimals with long expansions, so that to_string writes them as decimals with
            // many digits after the point, often starting with zeros.
            BigInteger n = random_digits(rng, static_cast<int>(uniform(rng, 1, 40)));
            unsigned places = static_cast<unsigned>(uniform(rng, 1, 70));
            BigInteger d = coin(rng) ? pow_big(10, places) : pow_big(2, places);
            return big(sign > 0 ? n : BigInteger(-n), d);
        }
    }
}

Number random_nonzero(std::mt19937_64& rng) {
    for (;;)
        if (Number x = random_number(rng); !x.is_zero()) return x;
}

// The representation invariant of Number: a reduced fraction with a positive denominator, held in
// the small form exactly when both parts fit int64 without INT64_MIN, and the accessors agree.
bool canonical(Number const& x) {
    BigInteger n = x.numerator_big(), d = x.denominator_big();
    if (d <= 0) return false;
    if (n == 0 ? d != 1 : boost::multiprecision::gcd(n, d) != 1) return false;
    bool fits = n > BigInteger(INT64_MIN) && n <= BigInteger(INT64_MAX) && d <= BigInteger(INT64_MAX);
    if (x.is_small() != fits) return false;
    if (fits && (BigInteger(x.small_numerator()) != n || BigInteger(x.small_denominator()) != d)) return false;
    if (x.to_big() != BigRational(n, d)) return false;
    return x.is_integer() == (d == 1) && x.is_zero() == (n == 0) && x.sign() == n.sign();
}

int sign_of(std::strong_ordering order) { return order < 0 ? -1 : order > 0 ? 1 : 0; }

}  // namespace

TEST_CASE("number properties: arithmetic agrees with cpp_rational and stays canonical") {
    auto rng = generator(1);
    for (int i = 0; i < iterations; ++i) {
        Number a = random_number(rng), b = random_number(rng);
        BigRational ra = a.to_big(), rb = b.to_big();
        INFO("a = " << a.to_string() << ", b = " << b.to_string());
        REQUIRE(canonical(a));
        Number sum = a + b, difference = a - b, product = a * b, negation = -a;
        CHECK(canonical(sum));
        CHECK(canonical(difference));
        CHECK(canonical(product));
        CHECK(canonical(negation));
        CHECK(canonical(a.abs()));
        CHECK(sum.to_big() == ra + rb);
        CHECK(difference.to_big() == ra - rb);
        CHECK(product.to_big() == ra * rb);
        CHECK(negation.to_big() == -ra);
        if (!b.is_zero()) {
            Number quotient = a / b;
            CHECK(canonical(quotient));
            CHECK(quotient.to_big() == ra / rb);
        } else {
            CHECK_THROWS_AS((void)(a / b), kisoku::ArithmeticError);
        }
    }
}

TEST_CASE("number properties: additive and multiplicative inverses") {
    auto rng = generator(2);
    for (int i = 0; i < iterations; ++i) {
        Number a = random_number(rng), b = random_number(rng), c = random_nonzero(rng);
        INFO("a = " << a.to_string() << ", b = " << b.to_string() << ", c = " << c.to_string());
        CHECK(a + b - b == a);
        CHECK(a - b + b == a);
        CHECK((a - a).is_zero());
        CHECK(a - a == Number(0));
        CHECK(a + -a == Number(0));
        CHECK(a * c / c == a);
        CHECK(a / c * c == a);
        CHECK(c / c == Number(1));
        CHECK(a * Number(0) == Number(0));
        CHECK(a * Number(1) == a);
        CHECK(-(-a) == a);
        CHECK_THROWS_AS((void)(a / Number(0)), kisoku::ArithmeticError);
    }
}

TEST_CASE("number properties: commutativity associativity and distributivity") {
    auto rng = generator(3);
    for (int i = 0; i < iterations; ++i) {
        Number a = random_number(rng), b = random_number(rng), c = random_number(rng);
        INFO("a = " << a.to_string() << ", b = " << b.to_string() << ", c = " << c.to_string());
        CHECK(a + b == b + a);
        CHECK(a * b == b * a);
        CHECK((a + b) + c == a + (b + c));
        CHECK((a * b) * c == a * (b * c));
        CHECK(a * (b + c) == a * b + a * c);
        CHECK((a - b) * c == a * c - b * c);
    }
}

TEST_CASE("number properties: ordering is consistent with the sign of the difference") {
    auto rng = generator(4);
    for (int i = 0; i < iterations; ++i) {
        Number a = random_number(rng), b = random_number(rng);
        // Some pairs are equal or adjacent, so that the equal case is exercised as well.
        switch (uniform(rng, 0, 3)) {
            case 0: b = a; break;
            case 1: b = a + Number::from_big(BigRational(1, pow_big(10, 50))); break;
            default: break;
        }
        INFO("a = " << a.to_string() << ", b = " << b.to_string());
        auto order = a <=> b;
        CHECK(sign_of(order) == (a - b).sign());
        CHECK(sign_of(b <=> a) == -sign_of(order));
        CHECK((a == b) == (order == 0));
        CHECK(sign_of(order) == sign_of(a.to_big().compare(b.to_big()) <=> 0));
        CHECK(((a < b) == (a + a < a + b)));
        CHECK(sign_of(a <=> Number(0)) == a.sign());
    }
}

TEST_CASE("number properties: canonical text reads back to the same number") {
    auto rng = generator(5);
    for (int i = 0; i < iterations; ++i) {
        Number a = random_number(rng);
        std::string text = a.to_string();
        INFO("a = " << text);
        Number back;
        CHECK_NOTHROW(back = Number::parse(text));
        CHECK(back == a);
        CHECK(back.to_string() == text);
    }
    // Decimal expansions with a leading zero after the point and more digits than int64 holds.
    for (std::string text : {"0.01234567890123456789012", "1.012345670123456701234567",
                             "-0.0000000000000000000008470329472543003390683225006796419620513916015625"}) {
        INFO("text = " << text);
        CHECK(Number::parse(text).to_string() == text);
    }
}

TEST_CASE("number properties: floor brackets the value") {
    auto rng = generator(6);
    for (int i = 0; i < iterations; ++i) {
        Number a = random_number(rng);
        INFO("a = " << a.to_string());
        Number f = a.floor();
        CHECK(canonical(f));
        CHECK(f.is_integer());
        CHECK(f <= a);
        CHECK(a < f + 1);
        CHECK((f == a) == a.is_integer());
    }
}

TEST_CASE("number properties: the small form is used exactly when the value fits") {
    // Explicit values at the edges of int64.
    CHECK(Number(INT64_MAX).is_small());
    CHECK(Number(INT64_MIN + 1).is_small());
    CHECK_FALSE(Number(INT64_MIN).is_small());
    CHECK_FALSE(Number(UINT64_MAX).is_small());
    CHECK(Number(INT64_MIN) + 1 == Number(INT64_MIN + 1));
    CHECK((Number(INT64_MIN) + 1).is_small());
    CHECK_FALSE((Number(INT64_MAX) + 1).is_small());
    CHECK((Number(INT64_MAX) + 1 - 1).is_small());
    CHECK_FALSE((-Number(INT64_MIN)).is_small());
    CHECK((-Number(INT64_MAX)).is_small());
    CHECK(-Number(INT64_MAX) - 1 == Number(INT64_MIN));
    CHECK_FALSE(Number::ratio(1, INT64_MIN).is_small());
    CHECK(Number::ratio(INT64_MIN, INT64_MIN) == Number(1));
    CHECK(Number::ratio(INT64_MIN, 2).is_small());
    CHECK(Number::ratio(1, INT64_MAX).is_small());
    CHECK_FALSE((Number::ratio(1, INT64_MAX) / 2).is_small());
    CHECK((Number::ratio(1, INT64_MAX) / 2 * 2).is_small());
    CHECK_FALSE((Number(INT64_MAX) * Number(INT64_MAX)).is_small());
    CHECK((Number(INT64_MAX) * Number(INT64_MAX) / Number(INT64_MAX)).is_small());
    CHECK(canonical(Number::from_big(BigRational(BigInteger(6), BigInteger(-4)))));

    // Big intermediates that shrink back become small again, with the same representation as a
    // value that never left the small form (equality compares representations).
    auto rng = generator(7);
    for (int i = 0; i < iterations; ++i) {
        Number small = Number::ratio(uniform(rng, INT64_MIN + 1, INT64_MAX), uniform(rng, 1, INT64_MAX));
        Number large = Number::from_big(BigRational(random_digits(rng, 40), random_digits(rng, 25)));
        INFO("small = " << small.to_string() << ", large = " << large.to_string());
        REQUIRE(small.is_small());
        REQUIRE_FALSE(large.is_small());
        Number shrunk_sum = small + large - large;
        Number shrunk_product = small * large / large;
        CHECK(shrunk_sum.is_small());
        CHECK(shrunk_product.is_small());
        CHECK(shrunk_sum == small);
        CHECK(shrunk_product == small);
        CHECK(canonical(shrunk_sum));
        CHECK(canonical(shrunk_product));
    }
}

namespace {

// The units of the rounding properties: yen, thousands of yen, hundredths, a unit that is not a
// decimal fraction, and one that is big.
std::vector<Number> rounding_units() {
    return {Number(1), Number(1000), Number::ratio(1, 100), Number::ratio(7, 3), big(pow_big(10, 20))};
}

// A value to round: mostly a few units either side of zero, often exactly on a multiple or half-way,
// sometimes anything at all.
Number value_near_units(std::mt19937_64& rng, Number const& unit) {
    switch (uniform(rng, 0, 4)) {
        case 0: return Number(uniform(rng, -50, 50)) * unit;
        case 1: return (Number(uniform(rng, -50, 50)) + Number::ratio(1, 2)) * unit;
        case 2: return Number::ratio(uniform(rng, -50'000, 50'000), 1000) * unit;
        case 3: return random_number(rng) * unit;
        default: return random_number(rng);
    }
}

}  // namespace

TEST_CASE("number properties: round_to gives the multiple of the unit that the mode asks for") {
    auto rng = generator(8);
    for (RoundingMode mode : kisoku::all_rounding_modes) {
        for (Number const& unit : rounding_units()) {
            for (int i = 0; i < iterations / 20; ++i) {
                Number x = value_near_units(rng, unit);
                // y is often within a unit of x, where a wrong rounding would most likely break monotony.
                Number y = coin(rng) ? x + Number::ratio(uniform(rng, 0, 1000), 1000) * unit
                                     : value_near_units(rng, unit);
                if (y < x) std::swap(x, y);
                INFO("mode = " << kisoku::name(mode) << ", unit = " << unit.to_string() << ", x = " << x.to_string()
                               << ", y = " << y.to_string());
                Number rx = kisoku::round_to(x, unit, mode);
                Number ry = kisoku::round_to(y, unit, mode);
                INFO("round_to(x) = " << rx.to_string() << ", round_to(y) = " << ry.to_string());
                CHECK(canonical(rx));
                CHECK((rx / unit).is_integer());
                CHECK((rx - x).abs() < unit);
                CHECK(kisoku::round_to(rx, unit, mode) == rx);
                CHECK(rx <= ry);
                if ((x / unit).is_integer()) CHECK(rx == x);
                // The side of x the result lies on. With the result a multiple of the unit less than
                // one unit away, this fixes the result except at a tie, which the next test case covers.
                switch (mode) {
                    case RoundingMode::down: CHECK(rx.abs() <= x.abs()); break;
                    case RoundingMode::up: CHECK(rx.abs() >= x.abs()); break;
                    case RoundingMode::floor: CHECK(rx <= x); break;
                    case RoundingMode::ceiling: CHECK(rx >= x); break;
                    default: CHECK((rx - x).abs() * 2 <= unit); break;
                }
                if (mode == RoundingMode::down || mode == RoundingMode::up)
                    CHECK((rx.sign() == x.sign() || rx.is_zero()));
            }
        }
    }
}

TEST_CASE("number properties: half-way values follow the mode") {
    auto rng = generator(9);
    std::vector<Number> units = rounding_units();
    // An even integer unit makes the tie an integer too, which goes through round_to's int64 path.
    units.push_back(Number(2));
    for (Number const& unit : units) {
        for (int i = 0; i < iterations / 4; ++i) {
            Number k;
            switch (uniform(rng, 0, 2)) {
                case 0: k = Number(uniform(rng, -100, 100)); break;
                case 1: k = Number(uniform(rng, -(std::int64_t(1) << 40), std::int64_t(1) << 40)); break;
                default: k = Number(coin(rng) ? near_limit(rng) : -near_limit(rng)); break;
            }
            Number x = (k + Number::ratio(1, 2)) * unit;
            Number low = k * unit, high = (k + 1) * unit;
            bool positive = k.sign() >= 0;  // x > 0 exactly when k >= 0.
            Number toward_zero = positive ? low : high, away = positive ? high : low;
            Number even = (k / 2).is_integer() ? low : high;
            INFO("unit = " << unit.to_string() << ", x = " << x.to_string());
            CHECK(kisoku::round_to(x, unit, RoundingMode::half_up) == away);
            CHECK(kisoku::round_to(x, unit, RoundingMode::half_down) == toward_zero);
            CHECK(kisoku::round_to(x, unit, RoundingMode::half_even) == even);
            CHECK(kisoku::round_to(x, unit, RoundingMode::up) == away);
            CHECK(kisoku::round_to(x, unit, RoundingMode::down) == toward_zero);
            CHECK(kisoku::round_to(x, unit, RoundingMode::floor) == low);
            CHECK(kisoku::round_to(x, unit, RoundingMode::ceiling) == high);
        }
    }
}

TEST_CASE("number properties: round_to's integer fast path agrees with the general path") {
    // round_to takes an int64 shortcut for an integer value and unit and falls back when the
    // rounded result overflows; both must give what rounding the exact quotient gives.
    auto rng = generator(10);
    std::vector<std::int64_t> units = {1, 2, 7, 1000, 1'000'000'000'000'000'000, INT64_MAX};
    for (RoundingMode mode : kisoku::all_rounding_modes) {
        for (std::int64_t unit : units) {
            for (int i = 0; i < iterations / 20; ++i) {
                std::int64_t x =
                    coin(rng) ? uniform(rng, -1'000'000, 1'000'000) : (coin(rng) ? 1 : -1) * near_limit(rng);
                INFO("mode = " << kisoku::name(mode) << ", unit = " << unit << ", x = " << x);
                Number expected = kisoku::detail::round_quotient(Number(x) / Number(unit), mode) * Number(unit);
                Number actual = kisoku::round_to(Number(x), Number(unit), mode);
                CHECK(actual == expected);
                CHECK(canonical(actual));
            }
        }
    }
}

TEST_CASE("number properties: explicit rounding examples") {
    CHECK(kisoku::round_to(Number::parse("2.5"), 1, RoundingMode::half_even) == 2);
    CHECK(kisoku::round_to(Number::parse("3.5"), 1, RoundingMode::half_even) == 4);
    CHECK(kisoku::round_to(Number::parse("-2.5"), 1, RoundingMode::half_up) == -3);
    CHECK(kisoku::round_to(Number::parse("-2.5"), 1, RoundingMode::half_down) == -2);
    CHECK(kisoku::round_to(Number::parse("-2.5"), 1, RoundingMode::floor) == -3);
    CHECK(kisoku::round_to(Number::parse("-2.5"), 1, RoundingMode::ceiling) == -2);
    // 千円未満切り捨て: a subsidy of half of 1,234,567 yen, rounded down to thousands of yen.
    CHECK(kisoku::round_to(Number::ratio(1234567, 2), 1000, RoundingMode::down) == 617000);
    CHECK(kisoku::round_to(Number::ratio(1234567, 2), 1000, *kisoku::parse_rounding_mode("切り捨て")) == 617000);
    // Two thirds of 900,000 yen is exact: no rounding is needed and none happens.
    Number two_thirds = Number(900000) * 2 / 3;
    CHECK(two_thirds == 600000);
    CHECK(two_thirds.is_small());
    CHECK(two_thirds.is_integer());
    CHECK(kisoku::round_to(Number::parse("0.125"), Number::ratio(1, 100), RoundingMode::half_even) ==
          Number::parse("0.12"));
    CHECK(kisoku::round_to(Number::parse("-7/3"), Number::ratio(7, 3), RoundingMode::up) == Number::parse("-7/3"));
    CHECK_THROWS_AS((void)kisoku::round_to(1, 0, RoundingMode::down), kisoku::ArithmeticError);
    CHECK_THROWS_AS((void)kisoku::round_to(1, -1000, RoundingMode::down), kisoku::ArithmeticError);
}
