// src/syntax/expression_def.hpp — the expression grammar.
//
// Precedence, loosest first:  where  <  or  <  and  <  not  <  comparison (not chainable) and in
//   <  + -  <  * /  <  unary - +  <  postfix (.field, [key])  <  primary.
// Operators have their ASCII, mathematical and full-width forms (× ÷ − ≤ ≥ ≠ ＋ …), so that a
// formula copied from a call for applications parses as written.
//
// The rules build the AST in semantic actions, which also record each node's span; rule names
// beginning with '@' are catalogue terms (kisoku/messages.hpp) used in "expected …" messages, and
// a name beginning with '!' is the catalogue code of a more specific diagnostic.
#pragma once

#include "expression.hpp"
#include "keywords.hpp"
#include "lexical.hpp"

#include <boost/fusion/include/at_c.hpp>

// Rules are written as X3 writes them: `a >> b > c` is the sequence a b followed by an
// expectation point before c, since `>>` binds tighter than `>`. Clang asks for parentheses
// around such sequences; the grammar means exactly what the precedence gives.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Woverloaded-shift-op-parentheses"
#endif

namespace kisoku::syntax {


// The whole-expression rule; its ID lives in this namespace (expression.hpp), so it is defined here.
expression_type const expression_rule = "@expression";

namespace grammar {

using x3::unicode::char_;
using x3::unicode::lit;
using x3::_attr;
using x3::_val;
using x3::_where;
namespace fusion = boost::fusion;

using lexical::identifier_continue;
using lexical::identifier_start;
using lexical::keyword;
using lexical::state_of;

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

// Where a construct that starts with a keyword or a bracket begins.
inline constexpr auto const& position = lexical::token_begin;


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
// Word operators, in English and Japanese. A keyword must stand apart from a name (a space, or a
// character that cannot continue a name), since Japanese text has no spaces of its own.
struct logical_or_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::BinaryOp> {
    logical_or_operators() { add(U"or", ast::BinaryOp::logical_or)(U"または", ast::BinaryOp::logical_or); }
};
struct logical_and_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::BinaryOp> {
    logical_and_operators() { add(U"and", ast::BinaryOp::logical_and)(U"かつ", ast::BinaryOp::logical_and); }
};
struct membership_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::BinaryOp> {
    membership_operators() { add(U"in", ast::BinaryOp::member_of)(U"∈", ast::BinaryOp::member_of); }
};
struct negation_operators : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::UnaryOp> {
    negation_operators() { add(U"not", ast::UnaryOp::logical_not)(U"¬", ast::UnaryOp::logical_not); }
};
// Every reserved word: none of them can be a name.
struct reserved_words : x3::symbols_parser<boost::spirit::char_encoding::unicode> {
    reserved_words() {
        for (auto word : {U"and", U"or", U"not", U"in", U"if", U"then", U"else", U"where", U"かつ", U"または", U"もし",
                          U"ならば", U"でなければ", U"のうち"})
            add(word);
    }
};
inline logical_or_operators const logical_or_symbols;
inline logical_and_operators const logical_and_symbols;
inline membership_operators const membership_symbols;
inline negation_operators const negation_symbols;
inline reserved_words const reserved_symbols;

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

// Refuses a tree deeper than the limit (the depth of a node just built).
template <typename Context>
void check_depth(Context const& ctx, std::uint32_t depth) {
    if (depth > state_of(ctx).limits.max_depth) throw NestingTooDeep{_where(ctx).begin(), true};
}

// Sets a new node's depth from its children's, within the limit.
template <typename Context, typename T>
void set_depth(Context const& ctx, T& node, std::initializer_list<ast::Expression const*> children) {
    std::uint32_t deepest = 0;
    for (auto const* child : children) deepest = std::max(deepest, ast::depth_of(*child));
    node.depth = deepest + 1;
    check_depth(ctx, node.depth);
}

// The same for a node with a list of children (a set, a call's arguments).
template <typename Context, typename T>
void set_depth(Context const& ctx, T& node, std::vector<ast::Expression> const& children) {
    std::uint32_t deepest = 0;
    for (auto const& child : children) deepest = std::max(deepest, ast::depth_of(child));
    node.depth = deepest + 1;
    check_depth(ctx, node.depth);
}

inline auto const make_binary = [](auto& ctx) {
    auto& token = fusion::at_c<0>(_attr(ctx));
    ast::Binary node;
    node.op = token.op;
    node.op_span = token.span;
    node.left = std::move(_val(ctx));
    node.right = std::move(fusion::at_c<1>(_attr(ctx)));
    node.span = {ast::span_of(node.left).begin, ast::span_of(node.right).end};
    set_depth(ctx, node, {&node.left, &node.right});
    _val(ctx) = std::move(node);
};

inline auto const make_unary = [](auto& ctx) {
    auto& token = fusion::at_c<0>(_attr(ctx));
    ast::Unary node;
    node.op = token.op;
    node.operand = std::move(fusion::at_c<1>(_attr(ctx)));
    node.span = {token.span.begin, ast::span_of(node.operand).end};
    set_depth(ctx, node, {&node.operand});
    _val(ctx) = std::move(node);
};

inline auto const make_conditional = [](auto& ctx) {
    ast::Conditional node;
    node.condition = std::move(fusion::at_c<1>(_attr(ctx)));
    node.then_branch = std::move(fusion::at_c<2>(_attr(ctx)));
    node.else_branch = std::move(fusion::at_c<3>(_attr(ctx)));
    node.span = {fusion::at_c<0>(_attr(ctx)), ast::span_of(node.else_branch).end};
    set_depth(ctx, node, {&node.condition, &node.then_branch, &node.else_branch});
    _val(ctx) = std::move(node);
};

inline auto const make_member = [](auto& ctx) {
    ast::Member node;
    node.object = std::move(_val(ctx));
    node.field = std::move(_attr(ctx));
    node.span = {ast::span_of(node.object).begin, node.field.span.end};
    set_depth(ctx, node, {&node.object});
    _val(ctx) = std::move(node);
};

inline auto const make_index = [](auto& ctx) {
    ast::Index node;
    node.table = std::move(_val(ctx));
    node.key = std::move(_attr(ctx));
    node.span = {ast::span_of(node.table).begin, end_offset(ctx)};
    set_depth(ctx, node, {&node.table, &node.key});
    _val(ctx) = std::move(node);
};

inline auto const make_filter = [](auto& ctx) {
    ast::Filter node;
    node.list = std::move(_val(ctx));
    node.condition = std::move(_attr(ctx));
    node.span = {ast::span_of(node.list).begin, ast::span_of(node.condition).end};
    set_depth(ctx, node, {&node.list, &node.condition});
    _val(ctx) = std::move(node);
};

inline auto const make_set = [](auto& ctx) {
    ast::SetLiteral node;
    auto& items = fusion::at_c<1>(_attr(ctx));
    if constexpr (requires { items.has_value(); }) {
        if (items) node.items = std::move(*items);
    } else {
        node.items = std::move(items);
    }
    node.span = {fusion::at_c<0>(_attr(ctx)), end_offset(ctx)};
    set_depth(ctx, node, node.items);
    _val(ctx) = std::move(node);
};

// The right side of `in`: a range when `..` follows, else the value itself.
inline auto const make_range_or_value = [](auto& ctx) {
    auto& low = fusion::at_c<0>(_attr(ctx));
    auto& high = fusion::at_c<1>(_attr(ctx));
    if (!high) {
        _val(ctx) = std::move(low);
        return;
    }
    ast::Range node;
    node.low = std::move(low);
    node.high = std::move(*high);
    node.span = {ast::span_of(node.low).begin, ast::span_of(node.high).end};
    set_depth(ctx, node, {&node.low, &node.high});
    _val(ctx) = std::move(node);
};

inline auto const make_not_membership = [](auto& ctx) {
    make_binary(ctx);
    ast::Unary node;
    node.op = ast::UnaryOp::logical_not;
    node.operand = std::move(_val(ctx));
    node.span = ast::span_of(node.operand);
    set_depth(ctx, node, {&node.operand});
    _val(ctx) = std::move(node);
};

// A name, or a call when an opening parenthesis follows it directly (no space: a parenthesised
// expression on the next line is not an argument list).
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
    set_depth(ctx, call, call.arguments);
    _val(ctx) = std::move(call);
};

// Rule IDs (those shared with other grammars are declared in expression.hpp).
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
struct logical_or_token_class;
struct logical_and_token_class;
struct membership_token_class;
struct negation_token_class;
struct conditional_class;
struct postfix_class;
struct negation_class;
struct conjunction_class;
struct disjunction_class;
struct filter_class;
struct set_literal_class;
struct membership_rhs_class;
struct closing_bracket_class;
struct closing_brace_class;
struct then_class;
struct else_class;
struct field_name_class;

literal_type const literal = "@expression";
name_type const name = "@expression";
string_literal_type const string_literal = "@expression";
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
date_literal_type const date_literal = "@expression";
x3::rule<logical_or_token_class, BinaryToken> const logical_or_token = "or";
x3::rule<logical_and_token_class, BinaryToken> const logical_and_token = "and";
x3::rule<membership_token_class, BinaryToken> const membership_token = "in";
x3::rule<struct not_in_token_class, BinaryToken> const not_in_token = "not in";
x3::rule<negation_token_class, UnaryToken> const negation_token = "not";
x3::rule<conditional_class, ast::Expression> const conditional = "@expression";
x3::rule<postfix_class, ast::Expression> const postfix = "@operand";
x3::rule<negation_class, ast::Expression> const negation = "@operand";
x3::rule<conjunction_class, ast::Expression> const conjunction = "@operand";
x3::rule<disjunction_class, ast::Expression> const disjunction = "@operand";
x3::rule<filter_class, ast::Expression> const filter = "@expression";
x3::rule<struct range_expression_class, ast::Expression> const range_expression = "@expression";
x3::rule<set_literal_class, ast::Expression> const set_literal = "@expression";
x3::rule<membership_rhs_class, ast::Expression> const membership_rhs = "@operand";
x3::rule<closing_bracket_class> const closing_bracket = "@closing-bracket";
x3::rule<closing_brace_class> const closing_brace = "@closing-brace";
x3::rule<then_class> const then_keyword = "@then";
x3::rule<else_class> const else_keyword = "@else";
x3::rule<field_name_class, ast::Name> const field_name = "@field-name";

// Lexical pieces of a numeric literal. The literal takes everything that can belong to one, so
// that a malformed literal is reported as a whole, precisely (kisoku/literal.hpp checks it).
auto const digit = char_(U'0', U'9') | char_(U'０', U'９');
auto const group_separator = char_(U',') | char_(U'，');
auto const numeric_char = digit | (group_separator >> &digit) | (char_(U'.') >> !lit(U".")) | char_(U'．') | char_(U'千') |
                          char_(U'万') | char_(U'億') | char_(U'兆');
auto const yen_sign = char_(U'¥') | char_(U'￥');
auto const literal_suffix = char_(U'円') | char_(U'%') | char_(U'％');

auto const literal_def = x3::raw[x3::lexeme[(yen_sign >> *numeric_char | digit >> *numeric_char) >> -literal_suffix]][set_text];

auto const reserved_word = keyword(reserved_symbols);
auto const name_def = !reserved_word >> !keywords::declaration_start >> x3::raw[x3::lexeme[identifier_start >> *identifier_continue]][set_text];
auto const field_name_def = name[assign];

// Text in quotes: "…" with \" \\ and \n escapes, or 「…」 (which needs no escapes).
inline std::u32string unescape(std::u32string_view quoted) {
    std::u32string out;
    for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == U'\\' && i + 1 < quoted.size()) {
            ++i;
            out.push_back(quoted[i] == U'n' ? U'\n' : quoted[i]);
        } else {
            out.push_back(quoted[i]);
        }
    }
    return out;
}
inline auto const set_string = [](auto& ctx) {
    auto const& range = _attr(ctx);
    std::u32string_view whole(&*range.begin(), static_cast<std::size_t>(range.end() - range.begin()));
    _val(ctx).text = whole.front() == U'"' ? unescape(whole.substr(1, whole.size() - 2))
                                           : std::u32string(whole.substr(1, whole.size() - 2));
    _val(ctx).span = span_of_range(ctx, range);
};
x3::rule<struct closing_quote_class> const closing_quote = "@closing-quote";
auto const closing_quote_def = lit(U"\"");
// 「…」 text, in which 「 」 may nest as they do in Japanese quotations (「資料は「一部を補助」と書く」).
struct corner_quoted_parser : x3::parser<corner_quoted_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
        if (first == last || *first != U'「') return false;
        Iterator at = first;
        int depth = 0;
        for (; at != last; ++at) {
            if (*at == U'「') ++depth;
            if (*at == U'」' && --depth == 0) {
                first = ++at;
                return true;
            }
        }
        throw x3::expectation_failure<Iterator>(at, "@closing-corner");
    }
};
inline constexpr corner_quoted_parser corner_quoted{};
auto const string_literal_def =
    x3::raw[x3::lexeme[(lit(U"\"") >> *((lit(U"\\") >> char_) | (char_ - lit(U"\"") - x3::eol)) > closing_quote) |
                       corner_quoted]][set_string];

