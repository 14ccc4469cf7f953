// Hostile input: rule files and applications built to break a parser or exhaust a machine. Each
// must be answered with a located error (or, where the input is legitimate, read correctly); none
// may crash, hang or be accepted with a different meaning.
#include "kisoku/rules.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

using kisoku::Language;

std::string const header = "program P {\n  fiscal_year 2025\n}\n";

// The first error's code and line:column, as "code@line:col".
std::string first_error(kisoku::LoadResult const& loaded) {
    for (auto const& f : loaded.files)
        for (auto const& d : f.diagnostics)
            if (d.severity == kisoku::Severity::error) {
                auto at = f.source->location(d.span.begin);
                return std::string(d.code) + "@" + std::to_string(at.line) + ":" + std::to_string(at.column);
            }
    return "none";
}

kisoku::Rules const& sample_rules() {
    static kisoku::LoadResult const loaded = kisoku::load_rules_text("sample.kisoku", header + R"(
enum 枠 { 小, 大 }
record 行 { 区分: 枠; 金額: yen; 日付: date }
input 申請 {
  枠: 枠 required
  名称: text
  件数: int
  率: number
  行: list<行>
}
amount 合計: yen = sum(行, 金額)
eligibility 要件 { "行がある": count(行) >= 1 }
)");
    REQUIRE_MESSAGE(loaded.rules, loaded.render(Language::en));
    return *loaded.rules;
}

// The input errors of an application, as "path code" lines.
std::string input_errors(std::string const& json, kisoku::eval::BindLimits limits = {}) {
    kisoku::Session session(sample_rules(), limits);
    auto result = session.evaluate_json(json);
    if (result.decision) return "decided";
    std::string out;
    for (auto const& e : result.errors) out += e.path + " " + e.code + "\n";
    return out;
}

}  // namespace

