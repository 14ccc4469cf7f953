// numbers_benchmark.cpp — the cost of kisoku::Number against plain int64 arithmetic.
//
// Every benchmark is named "<operation>/<variant>". For each operation the "int64" variant is the
// baseline: the same operation on int64_t values, over the same pre-generated data, in the same
// run. The other variants are kisoku::Number on integral values (the fast path), on fractions, on
// integers of 40 digits (the big form), and kisoku::Money for the amount-times-rate formulas that
// subsidy rules are made of. The "copy" operation measures what passing a Number by value costs.
// benchmarks/report_numbers.py runs this binary and turns the medians into a table of nanoseconds
// per operation and ratios against the baseline.
//
// Each benchmark iteration walks an array of kCount operand pairs and hands every result to
// benchmark::DoNotOptimize, so that no result can be folded away or vectorised; the items
// processed are the operations, so items_per_second gives the time per operation directly.
// The operands are generated once from a fixed seed, so every run (with the same standard
// library) measures the same values.

#include <kisoku/money.hpp>
#include <kisoku/number.hpp>
#include <kisoku/rounding.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using kisoku::BigInteger;
using kisoku::Money;
using kisoku::Number;
using kisoku::RoundingMode;

// Enough pairs that the operands vary from one operation to the next, few enough that even the
// Number arrays (32 bytes an element) stay in the first-level data cache.
constexpr std::size_t kCount = 256;
constexpr std::uint64_t kSeed = 0x6b69736f6b75;  // "kisoku"
// The rounding unit of the round benchmarks (千円未満切り捨て).
constexpr std::int64_t kUnit = 1000;

// The operands of one benchmark family, as int64 values and as the Numbers built from them.
struct Data {
    std::vector<std::int64_t> a, b;            // Integral operands in [-10^9, 10^9].
    std::vector<std::int64_t> rate_p, rate_q;  // Subsidy rates p/q such as 1/2, 2/3, 3/4.
    std::vector<Number> integral_a, integral_b;
    std::vector<Number> fraction_a, fraction_b;  // a/q and b/q' with q, q' in [2, 999].
    std::vector<Number> big_a, big_b;            // Integers of 40 digits, either sign.
    std::vector<Number> rate;                    // rate_p / rate_q as Numbers.
    std::vector<Money> money_a, money_b;         // a and b as amounts of yen.
};

// A random integer of exactly `digits` decimal digits, with a random sign.
BigInteger random_big(std::mt19937_64& engine, int digits) {
    std::uniform_int_distribution<int> first(1, 9), rest(0, 9), sign(0, 1);
    std::string text(1, static_cast<char>('0' + first(engine)));
    for (int i = 1; i < digits; ++i) text.push_back(static_cast<char>('0' + rest(engine)));
    BigInteger value(text);
    return sign(engine) != 0 ? BigInteger(-value) : value;
}

Data const& data() {
    static Data const generated = [] {
        Data d;
        std::mt19937_64 engine(kSeed);
        std::uniform_int_distribution<std::int64_t> integral(-1'000'000'000, 1'000'000'000);
        std::uniform_int_distribution<std::int64_t> denominator(2, 999);
        static constexpr std::int64_t rates[][2] = {{1, 2}, {2, 3}, {3, 4}, {1, 3}, {9, 10}, {1, 1}};
        std::uniform_int_distribution<std::size_t> rate_index(0, std::size(rates) - 1);
        for (std::size_t i = 0; i < kCount; ++i) {
            std::int64_t a = integral(engine), b = integral(engine);
            auto const& r = rates[rate_index(engine)];
            d.a.push_back(a);
            d.b.push_back(b);
            d.rate_p.push_back(r[0]);
            d.rate_q.push_back(r[1]);
            d.integral_a.emplace_back(a);
            d.integral_b.emplace_back(b);
            d.fraction_a.push_back(Number::ratio(a, denominator(engine)));
            d.fraction_b.push_back(Number::ratio(b, denominator(engine)));
            d.big_a.push_back(Number::from_big(random_big(engine, 40)));
            d.big_b.push_back(Number::from_big(random_big(engine, 40)));
            d.rate.push_back(Number::ratio(r[0], r[1]));
            d.money_a.emplace_back(Number(a));
            d.money_b.emplace_back(Number(b));
        }
        return d;
    }();
    return generated;
}

