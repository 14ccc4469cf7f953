// Parsing whole rule files: every declaration kind, and recovery after errors.
#include "kisoku/syntax/parser.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace kisoku;

namespace {

syntax::FileParse parse(std::u32string text) { return syntax::parse_file(SourceText("test.kisoku", std::move(text))); }

std::vector<std::string> rendered(syntax::FileParse const& parse, std::u32string const& text) {
    SourceText source("test.kisoku", text);
    std::vector<std::string> out;
    for (auto const& d : parse.diagnostics) {
        auto at = source.location(d.span.begin);
        out.push_back(std::to_string(at.line) + ":" + std::to_string(at.column) + " " + std::string(d.code) + " " +
                      message(d, Language::en));
    }
    return out;
}

}  // namespace

TEST_CASE("the sample program parses into its declarations") {
    std::ifstream in(KISOKU_TEST_DATA_DIR "/check/valid/sample.kisoku");
    REQUIRE(in);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto decoded = decode_utf8(buffer.str());
    REQUIRE_FALSE(decoded.error_byte);
    auto result = syntax::parse_file(SourceText("sample.kisoku", decoded.text));
    REQUIRE(result.diagnostics.empty());
    REQUIRE(result.file);
    auto const& decls = result.file->declarations;
    REQUIRE(decls.size() == 16);
    auto const& program = boost::get<ast::ProgramDecl>(decls[0].get());
    CHECK(program.name.text == U"dxlab_sample");
    CHECK(program.fiscal_year->text == U"令和7年度");
    CHECK(program.period_start->text == U"2025-04-01");
    CHECK(program.sources.size() == 1);
    auto const& category = boost::get<ast::CategoryDecl>(decls[2].get());
    CHECK(category.items.size() == 8);
    CHECK(category.items[6].ineligible);
    CHECK(category.items[6].reason->text == U"食糧費は助成対象外");
    auto const& input = boost::get<ast::InputDecl>(decls[5].get());
    CHECK(input.fields.size() == 6);
    CHECK(input.fields[0].required);
    CHECK(input.fields[2].type.is_list);
    auto const& param = boost::get<ast::ParamDecl>(decls[6].get());
    CHECK(param.key_enum->text == U"活動種別");
    CHECK(param.table.size() == 2);
    CHECK(param.citation->text == U"deck p.24");
    auto const& eligibility = boost::get<ast::EligibilityDecl>(decls[7].get());
    REQUIRE(eligibility.conditions.size() == 2);
    CHECK(eligibility.conditions[0].marker == U"①");
    CHECK(eligibility.conditions[1].applicability == ast::Condition::Applicability::unless);
    CHECK(eligibility.conditions[1].citation->text == U"deck p.25 ②");
    CHECK(boost::get<ast::ValueDecl>(decls[9].get()).is_amount);
    CHECK(boost::get<ast::CheckDecl>(decls[11].get()).is_warning);
    CHECK(boost::get<ast::DocumentDecl>(decls[13].get()).when.has_value());
    CHECK(boost::get<ast::DocumentDecl>(decls[14].get()).due->text == U"概算払請求前");
}

TEST_CASE("Japanese keywords and quotes") {
    std::u32string text = U"制度 p 「題名」 { 年度 2025 }\n列挙 種別 { 甲、乙 }\n定数 上限: 円 ごと 種別 { 甲: 1円, 乙: 2円 }\n"
                          U"要件 資格 { ① 「見出し」 除く 種別 == 甲: true }\n注記 「解釈」";
    auto result = parse(text);
    CHECK(result.diagnostics.empty());
    REQUIRE(result.file);
    CHECK(result.file->declarations.size() == 5);
}

