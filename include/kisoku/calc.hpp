// kisoku/calc.hpp — evaluating one standalone expression, as `kisoku calc` does.
//
// This is the smallest complete path through kisoku: text → AST (the Spirit grammar) → value,
// with the unit discipline of money enforced on the way. It lets policy staff check a formula
// ("is 2/3 of 900,000円 really 600,000円?") before it goes into a rule file.
//
// Unit rules: yen ± yen is yen; yen × number and yen ÷ number are yen; yen ÷ yen is a number;
// a bare number cannot be added to, subtracted from or compared with yen, two amounts cannot be
// multiplied, and a number cannot be divided by yen. A rounding unit must be in the unit of the
// value it rounds: round_down(x円, 1000円), round_down(rate, 0.01).
#pragma once

#include "kisoku/date.hpp"
#include "kisoku/detail/spelling.hpp"
#include "kisoku/diagnostic.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/money.hpp"
#include "kisoku/rounding.hpp"
#include "kisoku/syntax/parser.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kisoku {

// The value of an expression: a plain number, an amount of yen, true/false, a date or text.
struct CalcValue {
    enum class Kind { number, yen, boolean, date, text };
    Kind kind = Kind::number;
    Number number;         // The value for number and yen.
    bool boolean = false;  // The value for boolean.
    Date date;             // The value for date.
    std::string text;      // The value for text, in UTF-8.

    static CalcValue of_number(Number n) { return {Kind::number, std::move(n), false, {}, {}}; }
    static CalcValue of_yen(Number n) { return {Kind::yen, std::move(n), false, {}, {}}; }
    static CalcValue of_bool(bool b) { return {Kind::boolean, Number(), b, {}, {}}; }
    static CalcValue of_date(Date d) { return {Kind::date, Number(), false, d, {}}; }
    static CalcValue of_text(std::string t) { return {Kind::text, Number(), false, {}, std::move(t)}; }
    static CalcValue of_kind(Kind kind, Number n) { return {kind, std::move(n), false, {}, {}}; }

    // The canonical exact form: "600000", "600000円", "2/3", "true".
    std::string to_string() const {
        switch (kind) {
            case Kind::number: return number.to_string();
            case Kind::yen: return Money(number).to_string();
            case Kind::boolean: return boolean ? "true" : "false";
            case Kind::date: return date.to_string();
            case Kind::text: return "\"" + text + "\"";
        }
        return {};
    }
    // The display form, with thousands separators: "600,000円".
    std::string to_display_string() const {
        switch (kind) {
            case Kind::number: return number.to_display_string();
            case Kind::yen: return Money(number).to_display_string();
            case Kind::boolean: return boolean ? "true" : "false";
            case Kind::date: return to_wareki(date);
            case Kind::text: return "「" + text + "」";
        }
        return {};
    }
};

struct CalcResult {
    std::optional<CalcValue> value;
    std::vector<Diagnostic> diagnostics;
    // The text the diagnostics point into, for render().
    std::optional<SourceText> source;
};

namespace detail {

// The functions `kisoku calc` knows besides rounding, with their Japanese names.
enum class CalcFunction { min, max, abs, round };

struct CalcFunctionEntry {
    std::u32string_view name;
    CalcFunction function;
};

inline constexpr CalcFunctionEntry calc_functions[] = {
    {U"min", CalcFunction::min}, {U"最小", CalcFunction::min}, {U"max", CalcFunction::max},
    {U"最大", CalcFunction::max}, {U"abs", CalcFunction::abs}, {U"絶対値", CalcFunction::abs},
};

// Stops evaluation at the first error; the evaluator turns it into the result's diagnostics.
struct CalcStop {
    std::vector<Diagnostic> diagnostics;
};

class CalcEvaluator {
public:
    CalcValue evaluate(ast::Expression const& e) const {
        return boost::apply_visitor([this](auto const& node) { return this->visit(node); }, e.get());
    }

private:
    [[noreturn]] static void fail(std::string_view code, SourceSpan span, std::vector<std::string> args = {}) {
        throw CalcStop{{Diagnostic{Severity::error, code, span, std::move(args)}}};
    }

    static std::string quoted(std::u32string_view name) { return "'" + encode_utf8(name) + "'"; }

