// src/syntax/expression.hpp — declarations of the expression grammar's rules.
#pragma once

#include "config.hpp"

namespace kisoku::syntax {

struct expression_class;
using expression_type = x3::rule<expression_class, ast::Expression>;
BOOST_SPIRIT_DECLARE(expression_type)

// The rule for a whole expression, for use by larger grammars.
expression_type const& expression();

}  // namespace kisoku::syntax
