// src/syntax/expression.hpp — declarations of the expression grammar's rules that other grammars
// (the rule-file grammar in program_def.hpp) use. They are defined in expression_def.hpp and
// instantiated once, in expression.cpp.
#pragma once

#include "config.hpp"

namespace kisoku::syntax {

struct expression_class;
using expression_type = x3::rule<expression_class, ast::Expression>;
BOOST_SPIRIT_DECLARE(expression_type)

// The rule for a whole expression, for use by larger grammars.
expression_type const& expression();

namespace grammar {
struct name_class;
struct literal_class;
struct date_literal_class;
struct string_literal_class;
}  // namespace grammar

using name_type = x3::rule<grammar::name_class, ast::Name>;
using literal_type = x3::rule<grammar::literal_class, ast::Literal>;
using date_literal_type = x3::rule<grammar::date_literal_class, ast::DateLiteral>;
using string_literal_type = x3::rule<grammar::string_literal_class, ast::StringLiteral>;

namespace grammar {
BOOST_SPIRIT_DECLARE(name_type, literal_type, date_literal_type, string_literal_type)
}  // namespace grammar

}  // namespace kisoku::syntax
