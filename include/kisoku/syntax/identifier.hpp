// kisoku/syntax/identifier.hpp — which characters make an identifier.
//
// Identifiers follow Unicode's identifier syntax (UAX #31): a character of class XID_Start (or '_')
// followed by characters of class XID_Continue. Kanji, kana, the prolonged sound mark ー and
// full-width Latin letters are all identifier characters; punctuation, symbols and ①② are not.
// The classes come from ICU (compiled into the library), so they follow the Unicode version the
// system's ICU implements.
#pragma once

namespace kisoku::syntax {

bool is_identifier_start(char32_t c) noexcept;
bool is_identifier_continue(char32_t c) noexcept;

}  // namespace kisoku::syntax
