// src/syntax/config.hpp — the types the grammar is instantiated for, in one place.
//
// The rules are declared in expression.hpp, defined in expression_def.hpp and instantiated for
// exactly these iterator and context types in expression.cpp, the one translation unit that pays
// for Spirit's templates.
#pragma once

#include "kisoku/diagnostic.hpp"
#include "kisoku/syntax/parser.hpp"

#define BOOST_SPIRIT_X3_UNICODE
#include <boost/spirit/home/x3.hpp>

#include <string>
#include <vector>

// An expectation that fails on `rule[action]` names the rule, not the action's type: the grammars
// attach actions to named rules everywhere, and the name is what the "expected …" message shows.
namespace boost::spirit::x3 {
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
    using result_type = std::string;
    std::string operator()(action<Subject, Action> const& parser) const { return what(parser.subject); }
};
}  // namespace boost::spirit::x3

namespace kisoku::syntax {

namespace x3 = boost::spirit::x3;

using iterator_type = std::u32string::const_iterator;

// What the semantic actions and error handlers share while one text is parsed.
struct ParseState {
    iterator_type begin;
    std::vector<Diagnostic>* diagnostics = nullptr;
    ParseLimits limits;
    unsigned depth = 0;

    std::uint32_t offset(iterator_type it) const { return static_cast<std::uint32_t>(it - begin); }
};

struct parse_state_tag;

// Thrown out of the grammar when nesting exceeds ParseLimits::max_nesting; the parse functions
// turn it into a diagnostic. Keeps the parser's stack use bounded on hostile input.
struct NestingTooDeep {
    iterator_type where;
    bool tree = false;  // The tree's depth (max_depth), rather than nesting (max_nesting).
};

// What the parser skips between tokens: whitespace (including the ideographic space U+3000), and
// comments from '#' to the end of the line.
inline auto const skipper = x3::unicode::space | x3::lexeme[x3::unicode::lit(U"#") >> *(x3::unicode::char_ - x3::eol)];
using skipper_type = std::remove_cv_t<decltype(skipper)>;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<parse_state_tag, ParseState, phrase_context_type>;

}  // namespace kisoku::syntax
