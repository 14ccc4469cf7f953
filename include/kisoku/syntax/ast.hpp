// kisoku/syntax/ast.hpp — the abstract syntax tree produced by the parser.
//
// Every node records the span of source it was read from (code-point offsets), so that any later
// stage can point at it. Literals keep their text as written ("20万円"); their value is read by
// kisoku/literal.hpp in the checking stage, which can then point at the exact faulty character.
#pragma once

#include "kisoku/source.hpp"

#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <boost/variant/apply_visitor.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kisoku::ast {

namespace x3 = boost::spirit::x3;

// The base of every node: where in the source it came from.
struct Node {
    SourceSpan span;
};

// A number or an amount as written: "200,000円", "50%", "1.5万円".
struct Literal : Node {
    std::u32string text;
};

// A name: a function in a call, a definition, a field, an enum value.
struct Name : Node {
    std::u32string text;
};

// A date as written: "2025-04-14" or "令和7年4月14日"; kisoku/date.hpp reads it.
struct DateLiteral : Node {
    std::u32string text;
};

enum class UnaryOp { negate, plus, logical_not };
enum class BinaryOp {
    add,
    subtract,
    multiply,
    divide,
    equal,
    not_equal,
    less,
    less_equal,
    greater,
    greater_equal,
    member_of,  // x in {a, b}, x in low .. high, x in 期間
    logical_and,
    logical_or,
};

struct Unary;
struct Binary;
struct Call;
struct Conditional;
struct Member;
struct Index;
struct SetLiteral;
struct Range;
struct Filter;

// Any expression.
struct Expression
    : x3::variant<Literal, DateLiteral, Name, x3::forward_ast<Unary>, x3::forward_ast<Binary>, x3::forward_ast<Call>,
                  x3::forward_ast<Conditional>, x3::forward_ast<Member>, x3::forward_ast<Index>,
                  x3::forward_ast<SetLiteral>, x3::forward_ast<Range>, x3::forward_ast<Filter>> {
    using base_type::base_type;
    using base_type::operator=;
};

struct Unary : Node {
    UnaryOp op = UnaryOp::negate;
    Expression operand;
};

struct Binary : Node {
    BinaryOp op = BinaryOp::add;
    SourceSpan op_span;  // Where the operator itself is, for messages about it.
    Expression left;
    Expression right;
};

// A function call: min(a, b), round_down(x, 1000円), count(構成員 where 法人).
struct Call : Node {
    Name function;
    std::vector<Expression> arguments;
};

// if CONDITION then A else B (もし … ならば … でなければ …).
struct Conditional : Node {
    Expression condition;
    Expression then_branch;
    Expression else_branch;
};

// A field of a record: 代表構成員.法人.
struct Member : Node {
    Expression object;
    Name field;
};

// A table lookup: 上限額[活動種別].
struct Index : Node {
    Expression table;
    Expression key;
};

// A set of values to test membership in: {準備枠, 実践枠}.
struct SetLiteral : Node {
    std::vector<Expression> items;
};

// An inclusive range, the right side of `in`: 2025-04-01 .. 2026-03-31.
struct Range : Node {
    Expression low;
    Expression high;
};

// The items of a list that satisfy a condition: 構成員 where 法人 (構成員 のうち 法人).
// Inside the condition, the item's fields are in scope by name.
struct Filter : Node {
    Expression list;
    Expression condition;
};


// The operator's symbol as kisoku prints it.
constexpr std::string_view symbol(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::add: return "+";
        case BinaryOp::subtract: return "-";
        case BinaryOp::multiply: return "*";
        case BinaryOp::divide: return "/";
        case BinaryOp::equal: return "==";
        case BinaryOp::not_equal: return "!=";
        case BinaryOp::less: return "<";
        case BinaryOp::less_equal: return "<=";
        case BinaryOp::greater: return ">";
        case BinaryOp::greater_equal: return ">=";
        case BinaryOp::member_of: return "in";
        case BinaryOp::logical_and: return "and";
        case BinaryOp::logical_or: return "or";
    }
    return "?";
}

constexpr bool is_comparison(BinaryOp op) noexcept { return op >= BinaryOp::equal && op <= BinaryOp::greater_equal; }

// Binding strength, higher binds tighter; used by the printer to place parentheses.
// where 0 < or 1 < and 2 < not 3 < comparisons and in 4 < + - 5 < * / 6 < unary - + 7 < postfix 8.
constexpr int precedence(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::multiply:
        case BinaryOp::divide: return 6;
        case BinaryOp::add:
        case BinaryOp::subtract: return 5;
        case BinaryOp::logical_and: return 2;
        case BinaryOp::logical_or: return 1;
        default: return 4;
    }
}

// The span of any expression.
inline SourceSpan span_of(Expression const& e) {
    return boost::apply_visitor(
        [](auto const& node) -> SourceSpan {
            if constexpr (requires { node.get(); })
                return node.get().span;
            else
                return node.span;
        },
        e.get());
}

}  // namespace kisoku::ast
