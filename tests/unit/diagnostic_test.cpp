// Rendering diagnostics: location, severity, message in each language, and carets under wide text.
#include "kisoku/diagnostic.hpp"

#include <doctest/doctest.h>

using namespace kisoku;

TEST_CASE("a diagnostic renders as FILE:LINE:COL with the line and a caret") {
    SourceText source("rules.kisoku", U"a = 1\n上限額 + 20万万円\n");
    Diagnostic d{Severity::error, "literal-multiplier-order", {15, 16}, {"万", "万"}};
    std::string text = render(d, source, Language::en);
    CHECK(text ==
          "rules.kisoku:2:10: error: 万 cannot come after 万: write multipliers once each, largest first (1億2000万円) "
          "[literal-multiplier-order]\n"
          "  上限額 + 20万万円\n"
          "               ^\n");
}

TEST_CASE("carets span wide characters by display width") {
    SourceText source("x", U"１万円 ＋ 予算");
    Diagnostic d{Severity::warning, "unknown-name", {6, 8}, {"'予算'"}};
    std::string text = render(d, source, Language::ja);
    CHECK(text == "x:1:7: warning: '予算'という名前は定義されていません [unknown-name]\n"
                  "  １万円 ＋ 予算\n"
                  "            ^~~~\n");
}

TEST_CASE("every catalogue entry has both languages and unique codes") {
    for (std::size_t i = 0; i < std::size(message_catalogue); ++i) {
        CHECK_FALSE(message_catalogue[i].en.empty());
        CHECK_FALSE(message_catalogue[i].ja.empty());
        for (std::size_t j = i + 1; j < std::size(message_catalogue); ++j)
            CHECK(message_catalogue[i].code != message_catalogue[j].code);
    }
}

TEST_CASE("line numbers can start later, for streams answered line by line") {
    SourceText source("<stdin>", U"1 +", 7);
    CHECK(source.location(3).line == 7);
    CHECK(source.line_text(7) == U"1 +");
}

TEST_CASE("UTF-8 decoding rejects malformed input") {
    CHECK(decode_utf8("abc").text == U"abc");
    CHECK(decode_utf8("円").text == U"円");
    CHECK(decode_utf8("\xe5\x86").error_byte == 0u);
    CHECK(decode_utf8("a\xc0\xaf").error_byte == 1u);        // Overlong.
    CHECK(decode_utf8("\xed\xa0\x80").error_byte == 0u);     // Surrogate.
    CHECK(decode_utf8("\xf4\x90\x80\x80").error_byte == 0u); // Above U+10FFFF.
}
