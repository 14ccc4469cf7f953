// src/syntax/expression_def.hpp — the expression grammar.
//
// Precedence, loosest first:  comparison (not chainable)  <  + -  <  * /  <  unary - +  <  primary.
// Operators have their ASCII, mathematical and full-width forms (× ÷ − ≤ ≥ ≠ ＋ …), so that a
// formula copied from a call for applications parses as written.
//
// The rules build the AST in semantic actions, which also record each node's span; rule names
// beginning with '@' are catalogue terms (kisoku/messages.hpp) used in "expected …" messages, and
// a name beginning with '!' is the catalogue code of a more specific diagnostic.
#pragma once

#include "expression.hpp"
#include "identifier.hpp"

#include <boost/fusion/include/at_c.hpp>

namespace kisoku::syntax {

// Thrown out of the grammar when nesting exceeds ParseLimits::max_nesting; parse_expression turns
// it into a diagnostic. Keeps the parser's stack use bounded on hostile input.
struct NestingTooDeep {
    iterator_type where;
};

// The whole-expression rule; its ID lives in this namespace (expression.hpp), so it is defined here.
expression_type const expression_rule = "@expression";

namespace grammar {

using x3::unicode::char_;
using x3::unicode::lit;
using x3::_attr;
using x3::_val;
using x3::_where;
namespace fusion = boost::fusion;

template <typename Context>
ParseState& state_of(Context const& context) {
    return x3::get<parse_state_tag>(context);
}

// An operator as read, with where it was.
template <typename Op>
struct OperatorToken : ast::Node {
    Op op{};
};
using BinaryToken = OperatorToken<ast::BinaryOp>;
using UnaryToken = OperatorToken<ast::UnaryOp>;

// The span of a raw[] match. (Spans are set in semantic actions: a rule whose definition has
// actions does not hand its attribute to an on_success handler, and an action's _where is the
// input after the match, so raw[] is what tells where a token began.)
template <typename Context, typename Range>
SourceSpan span_of_range(Context const& ctx, Range const& range) {
    ParseState const& state = state_of(ctx);
    return {state.offset(range.begin()), state.offset(range.end())};
}

// Where the match of an action's subject ended.
template <typename Context>
std::uint32_t end_offset(Context const& ctx) {
    return state_of(ctx).offset(_where(ctx).begin());
}

// Refuses to go deeper than the configured nesting limit.
template <typename Subject>
struct nesting_guard : x3::unary_parser<Subject, nesting_guard<Subject>> {
    using base_type = x3::unary_parser<Subject, nesting_guard<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr nesting_guard(Subject const& subject) : base_type(subject) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
               Attribute& attr) const {
        ParseState& state = state_of(context);
        if (++state.depth > state.limits.max_nesting) throw NestingTooDeep{first};
        bool ok = this->subject.parse(first, last, context, rcontext, attr);
        --state.depth;
        return ok;
    }
};

struct nesting_guard_gen {
    template <typename Subject>
    constexpr nesting_guard<typename x3::extension::as_parser<Subject>::value_type> operator[](
        Subject const& subject) const {
        return {x3::as_parser(subject)};
    }
};
inline constexpr nesting_guard_gen guarded{};

// Identifier characters by Unicode's XID classes (UAX #31), plus '_' as a start.
struct identifier_start_parser : x3::char_parser<identifier_start_parser> {
    using attribute_type = char32_t;
    using encoding = boost::spirit::char_encoding::unicode;
    static bool const has_attribute = true;
    template <typename Char, typename Context>
    bool test(Char ch, Context const&) const {
        return ch == U'_' || is_identifier_start(static_cast<char32_t>(ch));
    }
};
struct identifier_continue_parser : x3::char_parser<identifier_continue_parser> {
    using attribute_type = char32_t;
    using encoding = boost::spirit::char_encoding::unicode;
    static bool const has_attribute = true;
    template <typename Char, typename Context>
    bool test(Char ch, Context const&) const {
        return is_identifier_continue(static_cast<char32_t>(ch));
    }
};
inline constexpr identifier_start_parser identifier_start{};
inline constexpr identifier_continue_parser identifier_continue{};

// Operators, in every spelling accepted.
struct additive_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::BinaryOp> {
    additive_operators() {
        add(U"+", ast::BinaryOp::add)(U"＋", ast::BinaryOp::add);
        add(U"-", ast::BinaryOp::subtract)(U"−", ast::BinaryOp::subtract)(U"－", ast::BinaryOp::subtract);
    }
};
struct multiplicative_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::BinaryOp> {
    multiplicative_operators() {
        add(U"*", ast::BinaryOp::multiply)(U"×", ast::BinaryOp::multiply)(U"＊", ast::BinaryOp::multiply);
        add(U"/", ast::BinaryOp::divide)(U"÷", ast::BinaryOp::divide)(U"／", ast::BinaryOp::divide);
    }
};
struct comparison_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::BinaryOp> {
    comparison_operators() {
        add(U"==", ast::BinaryOp::equal)(U"＝＝", ast::BinaryOp::equal);
        add(U"!=", ast::BinaryOp::not_equal)(U"≠", ast::BinaryOp::not_equal);
        add(U"<", ast::BinaryOp::less)(U"＜", ast::BinaryOp::less);
        add(U"<=", ast::BinaryOp::less_equal)(U"≤", ast::BinaryOp::less_equal)(U"≦", ast::BinaryOp::less_equal);
        add(U">", ast::BinaryOp::greater)(U"＞", ast::BinaryOp::greater);
        add(U">=", ast::BinaryOp::greater_equal)(U"≥", ast::BinaryOp::greater_equal)(U"≧", ast::BinaryOp::greater_equal);
    }
};
struct unary_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::UnaryOp> {
    unary_operators() {
        add(U"-", ast::UnaryOp::negate)(U"−", ast::UnaryOp::negate)(U"－", ast::UnaryOp::negate);
        add(U"+", ast::UnaryOp::plus)(U"＋", ast::UnaryOp::plus);
    }
};
inline additive_operators const additive_symbols;
inline multiplicative_operators const multiplicative_symbols;
inline comparison_operators const comparison_symbols;
inline unary_operators const unary_symbols;

// Semantic actions.
inline auto const assign = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };

// An operator token from raw[symbols]: looks the matched text up again for its value.
template <typename Symbols>
auto set_operator(Symbols const& symbols) {
    return [&symbols](auto& ctx) {
        auto const& range = _attr(ctx);
        _val(ctx).op = *symbols.find(std::u32string(range.begin(), range.end()));
        _val(ctx).span = span_of_range(ctx, range);
    };
}

inline auto const set_text = [](auto& ctx) {
    auto const& range = _attr(ctx);
    _val(ctx).text.assign(range.begin(), range.end());
    _val(ctx).span = span_of_range(ctx, range);
};

inline auto const make_binary = [](auto& ctx) {
    auto& token = fusion::at_c<0>(_attr(ctx));
    ast::Binary node;
    node.op = token.op;
    node.op_span = token.span;
    node.left = std::move(_val(ctx));
    node.right = std::move(fusion::at_c<1>(_attr(ctx)));
    node.span = {ast::span_of(node.left).begin, ast::span_of(node.right).end};
    _val(ctx) = std::move(node);
};

inline auto const make_unary = [](auto& ctx) {
    auto& token = fusion::at_c<0>(_attr(ctx));
    ast::Unary node;
    node.op = token.op;
    node.operand = std::move(fusion::at_c<1>(_attr(ctx)));
    node.span = {token.span.begin, ast::span_of(node.operand).end};
    _val(ctx) = std::move(node);
};

// A name, or a call when parentheses follow it.
inline auto const make_name_or_call = [](auto& ctx) {
    auto& name = fusion::at_c<0>(_attr(ctx));
    auto& arguments = fusion::at_c<1>(_attr(ctx));
    if (!arguments) {
        _val(ctx) = std::move(name);
        return;
    }
    ast::Call call;
    call.span = {name.span.begin, end_offset(ctx)};
    call.function = std::move(name);
    call.arguments = std::move(*arguments);
    _val(ctx) = std::move(call);
};

