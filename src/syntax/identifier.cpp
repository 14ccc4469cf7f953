// src/syntax/identifier.cpp — identifier classes from ICU (see identifier.hpp).
#include "identifier.hpp"

#include <unicode/uchar.h>

namespace kisoku::syntax {

bool is_identifier_start(char32_t c) noexcept {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_XID_START) != 0;
}

bool is_identifier_continue(char32_t c) noexcept {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_XID_CONTINUE) != 0;
}

}  // namespace kisoku::syntax