TEST_CASE("hostile rule files are answered with located errors") {
    SUBCASE("malformed UTF-8") {
        CHECK(first_error(kisoku::load_rules_text("f", header + "note \"a\xff\"\n")) == "invalid-utf8@4:8");
        CHECK(first_error(kisoku::load_rules_text("f", header + "note \"\xe3\x81\"\n")) == "invalid-utf8@4:7");
    }
    SUBCASE("a byte order mark and CRLF line ends are read as the text they carry") {
        auto loaded = kisoku::load_rules_text("f", "\xef\xbb\xbfprogram P {\r\n  fiscal_year 2025\r\n}\r\namount a: yen = b\r\n");
        CHECK(first_error(loaded) == "unknown-name@4:17");
    }
    SUBCASE("a NUL byte or another control character") {
        CHECK(first_error(kisoku::load_rules_text("f", header + std::string("note \"a\0b\"\n", 10))) == "control-character@4:8");
        CHECK(first_error(kisoku::load_rules_text("f", header + "note \"a\x1b\"\n")) == "control-character@4:8");
    }
    SUBCASE("nesting a million deep") {
        std::string deep = header + "amount a: yen = " + std::string(1'000'000, '(') + "1円" + std::string(1'000'000, ')') + "\n";
        CHECK(first_error(kisoku::load_rules_text("f", deep)) == "syntax-too-deep@4:273");
        std::string chain = header + "amount a: yen = 1円";
        for (int i = 0; i < 5000; ++i) chain += " + 1円";
        CHECK(first_error(kisoku::load_rules_text("f", chain + "\n")).rfind("expression-too-deep@4:", 0) == 0);
    }
    SUBCASE("a number of 100,000 digits") {
        CHECK(first_error(kisoku::load_rules_text("f", header + "amount a: yen = " + std::string(100'000, '9') + "円\n")) ==
              "literal-too-long@4:17");
    }
    SUBCASE("a name of 100,000 characters, and a configurable limit") {
        std::string name(100'000, 'a');
        CHECK(first_error(kisoku::load_rules_text("f", header + "value " + name + ": yen = 1円\n")) == "identifier-too-long@4:7");
        kisoku::syntax::ParseLimits limits;
        limits.max_identifier_length = 11;  // "fiscal_year" is 11.
        CHECK(first_error(kisoku::load_rules_text("f", header + "value abcdefghijkl: yen = 1円\n", limits)) ==
              "identifier-too-long@4:7");
        // Long text in quotes and citations is not a name.
        CHECK(first_error(kisoku::load_rules_text("f", header + "note \"" + name + "\" [" + name + "]\n")) == "none");
    }
    SUBCASE("a fiscal year of many digits (found by fuzzing: it overflowed an int)") {
        std::string const digits(80, '9');
        CHECK(first_error(kisoku::load_rules_text("f", "program P {\n  fiscal_year " + digits + "\n}\n")) ==
              "invalid-fiscal-year@2:15");
        CHECK(first_error(kisoku::load_rules_text("f", "program P {\n  fiscal_year 令和" + digits + "年度\n}\n")) ==
              "invalid-fiscal-year@2:15");
    }
    SUBCASE("a file over the size limit") {
        kisoku::syntax::ParseLimits limits;
        limits.max_source_length = 100;
        CHECK(first_error(kisoku::load_rules_text("f", header + std::string(200, ' '), limits)).rfind("text-too-large", 0) == 0);
    }
    SUBCASE("an empty file, and only a BOM") {
        CHECK(first_error(kisoku::load_rules_text("f", "")) == "missing-program@1:1");
        CHECK(first_error(kisoku::load_rules_text("f", "\xef\xbb\xbf")) == "missing-program@1:1");
    }
}

TEST_CASE("hostile applications are answered with errors at their JSON paths") {
    SUBCASE("malformed UTF-8 and NUL") {
        CHECK(input_errors("{\"枠\": \"小\", \"名称\": \"a\xff\"}") == "$.名称 input-not-json\n");
        CHECK(input_errors("{\"枠\": \"小\", \"名称\": \"a\\u0000b\"}") == "$.名称 input-control-character\n");
        std::string const complete = "{\"枠\": \"小\"}";
        CHECK(input_errors(complete + std::string(1, '\0') + "garbage") == "$ input-not-json\n");
        CHECK(input_errors(complete + std::string(1, '\0')) == "$ input-not-json\n");
    }
    SUBCASE("malformed UTF-8 among Japanese characters, at every offset") {
        // The reader checks runs of three-byte characters several at a time; a surrogate
        // (ED A0 80), an overlong form (E0 80 80) or a cut character must be found wherever it
        // falls in the run, and E0 A0 80 (U+0800) and ED 9F BF (U+D7FF), which are valid, kept.
        std::string const japanese = "北九州市戸畑区";
        for (std::size_t k = 0; k <= japanese.size(); k += 3) {
            std::string const before = japanese.substr(0, k), after = japanese.substr(k);
            for (char const* bad : {"\xed\xa0\x80", "\xe0\x80\x80", "\xe5\x8c", "\xe5\x8c\x41"})
                CHECK_MESSAGE(input_errors("{\"枠\": \"小\", \"名称\": \"" + before + bad + after + "\"}") == "$.名称 input-not-json\n",
                              k);
            for (char const* good : {"\xe0\xa0\x80", "\xed\x9f\xbf"})
                CHECK_MESSAGE(input_errors("{\"枠\": \"小\", \"名称\": \"" + before + good + after + "\"}") == "decided", k);
        }
    }
    SUBCASE("a byte order mark") {
        // RFC 8259 §8.1 lets a parser ignore one; it carries no meaning to misread.
        CHECK(input_errors("\xef\xbb\xbf{\"枠\": \"小\"}") == "decided");
    }
    SUBCASE("nesting a million deep") {
        std::string deep = "{\"枠\": \"小\", \"行\": " + std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}";
        CHECK(input_errors(deep) == "$.行[0] input-type\n");  // An item must be a record: the rest is skipped.
        std::string lists = "{\"枠\": \"小\", \"名称\": " + std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}";
        CHECK(input_errors(lists) == "$.名称 input-type\n");
        std::string objects;
        for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
        objects += "1" + std::string(100'000, '}');
        CHECK(input_errors(objects) != "decided");
    }
    SUBCASE("numbers of 100,000 digits, 1e400 and -0") {
        std::string digits(100'000, '9');
        // Beyond a double's range the JSON reader itself refuses them ("number overflow"), at their path.
        CHECK(input_errors("{\"枠\": \"小\", \"件数\": " + digits + "}") == "$.件数 input-not-json\n");
        CHECK(input_errors("{\"枠\": \"小\", \"率\": 1e400}") == "$.率 input-not-json\n");
        // Within it, the text is read exactly, up to BindLimits::max_number_digits.
        CHECK(input_errors("{\"枠\": \"小\", \"率\": 1e-300}") == "decided");
        CHECK(input_errors("{\"枠\": \"小\", \"率\": " + std::string(300, '9') + "}") == "decided");
        kisoku::eval::BindLimits few;
        few.max_number_digits = 20;
        CHECK(input_errors("{\"枠\": \"小\", \"率\": 1e-30}", few) == "$.率 input-number-too-large\n");
        CHECK(input_errors("{\"枠\": \"小\", \"率\": \"" + digits + "\"}").find("$.率 input-malformed-number") == 0);
        // -0 is zero: an exact number has no negative zero to misread.
        CHECK(input_errors("{\"枠\": \"小\", \"件数\": -0, \"率\": -0.0, \"行\": [{\"金額\": -0}]}") == "decided");
    }
    SUBCASE("duplicate keys") {
        CHECK(input_errors("{\"枠\": \"小\", \"枠\": \"大\"}") == "$.枠 input-duplicate-field\n");
        CHECK(input_errors("{\"枠\": \"小\", \"行\": [{\"金額\": 1, \"金額\": 2}]}") == "$.行[0].金額 input-duplicate-field\n");
    }
    SUBCASE("huge lists") {
        std::string list = "{\"枠\": \"小\", \"行\": [";
        for (int i = 0; i < 1000; ++i) list += (i ? "," : "") + std::string("{\"金額\": 1}");
        kisoku::eval::BindLimits limits;
        limits.max_list_items = 100;
        CHECK(input_errors(list + "]}", limits) == "$.行[100] input-list-too-long\n");
        CHECK(input_errors(list + "]}") == "decided");
        limits = {};
        limits.max_bytes = 1000;
        CHECK(input_errors(list + "]}", limits) == "$ input-too-large\n");
    }
    SUBCASE("wrong types everywhere, all reported at once") {
        std::string const wrong =
            R"({"枠": 1, "名称": false, "件数": "三", "率": [], "行": [{"区分": {}, "金額": "x", "日付": 20250401}, 7]})";
        CHECK(input_errors(wrong) ==
              "$.枠 input-type\n$.名称 input-type\n$.件数 input-malformed-number\n$.率 input-type\n"
              "$.行[0].区分 input-type\n$.行[0].金額 input-malformed-amount\n$.行[0].日付 input-type\n$.行[1] input-type\n");
        CHECK(input_errors("[]") == "$ input-type\n");
        CHECK(input_errors("\"text\"") == "$ input-type\n");
        CHECK(input_errors("") == "$ input-not-json\n");
        CHECK(input_errors("{\"枠\": \"小\"} {}") == "$ input-not-json\n");
    }
}

TEST_CASE("an evaluation stops at its step limit and says so") {
    auto loaded = kisoku::load_rules_text("nested.kisoku", header + R"(
record 行 { 金額: yen }
input 申請 { 行: list<行> }
value 組: number = count(行 where count(行 where count(行 where 金額 > 0円) > 0) > 0)
amount 額: yen = 組 * 1円
)");
    REQUIRE(loaded.rules);
    std::string rows = "{\"行\": [";
    for (int i = 0; i < 200; ++i) rows += (i ? "," : "") + std::string("{\"金額\": 1}");
    rows += "]}";
    kisoku::eval::EvalLimits limits;
    limits.max_steps = 100'000;
    kisoku::Session limited(*loaded.rules, {}, limits);
    auto result = limited.evaluate_json(rows);
    REQUIRE(result.decision);
    CHECK_FALSE(result.decision->amounts[0].value);
    REQUIRE(result.decision->problems.size() == 1);
    CHECK(result.decision->problems[0].code == "evaluation-step-limit");
    kisoku::Session unlimited(*loaded.rules);
    auto full = unlimited.evaluate_json(rows);
    REQUIRE(full.decision);
    CHECK(full.decision->amounts[0].value == kisoku::Number(200));
    CHECK(full.decision->problems.empty());
}
