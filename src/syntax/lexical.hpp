// src/syntax/lexical.hpp — the small parsers and helpers both grammars share: identifier
// characters, keywords, source offsets, and the text of a token for messages.
#pragma once

#include "config.hpp"
#include "identifier.hpp"

#include <string>

namespace kisoku::syntax::lexical {

// The state of the parse in progress, reachable from any parser's or action's context.
template <typename Context>
ParseState& state_of(Context const& context) {
    return x3::get<parse_state_tag>(context);
}

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

// A keyword: the word, not followed by a character that would make it a longer name.
template <typename Parser>
auto keyword(Parser const& word) {
    return x3::lexeme[word >> !identifier_continue];
}
inline auto keyword(char32_t const* word) { return keyword(x3::unicode::lit(word)); }
// A keyword in its English and Japanese forms.
inline auto keyword(char32_t const* english, char32_t const* japanese) {
    return keyword(x3::unicode::lit(english) | x3::unicode::lit(japanese));
}

// The code-point offset of the next token as an attribute (after skipping whitespace), or of the
// current position (without skipping): where a construct begins and ends.
struct offset_parser : x3::parser<offset_parser> {
    using attribute_type = std::uint32_t;
    static bool const has_attribute = true;
    bool skip = true;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attr) const {
        if (skip) x3::skip_over(first, last, context);
        x3::traits::move_to(state_of(context).offset(first), attr);
        return true;
    }
};
inline constexpr offset_parser token_begin{{}, true};
inline constexpr offset_parser here{{}, false};

// The text of the token that starts at `at`, quoted, for "found …" messages: a run of identifier
// characters, or else one character; the end of the line or of the text as a catalogue term.
inline std::string token_text(iterator_type at, iterator_type end) {
    if (at == end) return "@end";
    if (*at == U'\n' || *at == U'\r') return "@end-of-line";
    iterator_type stop = at;
    while (stop != end && is_identifier_continue(*stop)) ++stop;
    if (stop == at) ++stop;
    // Appended piece by piece: `"'" + std::string&&` makes GCC 12 at -O3 warn of an overlapping
    // copy that cannot happen (-Wrestrict, a known false positive of that compiler).
    std::string quoted(1, '\'');
    quoted += encode_utf8(std::u32string(at, stop));
    quoted += '\'';
    return quoted;
}

// Prepares `state` for parsing `text`; a text over the size limit is reported instead (false).
inline bool start_parse(ParseState& state, std::u32string const& text, ParseLimits const& limits,
                        std::vector<Diagnostic>& diagnostics) {
    if (text.size() > limits.max_source_length) {
        diagnostics.push_back({Severity::error, "text-too-large", {0, 0},
                               {std::to_string(text.size()), std::to_string(limits.max_source_length)}});
        return false;
    }
    state.begin = text.begin();
    state.diagnostics = &diagnostics;
    state.limits = limits;
    state.depth = 0;
    return true;
}

// The diagnostic for an expectation that failed at `where`: a rule named "!code" stands for that
// catalogue code; any other rule name says what was expected, and with `say_found`, what is there.
inline Diagnostic expectation_diagnostic(std::string const& which, ParseState const& state, iterator_type where,
                                         iterator_type last, bool say_found) {
    std::uint32_t const at = state.offset(where);
    if (!which.empty() && which[0] == '!')
        for (auto const& m : message_catalogue)
            if (m.code == std::string_view(which).substr(1)) return {Severity::error, m.code, {at, at + 1}, {}};
    if (say_found) return {Severity::error, "syntax-expected-found", {at, at + 1}, {which, token_text(where, last)}};
    return {Severity::error, "syntax-expected", {at, at + 1}, {which}};
}

// The diagnostic for input nested or chained beyond the limits.
inline Diagnostic too_deep_diagnostic(NestingTooDeep const& deep, ParseState const& state) {
    std::uint32_t const at = state.offset(deep.where);
    if (deep.tree)
        return {Severity::error, "expression-too-deep", {at, at + 1}, {std::to_string(state.limits.max_depth)}};
    return {Severity::error, "syntax-too-deep", {at, at + 1}, {std::to_string(state.limits.max_nesting)}};
}

}  // namespace kisoku::syntax::lexical
