// src/syntax/expression.cpp — the one translation unit that instantiates the expression grammar,
// and the parse_expression entry point declared in kisoku/syntax/parser.hpp.
#include "expression_def.hpp"
#include "lexical.hpp"

namespace kisoku::syntax {

BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)

namespace grammar {
BOOST_SPIRIT_INSTANTIATE(name_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(literal_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(date_literal_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(string_literal_type, iterator_type, context_type)
}  // namespace grammar

expression_type const& expression() { return expression_rule; }

ExpressionParse parse_expression(SourceText const& source, ParseLimits const& limits) {
    ExpressionParse result;
    std::u32string const& text = source.text();
    ParseState state;
    if (!lexical::start_parse(state, text, limits, result.diagnostics)) return result;

    iterator_type first = text.begin(), last = text.end();
    ast::Expression expression_ast;
    try {
        auto const parser = x3::with<parse_state_tag>(state)[expression()];
        bool ok = x3::phrase_parse(first, last, parser, skipper, expression_ast);
        if (!ok) {
            iterator_type at = first;
            x3::skip_over(at, last, x3::make_context<x3::skipper_tag>(skipper));
            if (at == last)
                result.diagnostics.push_back({Severity::error, "syntax-empty", {state.offset(at), state.offset(at)}, {}});
            else
                result.diagnostics.push_back(
                    {Severity::error, "syntax-expected", {state.offset(at), state.offset(at) + 1}, {"@expression"}});
            return result;
        }
        if (first != last) {
            std::uint32_t at = state.offset(first);
            result.diagnostics.push_back({Severity::error, "syntax-unexpected", {at, at + 1}, {lexical::token_text(first, last)}});
            return result;
        }
    } catch (x3::expectation_failure<iterator_type> const& failure) {
        // Point at what is there instead, not at the whitespace before it.
        iterator_type where = failure.where();
        x3::skip_over(where, last, x3::make_context<x3::skipper_tag>(skipper));
        result.diagnostics.push_back(lexical::expectation_diagnostic(failure.which(), state, where, last, false));
        return result;
    } catch (NestingTooDeep const& deep) {
        result.diagnostics.push_back(lexical::too_deep_diagnostic(deep, state));
        return result;
    }
    result.expression = std::move(expression_ast);
    return result;
}

}  // namespace kisoku::syntax