TEST_CASE("every syntax error in a file is reported, each at its place") {
    std::u32string text = U"program p \"t\" {\n  fiscal_year 2025\n}\nenum 種別 { A, B\nrecord R { x: bool }\n"
                          U"param 率: number 2/3\nvalue v: yen = 1円 +\namount a: yen = v\ncheck \"x\" 1 < 2\n"
                          U"eligibility e {\n  ① \"ok\": true\n  \"missing colon\" true\n}\nnote \"fine\"\nfrobnicate\n";
    auto result = parse(text);
    CHECK_FALSE(result.file);
    auto lines = rendered(result, text);
    REQUIRE(lines.size() == 6);
    CHECK(lines[0] == "5:1 syntax-expected-found expected '}', found 'record'");
    CHECK(lines[1] == "6:17 syntax-expected-found expected '= value', a table '{ … }' or 'required', found '2'");
    CHECK(lines[2] == "8:1 syntax-expected-found expected a value after the operator, found 'amount'");
    CHECK(lines[3] == "9:11 syntax-expected-found expected ':', found '1'");
    CHECK(lines[4] == "12:19 syntax-expected-found expected ':', found 'true'");
    CHECK(lines[5].rfind("15:1 syntax-expected-declaration", 0) == 0);
}

TEST_CASE("an unterminated string or citation is reported") {
    auto result = parse(U"note \"open\nnote \"x\" [p.3\n");
    CHECK(result.diagnostics.size() == 2);
    CHECK(result.diagnostics[0].code == "syntax-expected-found");
}

TEST_CASE("a byte order mark and CRLF line ends are accepted") {
    auto result = parse(U"\uFEFFenum 種別 { 甲, 乙 }\r\nnote \"x\"\r\n");
    CHECK(result.diagnostics.empty());
    CHECK(result.file);
}

TEST_CASE("hostile rule files get errors, never a crash or a hang") {
    auto code_of = [](std::u32string const& text) {
        auto result = parse(text);
        REQUIRE_FALSE(result.diagnostics.empty());
        return std::string(result.diagnostics.front().code);
    };
    std::u32string chain = U"value v: yen = 1円";
    for (int i = 0; i < 100000; ++i) chain += U" + 1円";
    CHECK(code_of(chain) == "expression-too-deep");
    std::u32string parens = U"value v: yen = " + std::u32string(100000, U'(') + U"1円" + std::u32string(100000, U')');
    CHECK(code_of(parens) == "syntax-too-deep");
    std::u32string members = U"value v: yen = a";
    for (int i = 0; i < 100000; ++i) members += U".b";
    CHECK(code_of(members) == "expression-too-deep");
    std::u32string nots = U"check \"x\": ";
    for (int i = 0; i < 100000; ++i) nots += U"not ";
    nots += U"true";
    CHECK(code_of(nots) == "syntax-too-deep");
    // A huge literal parses (it is one token) and is refused when its value is read.
    auto huge = parse(U"param p: number = " + std::u32string(100000, U'9'));
    CHECK(huge.diagnostics.empty());
    CHECK(huge.file);
}

TEST_CASE("a parenthesis on the next line is not an argument list") {
    auto result = parse(U"eligibility e {\n  ① \"a\": 法人\n  (2) \"b\": true\n}\n");
    REQUIRE(result.file);
    auto const& e = boost::get<ast::EligibilityDecl>(result.file->declarations[0].get());
    REQUIRE(e.conditions.size() == 2);
    CHECK(e.conditions[1].marker == U"(2)");
}

TEST_CASE("a program setting given twice is an error") {
    auto result = parse(U"program p { fiscal_year 2024 fiscal_year 2025 }\n");
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].code == "duplicate-setting");
    CHECK_FALSE(result.file);
}

TEST_CASE("「…」 may contain quotations of its own") {
    auto result = parse(U"note 「資料は「費用の一部を補助」と書く」\n");
    REQUIRE(result.file);
    CHECK(boost::get<ast::NoteDecl>(result.file->declarations[0].get()).text.text == U"資料は「費用の一部を補助」と書く");
    auto open = parse(U"note 「閉じない「内側」\n");
    REQUIRE(open.diagnostics.size() == 1);
    CHECK(open.diagnostics[0].code == "syntax-expected-found");
}