// Dates: 2025-04-14, or 令和7年4月14日 (元年 for the first year).
auto const era_name = lit(U"令和") | lit(U"平成") | lit(U"昭和");
auto const date_literal_def =
    x3::raw[x3::lexeme[(x3::repeat(4)[digit] >> lit(U"-") >> x3::repeat(2)[digit] >> lit(U"-") >> x3::repeat(2)[digit] >>
                        !digit) |
                       (era_name >> (+digit | lit(U"元")) >> lit(U"年") >> +digit >> lit(U"月") >> +digit >> lit(U"日"))]]
                                                     [set_text];

auto const additive_token_def = x3::raw[additive_symbols][set_operator(additive_symbols)];
auto const multiplicative_token_def = x3::raw[multiplicative_symbols][set_operator(multiplicative_symbols)];
auto const comparison_token_def = x3::raw[comparison_symbols][set_operator(comparison_symbols)];
auto const unary_token_def = x3::raw[unary_symbols][set_operator(unary_symbols)];
auto const logical_or_token_def = x3::raw[keyword(logical_or_symbols)][set_operator(logical_or_symbols)];
auto const logical_and_token_def = x3::raw[keyword(logical_and_symbols)][set_operator(logical_and_symbols)];
auto const membership_token_def = x3::raw[keyword(membership_symbols)][set_operator(membership_symbols)];
// `x not in S` (or x ∉ S) is `not (x in S)`.
inline auto const set_not_in = [](auto& ctx) {
    _val(ctx).op = ast::BinaryOp::member_of;
    _val(ctx).span = span_of_range(ctx, _attr(ctx));
};
auto const not_in_token_def = x3::raw[(keyword(U"not") >> keyword(U"in")) | lit(U"∉")][set_not_in];
auto const negation_token_def = x3::raw[keyword(negation_symbols)][set_operator(negation_symbols)];
auto const where_keyword = keyword(U"where") | keyword(U"のうち");
auto const if_keyword = keyword(U"if") | keyword(U"もし");
auto const then_keyword_def = keyword(U"then") | keyword(U"ならば");
auto const else_keyword_def = keyword(U"else") | keyword(U"でなければ");

