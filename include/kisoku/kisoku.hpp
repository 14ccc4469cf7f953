// kisoku/kisoku.hpp — the umbrella header: everything a program embedding kisoku needs.
#pragma once

#include "kisoku/calc.hpp"
#include "kisoku/check/checker.hpp"
#include "kisoku/check/load.hpp"
#include "kisoku/date.hpp"
#include "kisoku/diagnostic.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/money.hpp"
#include "kisoku/number.hpp"
#include "kisoku/rounding.hpp"
#include "kisoku/rules.hpp"
#include "kisoku/source.hpp"
#include "kisoku/syntax/parser.hpp"
#include "kisoku/version.hpp"
