// src/syntax/identifier.hpp — the identifier classes, for the grammar (declared publicly).
#pragma once

#include "kisoku/syntax/identifier.hpp"
