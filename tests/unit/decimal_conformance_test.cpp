// Conformance of kisoku's exact arithmetic and rounding with IBM's General Decimal Arithmetic
// test cases (the .decTest files described in shared/testdata/decimal/README.md).
//
// kisoku's numbers are exact rationals, so only the cases whose decimal answer is exact can be
// compared: add, subtract, multiply, divide, compare, max and min without a condition that says the
// result was rounded, clamped or undefined. quantize is rounding to a power of ten, so every
// quantize case with a finite exponent checks round_to under the file's current rounding mode,
// even when it is marked Inexact. The quantize file only uses half_up, though; the other modes are
// checked by the arithmetic cases that are merely Inexact or Rounded, whose result is the exact
// result rounded to the precision, which is round_to with a power of ten chosen by its magnitude.
// Each file reports how many cases it selected, ran and passed, and under which rounding modes, so
// that a parser which silently drops everything cannot pass for a conformance run.

#include <doctest/doctest.h>

#include <kisoku/number.hpp>
#include <kisoku/rounding.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef KISOKU_DECTEST_DIR
#define KISOKU_DECTEST_DIR ""
#endif

namespace {

using kisoku::BigInteger;
using kisoku::BigRational;
using kisoku::Number;
using kisoku::RoundingMode;

// Operands whose exponent is larger than this are skipped: the values they denote are exact but
// would need numbers with millions of digits, and the exponent-limit behaviour they test (overflow,
// subnormals at 1E-999999999) has no counterpart for rationals. The limit still admits the
// decimal128 range (exponents up to 6144) and the subnormals just below 1E-999, which stay fast.
constexpr std::int64_t max_exponent_magnitude = 10'000;

std::filesystem::path dectest_directory() {
    // The environment wins so that a packaged test binary can be pointed at another copy of the data.
    if (char const* from_environment = std::getenv("KISOKU_DECTEST_DIR");
        from_environment != nullptr && *from_environment != '\0')
        return from_environment;
    return KISOKU_DECTEST_DIR;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Splits a .decTest line into tokens. Quoted tokens may use '...' or "..." with the quote doubled
// inside; an unquoted token starting with "--" begins a comment that runs to the end of the line.
std::vector<std::string> tokenize(std::string_view line) {
    std::vector<std::string> tokens;
    std::size_t i = 0;
    while (i < line.size()) {
        char c = line[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (line.substr(i, 2) == "--") break;
        std::string token;
        if (c == '\'' || c == '"') {
            char quote = c;
            ++i;
            while (i < line.size()) {
                if (line[i] == quote) {
                    if (i + 1 < line.size() && line[i + 1] == quote) {
                        token.push_back(quote);
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                token.push_back(line[i++]);
            }
        } else {
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) token.push_back(line[i++]);
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

// A finite decimal as the specification defines it: (-1)^sign * coefficient * 10^exponent.
struct Decimal {
    bool negative = false;
    std::string coefficient;  // Decimal digits without leading zeros; empty for zero.
    std::int64_t exponent = 0;
};

// Reads the numeric-string syntax of the specification: an optional sign, digits with an optional
// point, and an optional exponent. Infinities, NaNs and anything malformed give nullopt (such cases
// do not apply to rationals); so do exponents beyond max_exponent_magnitude.
std::optional<Decimal> parse_decimal(std::string_view text) {
    Decimal d;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) d.negative = text[i++] == '-';
    std::string digits;
    std::int64_t fraction_digits = 0;
    bool seen_point = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
            if (seen_point) ++fraction_digits;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (digits.empty()) return std::nullopt;
    std::int64_t exponent = 0;
    if (i < text.size()) {
        if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
        ++i;
        bool exponent_negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
        if (i == text.size()) return std::nullopt;
        for (; i < text.size(); ++i) {
            char c = text[i];
            if (c < '0' || c > '9') return std::nullopt;
            // Saturate instead of overflowing: such exponents are rejected below anyway.
            if (exponent < 1'000'000'000'000) exponent = exponent * 10 + (c - '0');
        }
        if (exponent_negative) exponent = -exponent;
    }
    d.exponent = exponent - fraction_digits;
    if (d.exponent > max_exponent_magnitude || d.exponent < -max_exponent_magnitude) return std::nullopt;
    // Leading zeros must go: besides being meaningless, cpp_int would read them as an octal prefix.
    std::size_t first = digits.find_first_not_of('0');
    d.coefficient = first == std::string::npos ? std::string() : digits.substr(first);
    return d;
}

BigInteger power_of_ten(std::int64_t exponent) {
    return boost::multiprecision::pow(BigInteger(10), static_cast<unsigned>(exponent));
}

// 10^exponent as a Number, for negative exponents too.
Number ten_to(std::int64_t exponent) {
    if (exponent >= 0) return Number::from_big(BigRational(power_of_ten(exponent)));
    return Number::from_big(BigRational(BigInteger(1), power_of_ten(-exponent)));
}

Number to_number(Decimal const& d) {
    if (d.coefficient.empty()) return Number(0);
    BigInteger coefficient(d.coefficient);
    if (d.negative) coefficient = -coefficient;
    if (d.exponent >= 0) return Number::from_big(BigRational(coefficient * power_of_ten(d.exponent)));
    return Number::from_big(BigRational(coefficient, power_of_ten(-d.exponent)));
}

std::optional<Number> parse_number(std::string_view text) {
    auto d = parse_decimal(text);
    if (!d) return std::nullopt;
    return to_number(*d);
}

// The unit of the last digit kept when v is rounded to `precision` significant digits:
// 10^(e - precision + 1) where 10^e <= |v| < 10^(e + 1). v must not be zero.
Number precision_unit(Number const& v, int precision) {
    Number magnitude = v.abs();
    // With n digits in the numerator and d in the denominator, |v| lies in (10^(n-d-1), 10^(n-d+1)),
    // so e is n - d or one less.
    auto digits = [](BigInteger const& x) { return static_cast<std::int64_t>(x.str().size()); };
    std::int64_t e = digits(magnitude.numerator_big()) - digits(magnitude.denominator_big());
    if (magnitude < ten_to(e)) --e;
    return ten_to(e - precision + 1);
}

// The counts reported for one operation of one file.
struct Tally {
    int cases = 0;     // Lines with this operation (or of this kind, for the lines split off).
    int selected = 0;  // Of these, the ones that apply to exact rationals, all of which are run.
    int passed = 0;
};

// One test case line, as far as the checks need it.
struct Case {
    std::string id;
    std::string operation;
    std::vector<std::string> operands;
    std::string result;
    std::set<std::string> conditions;  // Lower case.
};

std::optional<Case> parse_case(std::vector<std::string> const& tokens) {
    auto arrow = std::find(tokens.begin(), tokens.end(), "->");
    if (tokens.size() < 4 || arrow == tokens.end() || arrow - tokens.begin() < 2 || arrow + 1 == tokens.end())
        return std::nullopt;
    Case c;
    c.id = tokens[0];
    c.operation = lowercase(tokens[1]);
    c.operands.assign(tokens.begin() + 2, arrow);
    c.result = *(arrow + 1);
    for (auto it = arrow + 2; it != tokens.end(); ++it) c.conditions.insert(lowercase(*it));
    return c;
}

// True when the conditions say the decimal result is the exact value of the operation. A result
// flagged only as Subnormal is exact too: Underflow would accompany it had it been rounded.
bool exact_result(std::set<std::string> const& conditions) {
    return std::all_of(conditions.begin(), conditions.end(), [](std::string const& c) { return c == "subnormal"; });
}

std::string describe(Case const& c) {
    std::string text = c.id + " " + c.operation;
    for (auto const& operand : c.operands) text += " " + operand;
    text += " -> " + c.result;
    for (auto const& condition : c.conditions) text += " " + condition;
    return text;
}

class FileRun {
public:
    explicit FileRun(std::string file_name) : file_name_(std::move(file_name)) {}

    void run() {
        std::filesystem::path path = dectest_directory() / file_name_;
        std::ifstream in(path);
        INFO("decTest file: " << path.string());
        REQUIRE_MESSAGE(in.is_open(), "cannot open " << path.string() << " (set KISOKU_DECTEST_DIR)");
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            std::vector<std::string> tokens = tokenize(line);
            if (tokens.empty()) continue;
            if (tokens[0].size() > 1 && tokens[0].back() == ':') {
                directive(lowercase(tokens[0].substr(0, tokens[0].size() - 1)), tokens);
                continue;
            }
            if (auto c = parse_case(tokens)) run_case(*c);
        }
    }

    std::map<std::string, Tally> const& tallies() const { return tallies_; }

    // Writes one line per operation and requires that each operation the file is about ran cases.
    void report(std::vector<std::string> const& required_operations) const {
        for (auto const& [operation, tally] : tallies_) {
            std::ostringstream text;
            text << file_name_ << " " << operation << ": " << tally.cases << " cases, " << tally.selected
                 << " selected and run, " << tally.passed << " passed";
            MESSAGE(text.str());
        }
        auto report_modes = [&](std::map<std::string, int> const& modes, char const* what) {
            if (modes.empty()) return;
            std::ostringstream text;
            text << file_name_ << " " << what << " run per rounding mode:";
            for (auto const& [mode, count] : modes) text << " " << mode << " " << count;
            MESSAGE(text.str());
        };
        report_modes(quantize_modes_, "quantize cases");
        report_modes(rounded_modes_, "cases rounded to precision");
        for (auto const& operation : required_operations) {
            auto it = tallies_.find(operation);
            int selected = it == tallies_.end() ? 0 : it->second.selected;
            CHECK_MESSAGE(selected > 0, file_name_ << ": no " << operation << " case was selected");
        }
    }

private:
    void directive(std::string const& key, std::vector<std::string> const& tokens) {
        if (key == "precision" && tokens.size() >= 2) {
            precision_ = std::atoi(tokens[1].c_str());
            return;
        }
        if (key != "rounding" || tokens.size() < 2) return;
        // A mode kisoku does not have (05up) switches the checks that round off until the next directive.
        rounding_ = kisoku::parse_rounding_mode(lowercase(tokens[1]));
        rounding_name_ = tokens[1];
    }

    // Moves a case counted under its operation to a line of its own in the report, so that each
    // line says what kind of check its cases ran.
    void move_to_own_line(Case const& c, std::string const& label) {
        --tallies_[c.operation].cases;
        ++tallies_[label].cases;
    }

    // Records the outcome of one selected case and reports it when it fails.
    void check(Case const& c, std::string const& label, bool ok, std::string const& detail) {
        Tally& tally = tallies_[label];
        ++tally.selected;
        if (ok) ++tally.passed;
        CHECK_MESSAGE(ok, file_name_ << ": " << describe(c) << " [rounding: " << rounding_name_ << "] " << detail);
    }

    void run_case(Case const& c) {
        static std::set<std::string> const binary = {"add", "subtract", "multiply", "divide", "compare", "max", "min"};
        bool is_binary = binary.count(c.operation) != 0;
        if (!is_binary && c.operation != "quantize") return;
        ++tallies_[c.operation].cases;
        if (c.operands.size() != 2) return;
        auto a = parse_number(c.operands[0]);
        auto b = parse_number(c.operands[1]);
        if (!a || !b) return;
        if (is_binary)
            run_binary(c, *a, *b);
        else
            run_quantize(c, *a);
    }

    void run_binary(Case const& c, Number const& a, Number const& b) {
        // Division by zero has no exact answer; kisoku must refuse it rather than invent one.
        if (c.operation == "divide" && b.is_zero() &&
            (c.conditions.count("division_by_zero") != 0 || c.conditions.count("division_undefined") != 0)) {
            bool threw = false;
            try {
                (void)(a / b);
            } catch (kisoku::ArithmeticError const&) {
                threw = true;
            }
            move_to_own_line(c, "divide by zero");
            check(c, "divide by zero", threw, "expected kisoku::ArithmeticError");
            return;
        }
        // A result that is only Inexact or Rounded is the exact result rounded to `precision`
        // significant digits under the current mode, which is round_to with a unit of
        // 10^(adjusted exponent - precision + 1): those cases check the rounding modes that the
        // quantize file never uses. Overflow, Underflow, Subnormal and Clamped change that unit.
        bool rounded = std::all_of(c.conditions.begin(), c.conditions.end(),
                                   [](std::string const& k) { return k == "inexact" || k == "rounded"; });
        bool exact = exact_result(c.conditions);
        if (!exact && !(rounded && rounding_ && precision_ > 0 && c.operation != "compare")) return;
        auto expected = parse_number(c.result);
        if (!expected) return;
        std::string label = c.operation;
        if (!exact) {
            label += " rounded to precision";
            move_to_own_line(c, label);
        }
        std::optional<Number> actual;
        std::string error;
        try {
            if (c.operation == "add")
                actual = a + b;
            else if (c.operation == "subtract")
                actual = a - b;
            else if (c.operation == "multiply")
                actual = a * b;
            else if (c.operation == "divide")
                actual = a / b;
            else if (c.operation == "compare") {
                auto order = a <=> b;
                actual = Number(order < 0 ? -1 : order > 0 ? 1 : 0);
            } else if (c.operation == "max")
                actual = a < b ? b : a;
            else if (c.operation == "min")
                actual = b < a ? b : a;
            if (actual && !exact) {
                ++rounded_modes_[std::string(kisoku::name(*rounding_))];
                actual = kisoku::round_to(*actual, precision_unit(*actual, precision_), *rounding_);
            }
        } catch (std::exception const& e) {
            error = e.what();
        }
        bool ok = actual && *actual == *expected;
        check(c, label, ok,
              actual ? "got " + actual->to_string() + ", expected " + expected->to_string() : "threw: " + error);
    }

    void run_quantize(Case const& c, Number const& a) {
        if (!rounding_ || c.conditions.count("invalid_operation") != 0) return;
        // Only the exponent of the second operand matters: the result is a multiple of 10^exponent.
        auto pattern = parse_decimal(c.operands[1]);
        auto expected = parse_number(c.result);
        if (!pattern || !expected) return;
        Number unit = ten_to(pattern->exponent);
        std::optional<Number> actual;
        std::string error;
        try {
            actual = kisoku::round_to(a, unit, *rounding_);
        } catch (std::exception const& e) {
            error = e.what();
        }
        bool ok = actual && *actual == *expected;
        ++quantize_modes_[std::string(kisoku::name(*rounding_))];
        check(c, c.operation, ok,
              actual ? "got " + actual->to_string() + ", expected " + expected->to_string() : "threw: " + error);
    }

    std::string file_name_;
    // How many quantize cases ran under each mode, to show that the rounding directives were followed.
    std::map<std::string, int> quantize_modes_;
    // The same for the arithmetic results rounded to the precision.
    std::map<std::string, int> rounded_modes_;
    int precision_ = 0;
    std::optional<RoundingMode> rounding_ = RoundingMode::half_up;
    std::string rounding_name_ = "half_up (default)";
    std::map<std::string, Tally> tallies_;
};

void run_file(std::string const& file_name, std::vector<std::string> const& required_operations) {
    FileRun run(file_name);
    run.run();
    run.report(required_operations);
    int selected = 0;
    for (auto const& [operation, tally] : run.tallies()) selected += tally.selected;
    REQUIRE_MESSAGE(selected > 0, file_name << ": no case was selected and run");
}

}  // namespace

TEST_CASE("decTest conformance: the operand parser reads the specification's numeric strings") {
    // The parser is checked on its own first, so that a failure below points at kisoku, not at it.
    CHECK(parse_number("1E+3") == Number(1000));
    CHECK(parse_number("1.20E-5") == Number::ratio(12, 1'000'000));
    CHECK(parse_number("-0") == Number(0));
    CHECK(parse_number("0E+2") == Number(0));
    CHECK(parse_number(".5") == Number::ratio(1, 2));
    CHECK(parse_number("1.") == Number(1));
    CHECK(parse_number("+007.50") == Number::ratio(15, 2));
    CHECK(parse_number("0.0123456789012345678901234567") ==
          Number::from_big(BigRational(BigInteger("123456789012345678901234567"), power_of_ten(28))));
    CHECK_FALSE(parse_number("Inf").has_value());
    CHECK_FALSE(parse_number("-sNaN12").has_value());
    CHECK_FALSE(parse_number("1E+999999999").has_value());
    CHECK_FALSE(parse_number("1E+10001").has_value());
    CHECK_FALSE(parse_number("64#1E+384").has_value());
    CHECK(parse_decimal("0.001")->exponent == -3);
    CHECK(parse_decimal("1e+2")->exponent == 2);
    CHECK(tokenize("addx009 add '1.23''4'  \"5\" -> 9 -- comment") ==
          std::vector<std::string>{"addx009", "add", "1.23'4", "5", "->", "9"});
}

TEST_CASE("decTest conformance: add.decTest") { run_file("add.decTest", {"add"}); }
TEST_CASE("decTest conformance: subtract.decTest") { run_file("subtract.decTest", {"subtract"}); }
TEST_CASE("decTest conformance: multiply.decTest") { run_file("multiply.decTest", {"multiply"}); }
TEST_CASE("decTest conformance: divide.decTest") { run_file("divide.decTest", {"divide"}); }
TEST_CASE("decTest conformance: compare.decTest") { run_file("compare.decTest", {"compare"}); }
TEST_CASE("decTest conformance: max.decTest") { run_file("max.decTest", {"max"}); }
TEST_CASE("decTest conformance: min.decTest") { run_file("min.decTest", {"min"}); }
TEST_CASE("decTest conformance: quantize.decTest") { run_file("quantize.decTest", {"quantize"}); }
