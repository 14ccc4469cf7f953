// src/syntax/program.hpp — declaration of the rule-file grammar's top rule (one declaration).
#pragma once

#include "config.hpp"

namespace kisoku::syntax {

struct declaration_class;
using declaration_type = x3::rule<declaration_class, ast::Declaration>;
BOOST_SPIRIT_DECLARE(declaration_type)

}  // namespace kisoku::syntax
