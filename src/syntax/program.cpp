// src/syntax/program.cpp — instantiates the rule-file grammar and implements parse_file: one
// declaration at a time, so that after a syntax error parsing resumes at the next declaration and
// every error in a file is reported, not only the first.
#include "program_def.hpp"

namespace kisoku::syntax {

BOOST_SPIRIT_INSTANTIATE(declaration_type, iterator_type, context_type)

namespace {

// Moves `at` to the start of the next line that begins, at column 1, with a declaration keyword
// (or to the end).
void skip_to_next_declaration(iterator_type& at, iterator_type last) {
    while (at != last) {
        while (at != last && *at != U'\n') ++at;
        if (at == last) return;
        ++at;
        iterator_type probe = at;
        if (x3::parse(probe, last, keywords::declaration_keyword)) return;
    }
}

}  // namespace

FileParse parse_file(SourceText const& source, ParseLimits const& limits) {
    FileParse result;
    std::u32string const& text = source.text();
    ParseState state;
    if (!lexical::start_parse(state, text, limits, result.diagnostics)) return result;
    auto const parser = x3::with<parse_state_tag>(state)[declaration];
    auto const skipper_context = x3::make_context<x3::skipper_tag>(skipper);

    iterator_type first = text.begin(), last = text.end();
    // A byte order mark at the start is allowed and ignored.
    if (first != last && *first == U'\uFEFF') ++first;
    ast::RuleFile file;
    bool clean = true;
    while (true) {
        x3::skip_over(first, last, skipper_context);
        if (first == last) break;
        state.depth = 0;
        ast::Declaration declaration_ast;
        iterator_type start = first;
        try {
            if (x3::phrase_parse(first, last, parser, skipper, declaration_ast)) {
                file.declarations.push_back(std::move(declaration_ast));
                continue;
            }
            std::uint32_t at = state.offset(start);
            result.diagnostics.push_back(
                {Severity::error, "syntax-expected-declaration", {at, at + 1}, {lexical::token_text(start, last)}});
        } catch (x3::expectation_failure<iterator_type> const& failure) {
            iterator_type where = failure.where();
            std::string const& which = failure.which();
            // Point at what is there instead, past whitespace; but an unclosed quote is reported
            // where its line ends.
            if (which != "@closing-quote" && which != "@closing-bracket") x3::skip_over(where, last, skipper_context);
            result.diagnostics.push_back(lexical::expectation_diagnostic(which, state, where, last, true));
            first = where;
        } catch (NestingTooDeep const& deep) {
            result.diagnostics.push_back(lexical::too_deep_diagnostic(deep, state));
            first = deep.where;
        }
        clean = false;
        // Resume at the next declaration: right here if the error is that one began early.
        iterator_type probe = first;
        bool at_declaration = first != start && (first == text.begin() || *(first - 1) == U'\n') &&
                              x3::parse(probe, last, keywords::declaration_keyword);
        if (!at_declaration) skip_to_next_declaration(first, last);
    }
    if (clean && !has_errors(result.diagnostics)) result.file = std::move(file);
    return result;
}

}  // namespace kisoku::syntax