    static std::string kind_term(CalcValue const& v) {
        switch (v.kind) {
            case CalcValue::Kind::number: return "@number";
            case CalcValue::Kind::yen: return "@yen";
            case CalcValue::Kind::boolean: return "@bool";
            case CalcValue::Kind::date: return "@date";
            case CalcValue::Kind::text: return "@text";
        }
        return "@number";
    }

    static bool is_arithmetic(CalcValue const& v) {
        return v.kind == CalcValue::Kind::number || v.kind == CalcValue::Kind::yen;
    }

    // Three-way comparison of two values of the same kind (booleans only for equality).
    static std::strong_ordering compare(CalcValue const& a, CalcValue const& b) {
        if (a.kind == CalcValue::Kind::date) return a.date <=> b.date;
        if (a.kind == CalcValue::Kind::boolean) return a.boolean <=> b.boolean;
        if (a.kind == CalcValue::Kind::text) return a.text <=> b.text;
        return a.number <=> b.number;
    }

    void require_same_kind(CalcValue const& a, CalcValue const& b, SourceSpan at) const {
        if (a.kind != b.kind)
            fail("unit-mismatch", at,
                 {"@compare", kind_term(a), kind_term(b),
                  a.kind == CalcValue::Kind::yen || b.kind == CalcValue::Kind::yen ? "@hint-yen" : "@hint-same-unit"});
    }

    bool condition(ast::Expression const& e, std::string const& what) const {
        CalcValue v = evaluate(e);
        if (v.kind != CalcValue::Kind::boolean) fail("not-a-condition", ast::span_of(e), {what, kind_term(v)});
        return v.boolean;
    }

    CalcValue visit(ast::DateLiteral const& literal) const {
        auto date = parse_date(literal.text);
        if (!date) fail("invalid-date", literal.span, {quoted(literal.text)});
        return CalcValue::of_date(*date);
    }

    CalcValue visit(ast::StringLiteral const& literal) const { return CalcValue::of_text(encode_utf8(literal.text)); }

    CalcValue visit(ast::Conditional const& node) const {
        return condition(node.condition, "@kw-if") ? evaluate(node.then_branch) : evaluate(node.else_branch);
    }

    CalcValue visit(ast::Member const& node) const {
        CalcValue object = evaluate(node.object);
        fail("not-a-record", ast::span_of(node.object), {kind_term(object), quoted(node.field.text)});
    }

    CalcValue visit(ast::Index const& node) const {
        CalcValue table = evaluate(node.table);
        fail("not-a-table", ast::span_of(node.table), {kind_term(table)});
    }

    CalcValue visit(ast::SetLiteral const& node) const { fail("set-outside-in", node.span); }
    CalcValue visit(ast::Range const& node) const { fail("set-outside-in", node.span); }

    CalcValue visit(ast::Filter const& node) const {
        CalcValue list = evaluate(node.list);
        fail("not-a-list", ast::span_of(node.list), {"@kw-where", kind_term(list)});
    }

    // x in {a, b, …} and x in low .. high.
    CalcValue membership(ast::Binary const& binary) const {
        CalcValue value = evaluate(binary.left);
        auto const& right = binary.right.get();
        if (auto const* set = boost::get<ast::x3::forward_ast<ast::SetLiteral>>(&right)) {
            bool found = false;
            for (auto const& item : set->get().items) {
                CalcValue candidate = evaluate(item);
                require_same_kind(value, candidate, ast::span_of(item));
                found = found || compare(value, candidate) == 0;
            }
            return CalcValue::of_bool(found);
        }
        if (auto const* range = boost::get<ast::x3::forward_ast<ast::Range>>(&right)) {
            CalcValue low = evaluate(range->get().low), high = evaluate(range->get().high);
            require_same_kind(value, low, ast::span_of(range->get().low));
            require_same_kind(value, high, ast::span_of(range->get().high));
            if (!is_arithmetic(value) && value.kind != CalcValue::Kind::date)
                fail("not-a-number", binary.op_span, {"'..'", kind_term(value)});
            return CalcValue::of_bool(compare(low, value) <= 0 && compare(value, high) <= 0);
        }
        evaluate(binary.right);
        fail("not-a-collection", ast::span_of(binary.right));
    }

    CalcValue visit(ast::Literal const& literal) const {
        auto parsed = parse_literal(literal.text);
        if (auto const* error = std::get_if<LiteralError>(&parsed))
            fail(error->code, {literal.span.begin + error->begin, literal.span.begin + std::max(error->end, error->begin + 1)},
                 error->args);
        auto const& value = std::get<LiteralValue>(parsed);
        return value.is_yen ? CalcValue::of_yen(value.value) : CalcValue::of_number(value.value);
    }

