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

enum class UnaryOp { negate, plus };
enum class BinaryOp { add, subtract, multiply, divide, equal, not_equal, less, less_equal, greater, greater_equal };

struct Unary;
struct Binary;
struct Call;

// Any expression.
struct Expression : x3::variant<Literal, Name, x3::forward_ast<Unary>, x3::forward_ast<Binary>, x3::forward_ast<Call>> {
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

// A function call: min(a, b), round_down(x, 1000円).
struct Call : Node {
    Name function;
    std::vector<Expression> arguments;
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
    }
    return "?";
}

constexpr bool is_comparison(BinaryOp op) noexcept { return op >= BinaryOp::equal; }

// Binding strength, higher binds tighter; used by the printer to place parentheses.
constexpr int precedence(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::multiply:
        case BinaryOp::divide: return 3;
        case BinaryOp::add:
        case BinaryOp::subtract: return 2;
        default: return 1;
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