// Runs `op(i)` for every index of the data, once per benchmark iteration.
template <typename Op>
void run(benchmark::State& state, Op op) {
    for (auto _ : state)
        for (std::size_t i = 0; i < kCount; ++i) op(i);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(kCount));
}

// A value hidden from the optimiser. The rounding unit goes through it: in a rule the unit is a
// run-time value, so neither the baseline nor Number may specialise the division for 1000.
template <typename T>
T opaque(T value) {
    benchmark::DoNotOptimize(value);
    return value;
}

// --- add -------------------------------------------------------------------------------------

void add_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const* b = data().b.data();
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i] + b[i];
        benchmark::DoNotOptimize(r);
    });
}

void add_number(benchmark::State& state, std::vector<Number> const& as, std::vector<Number> const& bs) {
    Number const* a = as.data();
    Number const* b = bs.data();
    run(state, [&](std::size_t i) {
        Number r = a[i] + b[i];
        benchmark::DoNotOptimize(r);
    });
}

// --- multiply --------------------------------------------------------------------------------

void multiply_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const* b = data().b.data();
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i] * b[i];  // |a|, |b| <= 10^9, so the product cannot overflow.
        benchmark::DoNotOptimize(r);
    });
}

void multiply_number(benchmark::State& state, std::vector<Number> const& as, std::vector<Number> const& bs) {
    Number const* a = as.data();
    Number const* b = bs.data();
    run(state, [&](std::size_t i) {
        Number r = a[i] * b[i];
        benchmark::DoNotOptimize(r);
    });
}

// --- compare ---------------------------------------------------------------------------------

void compare_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const* b = data().b.data();
    run(state, [&](std::size_t i) {
        bool r = a[i] < b[i];
        benchmark::DoNotOptimize(r);
    });
}

void compare_number(benchmark::State& state, std::vector<Number> const& as, std::vector<Number> const& bs) {
    Number const* a = as.data();
    Number const* b = bs.data();
    run(state, [&](std::size_t i) {
        bool r = a[i] < b[i];
        benchmark::DoNotOptimize(r);
    });
}

// --- round to a unit of 1000, toward zero ----------------------------------------------------

void round_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const unit = opaque(kUnit);
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i] / unit * unit;  // Division truncates toward zero: RoundingMode::down.
        benchmark::DoNotOptimize(r);
    });
}

void round_number(benchmark::State& state, std::vector<Number> const& as) {
    Number const* a = as.data();
    Number const unit = opaque(Number(kUnit));
    run(state, [&](std::size_t i) {
        Number r = kisoku::round_to(a[i], unit, RoundingMode::down);
        benchmark::DoNotOptimize(r);
    });
}

// --- copy: what passing a Number by value costs (the shared pointer of the big form) ---------

void copy_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i];
        benchmark::DoNotOptimize(r);
    });
}

void copy_number(benchmark::State& state, std::vector<Number> const& as) {
    Number const* a = as.data();
    run(state, [&](std::size_t i) {
        Number r = a[i];
        benchmark::DoNotOptimize(r);
    });
}

// --- Money -----------------------------------------------------------------------------------

void money_add_money(benchmark::State& state) {
    Money const* a = data().money_a.data();
    Money const* b = data().money_b.data();
    run(state, [&](std::size_t i) {
        Money r = a[i] + b[i];
        benchmark::DoNotOptimize(r);
    });
}

void money_add_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const* b = data().b.data();
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i] + b[i];
        benchmark::DoNotOptimize(r);
    });
}