    CalcValue visit(ast::Name const& name) const {
        if (name.text == U"true" || name.text == U"真") return CalcValue::of_bool(true);
        if (name.text == U"false" || name.text == U"偽") return CalcValue::of_bool(false);
        fail("unknown-name", name.span, {quoted(name.text)});
    }

    CalcValue visit(ast::Unary const& unary) const {
        if (unary.op == ast::UnaryOp::logical_not) return CalcValue::of_bool(!condition(unary.operand, "@kw-not"));
        CalcValue v = evaluate(unary.operand);
        if (!is_arithmetic(v)) fail("not-a-number", unary.span, {"'-'", kind_term(v)});
        if (unary.op == ast::UnaryOp::negate) v.number = -v.number;
        return v;
    }

    CalcValue visit(ast::Binary const& binary) const {
        auto const op_name = operator_name(binary.op);
        // The right side of and/or is evaluated only when it can change the result.
        if (binary.op == ast::BinaryOp::logical_and)
            return CalcValue::of_bool(condition(binary.left, op_name) && condition(binary.right, op_name));
        if (binary.op == ast::BinaryOp::logical_or)
            return CalcValue::of_bool(condition(binary.left, op_name) || condition(binary.right, op_name));
        if (binary.op == ast::BinaryOp::member_of) return membership(binary);
        CalcValue left = evaluate(binary.left);
        CalcValue right = evaluate(binary.right);
        using K = CalcValue::Kind;
        if (ast::is_comparison(binary.op)) {
            bool equality = binary.op == ast::BinaryOp::equal || binary.op == ast::BinaryOp::not_equal;
            require_same_kind(left, right, binary.op_span);
            if ((left.kind == K::boolean || left.kind == K::text) && !equality)
                fail("not-a-number", binary.op_span, {op_name, kind_term(left)});
            auto order = compare(left, right);
            switch (binary.op) {
                case ast::BinaryOp::equal: return CalcValue::of_bool(order == 0);
                case ast::BinaryOp::not_equal: return CalcValue::of_bool(order != 0);
                case ast::BinaryOp::less: return CalcValue::of_bool(order < 0);
                case ast::BinaryOp::less_equal: return CalcValue::of_bool(order <= 0);
                case ast::BinaryOp::greater: return CalcValue::of_bool(order > 0);
                default: return CalcValue::of_bool(order >= 0);
            }
        }
        if (!is_arithmetic(left)) fail("not-a-number", binary.op_span, {op_name, kind_term(left)});
        if (!is_arithmetic(right)) fail("not-a-number", binary.op_span, {op_name, kind_term(right)});
        switch (binary.op) {
            case ast::BinaryOp::add:
            case ast::BinaryOp::subtract: {
                if (left.kind != right.kind)
                    fail("unit-mismatch", binary.op_span,
                         {binary.op == ast::BinaryOp::add ? "@add" : "@subtract", kind_term(left), kind_term(right),
                          "@hint-yen"});
                Number n = binary.op == ast::BinaryOp::add ? left.number + right.number : left.number - right.number;
                return CalcValue::of_kind(left.kind, std::move(n));
            }
            case ast::BinaryOp::multiply:
                if (left.kind == K::yen && right.kind == K::yen) fail("yen-times-yen", binary.op_span);
                return CalcValue::of_kind(left.kind == K::yen || right.kind == K::yen ? K::yen : K::number,
                                          left.number * right.number);
            case ast::BinaryOp::divide: {
                if (right.number.is_zero()) fail("division-by-zero", binary.op_span);
                if (left.kind == K::number && right.kind == K::yen) fail("divide-by-yen", binary.op_span);
                K kind = left.kind == K::yen && right.kind == K::number ? K::yen : K::number;
                return CalcValue::of_kind(kind, left.number / right.number);
            }
            default: break;
        }
        fail("syntax-expected", binary.op_span, {"@expression"});
    }

