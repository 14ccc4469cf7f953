// kisoku/syntax/parser.hpp — text to AST.
//
// The grammar is written with Boost.Spirit X3 and compiled once, in src/syntax/; this header only
// declares its entry points. Parsing never throws: every problem becomes a Diagnostic.
#pragma once

#include "kisoku/diagnostic.hpp"
#include "kisoku/syntax/ast.hpp"

#include <optional>
#include <vector>

namespace kisoku::syntax {

// Limits that keep the parser's time and stack bounded whatever it is given.
struct ParseLimits {
    // Parentheses and unary operators nested deeper than this are refused.
    unsigned max_nesting = 256;
    // Expression trees deeper than this are refused: a chain of 1 + 1 + … is as deep as it is
    // long. Every stage after parsing may walk a tree recursively within this bound.
    unsigned max_depth = 1000;
    // Longer source text is refused before parsing (code points).
    std::size_t max_source_length = 16u << 20;
    // Longer names are refused before parsing (code points). Literals have their own limit,
    // max_literal_length in kisoku/literal.hpp.
    std::size_t max_identifier_length = 256;
};

// An expression, or the diagnostics that explain why there is none.
struct ExpressionParse {
    std::optional<ast::Expression> expression;
    std::vector<Diagnostic> diagnostics;
};

// Parses the whole of `source` as one expression (the language of `kisoku calc`).
ExpressionParse parse_expression(SourceText const& source, ParseLimits const& limits = {});

// A rule file, or the diagnostics that explain why there is none. Parsing resumes after an error
// at the next line that starts with a declaration keyword, so all syntax errors are reported.
struct FileParse {
    std::optional<ast::RuleFile> file;
    std::vector<Diagnostic> diagnostics;
};

// Parses a whole rule file: a sequence of declarations.
FileParse parse_file(SourceText const& source, ParseLimits const& limits = {});

}  // namespace kisoku::syntax