// Rule IDs.
struct literal_class;
struct name_class;
struct additive_token_class;
struct multiplicative_token_class;
struct comparison_token_class;
struct unary_token_class;
struct arguments_class;
struct primary_class;
struct unary_class;
struct multiplicative_class;
struct additive_class;
struct comparison_class;
struct closing_paren_class;
struct no_chain_class;

x3::rule<literal_class, ast::Literal> const literal = "@expression";
x3::rule<name_class, ast::Name> const name = "@expression";
x3::rule<additive_token_class, BinaryToken> const additive_token = "+";
x3::rule<multiplicative_token_class, BinaryToken> const multiplicative_token = "*";
x3::rule<comparison_token_class, BinaryToken> const comparison_token = "==";
x3::rule<unary_token_class, UnaryToken> const unary_token = "-";
x3::rule<arguments_class, std::vector<ast::Expression>> const arguments = "@argument";
x3::rule<primary_class, ast::Expression> const primary = "@expression";
x3::rule<unary_class, ast::Expression> const unary = "@operand";
x3::rule<multiplicative_class, ast::Expression> const multiplicative = "@operand";
x3::rule<additive_class, ast::Expression> const additive = "@operand";
x3::rule<comparison_class, ast::Expression> const comparison = "@expression";
x3::rule<closing_paren_class> const closing_paren = "@closing-paren";
x3::rule<no_chain_class> const no_chain = "!chained-comparison";

// Lexical pieces of a numeric literal. The literal takes everything that can belong to one, so
// that a malformed literal is reported as a whole, precisely (kisoku/literal.hpp checks it).
auto const digit = char_(U'0', U'9') | char_(U'０', U'９');
auto const group_separator = char_(U',') | char_(U'，');
auto const numeric_char = digit | (group_separator >> &digit) | char_(U'.') | char_(U'．') | char_(U'千') |
                          char_(U'万') | char_(U'億') | char_(U'兆');
auto const yen_sign = char_(U'¥') | char_(U'￥');
auto const literal_suffix = char_(U'円') | char_(U'%') | char_(U'％');

auto const literal_def = x3::raw[x3::lexeme[(yen_sign >> *numeric_char | digit >> *numeric_char) >> -literal_suffix]][set_text];
auto const name_def = x3::raw[x3::lexeme[identifier_start >> *identifier_continue]][set_text];

auto const additive_token_def = x3::raw[additive_symbols][set_operator(additive_symbols)];
auto const multiplicative_token_def = x3::raw[multiplicative_symbols][set_operator(multiplicative_symbols)];
auto const comparison_token_def = x3::raw[comparison_symbols][set_operator(comparison_symbols)];
auto const unary_token_def = x3::raw[unary_symbols][set_operator(unary_symbols)];

auto const closing_paren_def = lit(U")") | lit(U"）");
auto const arguments_def = (lit(U"(") | lit(U"（")) > -(expression_rule % (lit(U",") | lit(U"、") | lit(U"，"))) > closing_paren;

auto const primary_def = literal[assign] | (name >> -arguments)[make_name_or_call] |
                         ((lit(U"(") | lit(U"（")) > expression_rule > closing_paren)[assign];
auto const unary_def = guarded[(unary_token > unary)[make_unary] | primary[assign]];
auto const multiplicative_def = unary[assign] >> *(multiplicative_token > unary)[make_binary];
auto const additive_def = multiplicative[assign] >> *(additive_token > multiplicative)[make_binary];
auto const no_chain_def = !comparison_symbols;
auto const comparison_def = additive[assign] >> -((comparison_token > additive)[make_binary] > no_chain);
BOOST_SPIRIT_DEFINE(literal, name, additive_token, multiplicative_token, comparison_token, unary_token, arguments,
                    primary, unary, multiplicative, additive, comparison, closing_paren, no_chain)

}  // namespace grammar

auto const expression_rule_def = grammar::comparison[grammar::assign];
BOOST_SPIRIT_DEFINE(expression_rule)

}  // namespace kisoku::syntax