    CalcValue visit(ast::Call const& call) const {
        CalcFunction function = CalcFunction::round;
        RoundingFunction const* rounding = find_rounding_function(call.function.text);
        bool known = rounding != nullptr;
        for (auto const& f : calc_functions)
            if (f.name == call.function.text) {
                function = f.function;
                known = true;
            }
        if (!known) {
            std::vector<std::u32string_view> names;
            for (auto const& f : calc_functions) names.push_back(f.name);
            for (auto const& f : rounding_functions) names.push_back(f.name);
            CalcStop stop{{Diagnostic{Severity::error, "unknown-function", call.function.span, {quoted(call.function.text)}}}};
            auto suggestion = closest_match(call.function.text, names);
            if (!suggestion.empty())
                stop.diagnostics.push_back({Severity::note, "did-you-mean", call.function.span, {quoted(suggestion)}});
            throw stop;
        }
        std::string const function_name = quoted(call.function.text);
        std::size_t const count = call.arguments.size();
        auto arity_error = [&](std::string_view expected) {
            fail("wrong-arity", call.span, {function_name, std::string(expected), std::to_string(count)});
        };
        std::vector<CalcValue> args;
        args.reserve(count);
        for (auto const& a : call.arguments) {
            args.push_back(evaluate(a));
            if (!is_arithmetic(args.back())) fail("not-a-number", ast::span_of(a), {function_name, kind_term(args.back())});
        }
        switch (function) {
            case CalcFunction::abs:
                if (count != 1) arity_error("@one-argument");
                return CalcValue::of_kind(args[0].kind, args[0].number.abs());
            case CalcFunction::min:
            case CalcFunction::max: {
                if (count < 2) arity_error("@two-or-more-arguments");
                CalcValue best = args[0];
                for (std::size_t i = 1; i < count; ++i) {
                    if (args[i].kind != best.kind)
                        fail("unit-mismatch", ast::span_of(call.arguments[i]),
                             {"@compare", kind_term(best), kind_term(args[i]), "@hint-same-unit"});
                    bool better = function == CalcFunction::min ? args[i].number < best.number
                                                                       : args[i].number > best.number;
                    if (better) best = args[i];
                }
                return best;
            }
            case CalcFunction::round: {
                if (count < 1 || count > 2) arity_error("@one-or-two-arguments");
                CalcValue unit = count == 2 ? args[1] : CalcValue::of_kind(args[0].kind, Number(1));
                if (unit.kind != args[0].kind) {
                    std::string written = unit.number.to_display_string() + (args[0].kind == CalcValue::Kind::yen ? "円" : "");
                    fail("rounding-unit-mismatch", ast::span_of(call.arguments[1]),
                         {function_name, unit.to_string(), kind_term(args[0]), written});
                }
                if (unit.number.sign() <= 0)
                    fail("rounding-unit-not-positive", ast::span_of(call.arguments[1]), {unit.to_string()});
                return CalcValue::of_kind(args[0].kind, round_to(args[0].number, unit.number, rounding->mode));
            }
        }
        fail("unknown-function", call.function.span, {function_name});
    }
};

}  // namespace detail

// Parses and evaluates one expression. Never throws for bad input: every problem is a diagnostic.
inline CalcResult calculate(SourceText const& source, syntax::ParseLimits const& limits = {}) {
    CalcResult result;
    result.source = source;
    auto parsed = syntax::parse_expression(source, limits);
    if (!parsed.expression) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    try {
        result.value = detail::CalcEvaluator{}.evaluate(*parsed.expression);
    } catch (detail::CalcStop& stop) {
        result.diagnostics = std::move(stop.diagnostics);
    } catch (ArithmeticError const&) {
        result.diagnostics.push_back({Severity::error, "division-by-zero", {0, static_cast<std::uint32_t>(source.text().size())}, {}});
    }
    return result;
}

// Convenience: evaluates UTF-8 text named `name` (shown in diagnostics), whose first line is
// numbered `first_line`.
inline CalcResult calculate(std::string_view utf8_text, std::string name = "<expression>", std::uint32_t first_line = 1) {
    auto decoded = decode_utf8(utf8_text);
    if (decoded.error_byte) {
        CalcResult result;
        auto const at = static_cast<std::uint32_t>(decoded.text.size());
        result.diagnostics.push_back({Severity::error, "invalid-utf8", {at, at}, {std::to_string(*decoded.error_byte + 1)}});
        result.source.emplace(std::move(name), std::move(decoded.text), first_line);
        return result;
    }
    return calculate(SourceText(std::move(name), std::move(decoded.text), first_line));
}

}  // namespace kisoku