auto const closing_paren_def = lit(U")") | lit(U"）");
auto const closing_bracket_def = lit(U"]") | lit(U"］");
auto const closing_brace_def = lit(U"}") | lit(U"｝");
auto const list_separator = lit(U",") | lit(U"、") | lit(U"，");
auto const arguments_def = (lit(U"(") | lit(U"（")) > -(expression_rule % list_separator) > closing_paren;

auto const conditional_def = (position >> if_keyword > expression_rule > then_keyword > expression_rule > else_keyword > expression_rule)[make_conditional];
auto const set_literal_def = (position >> (lit(U"{") | lit(U"｛")) > -(expression_rule % list_separator) > closing_brace)[make_set];
auto const primary_def = date_literal[assign] | literal[assign] | string_literal[assign] | conditional[assign] | (name >> -(x3::no_skip[&(lit(U"(") | lit(U"（"))] >> arguments))[make_name_or_call] |
                         ((lit(U"(") | lit(U"（")) > expression_rule > closing_paren)[assign] | set_literal[assign];
auto const postfix_def = primary[assign] >> *(((lit(U".") >> !lit(U".")) > field_name)[make_member] |
                                              ((lit(U"[") | lit(U"［")) > expression_rule > closing_bracket)[make_index]);
auto const unary_def = (unary_token > guarded[unary])[make_unary] | postfix[assign];
auto const multiplicative_def = unary[assign] >> *(multiplicative_token > unary)[make_binary];
auto const additive_def = multiplicative[assign] >> *(additive_token > multiplicative)[make_binary];
auto const no_chain_def = !comparison_symbols;
// The mark between the ends of a range: .. or the wave dash of Japanese text (〜, ～).
auto const range_mark = lit(U"..") | lit(U"〜") | lit(U"～");
auto const membership_rhs_def = set_literal[assign] | (additive >> -(range_mark > additive))[make_range_or_value];
auto const comparison_def = additive[assign] >> -(((comparison_token > additive)[make_binary] > no_chain) |
                                                  (membership_token > membership_rhs)[make_binary] |
                                                  (not_in_token > membership_rhs)[make_not_membership]);