// An amount times a subsidy rate such as 2/3. The int64 baseline computes amount * p / q, which
// truncates the fraction of a yen that Money keeps exactly.
void money_multiply_rate_money(benchmark::State& state) {
    Money const* a = data().money_a.data();
    Number const* rate = data().rate.data();
    run(state, [&](std::size_t i) {
        Money r = a[i] * rate[i];
        benchmark::DoNotOptimize(r);
    });
}

void money_multiply_rate_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const* p = data().rate_p.data();
    std::int64_t const* q = data().rate_q.data();
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i] * p[i] / q[i];
        benchmark::DoNotOptimize(r);
    });
}

// The whole formula of a typical call for applications: amount × rate, 千円未満切り捨て. Here the
// int64 baseline gives the same result as Money, because truncating twice toward zero is the
// same as truncating once.
void money_multiply_rate_round_money(benchmark::State& state) {
    Money const* a = data().money_a.data();
    Number const* rate = data().rate.data();
    Money const unit = opaque(Money(Number(kUnit)));
    run(state, [&](std::size_t i) {
        Money r = kisoku::round(a[i] * rate[i], unit, RoundingMode::down);
        benchmark::DoNotOptimize(r);
    });
}

void money_multiply_rate_round_int64(benchmark::State& state) {
    std::int64_t const* a = data().a.data();
    std::int64_t const* p = data().rate_p.data();
    std::int64_t const* q = data().rate_q.data();
    std::int64_t const unit = opaque(kUnit);
    run(state, [&](std::size_t i) {
        std::int64_t r = a[i] * p[i] / q[i] / unit * unit;
        benchmark::DoNotOptimize(r);
    });
}

// Registers the Number variants of a binary operation.
template <typename Fn>
void register_binary(std::string const& op, Fn fn) {
    benchmark::RegisterBenchmark((op + "/number_integral").c_str(),
                                 [fn](benchmark::State& s) { fn(s, data().integral_a, data().integral_b); });
    benchmark::RegisterBenchmark((op + "/number_fraction").c_str(),
                                 [fn](benchmark::State& s) { fn(s, data().fraction_a, data().fraction_b); });
    benchmark::RegisterBenchmark((op + "/number_big").c_str(),
                                 [fn](benchmark::State& s) { fn(s, data().big_a, data().big_b); });
}

// Registers the Number variants of a unary operation.
template <typename Fn>
void register_unary(std::string const& op, Fn fn) {
    benchmark::RegisterBenchmark((op + "/number_integral").c_str(),
                                 [fn](benchmark::State& s) { fn(s, data().integral_a); });
    benchmark::RegisterBenchmark((op + "/number_fraction").c_str(),
                                 [fn](benchmark::State& s) { fn(s, data().fraction_a); });
    benchmark::RegisterBenchmark((op + "/number_big").c_str(), [fn](benchmark::State& s) { fn(s, data().big_a); });
}

void register_all() {
    benchmark::RegisterBenchmark("add/int64", add_int64);
    register_binary("add", add_number);
    benchmark::RegisterBenchmark("multiply/int64", multiply_int64);
    register_binary("multiply", multiply_number);
    benchmark::RegisterBenchmark("compare/int64", compare_int64);
    register_binary("compare", compare_number);
    benchmark::RegisterBenchmark("round/int64", round_int64);
    register_unary("round", round_number);
    benchmark::RegisterBenchmark("copy/int64", copy_int64);
    register_unary("copy", copy_number);
    benchmark::RegisterBenchmark("money_add/int64", money_add_int64);
    benchmark::RegisterBenchmark("money_add/money", money_add_money);
    benchmark::RegisterBenchmark("money_multiply_rate/int64", money_multiply_rate_int64);
    benchmark::RegisterBenchmark("money_multiply_rate/money", money_multiply_rate_money);
    benchmark::RegisterBenchmark("money_multiply_rate_round/int64", money_multiply_rate_round_int64);
    benchmark::RegisterBenchmark("money_multiply_rate_round/money", money_multiply_rate_round_money);
}

}  // namespace

int main(int argc, char** argv) {
    data();  // Generate the operands before any timing starts.
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