auto const negation_def = (negation_token > guarded[negation])[make_unary] | comparison[assign];
auto const conjunction_def = negation[assign] >> *(logical_and_token > negation)[make_binary];
auto const disjunction_def = conjunction[assign] >> *(logical_or_token > conjunction)[make_binary];
auto const filter_def = disjunction[assign] >> -(where_keyword > disjunction)[make_filter];
// A period, as the value of a parameter: 2025-04-01 .. 2026-03-31 (the checker allows ranges only
// of dates here, and of any ordered values right after `in`).
auto const range_expression_def = (filter >> -(range_mark > filter))[make_range_or_value];
BOOST_SPIRIT_DEFINE(literal, name, string_literal, closing_quote, additive_token, multiplicative_token, comparison_token, unary_token, arguments,
                    primary, unary, multiplicative, additive, comparison, closing_paren, no_chain, date_literal,
                    logical_or_token, logical_and_token, membership_token, not_in_token, negation_token, conditional, postfix,
                    negation, conjunction, disjunction, filter, set_literal, membership_rhs, closing_bracket,
                    closing_brace, then_keyword, else_keyword, field_name, range_expression)

}  // namespace grammar

// Every nested expression (in parentheses, arguments, brackets, branches) is one level deeper.
auto const expression_rule_def = grammar::guarded[grammar::range_expression[grammar::assign]];
BOOST_SPIRIT_DEFINE(expression_rule)

}  // namespace kisoku::syntax

#if defined(__clang__)
#pragma clang diagnostic pop
#endif
