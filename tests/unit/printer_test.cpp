// The printer: canonical text for expressions and rule files, and round trips through the parser.
//
// For every text the parser accepts, printing its tree gives a text that parses back into the same
// tree (compared by a dump that leaves spans out), and printing is idempotent:
// print(parse(print(parse(x)))) == print(parse(x)).
#include "kisoku/syntax/printer.hpp"

#include "kisoku/syntax/parser.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace kisoku;
namespace x3 = boost::spirit::x3;

namespace {

// ---------------------------------------------------------------------------------------------
// A dump of a tree that shows every field except spans, independent of the printer: two trees
// are structurally equal when their dumps are.

std::string u8(std::u32string_view text) { return encode_utf8(text); }

// Text fields are bracketed so that empty text and text with spaces or line breaks are visible.
std::string bracketed(std::u32string_view text) { return "<" + u8(text) + ">"; }

std::string dump(ast::Expression const& e);

std::string dump_list(std::vector<ast::Expression> const& items) {
    std::string out;
    for (auto const& item : items) out += " " + dump(item);
    return out;
}

std::string dump(ast::Expression const& e) {
    struct Visitor {
        std::string operator()(ast::Literal const& n) const { return "(lit " + bracketed(n.text) + ")"; }
        std::string operator()(ast::DateLiteral const& n) const { return "(date " + bracketed(n.text) + ")"; }
        std::string operator()(ast::StringLiteral const& n) const { return "(str " + bracketed(n.text) + ")"; }
        std::string operator()(ast::Name const& n) const { return "(name " + bracketed(n.text) + ")"; }
        std::string operator()(x3::forward_ast<ast::Unary> const& n) const {
            static char const* const names[] = {"neg", "pos", "not"};
            return std::string("(") + names[static_cast<int>(n.get().op)] + " " + dump(n.get().operand) + ")";
        }
        std::string operator()(x3::forward_ast<ast::Binary> const& n) const {
            return "(" + std::string(ast::symbol(n.get().op)) + " " + dump(n.get().left) + " " + dump(n.get().right) +
                   ")";
        }
        std::string operator()(x3::forward_ast<ast::Call> const& n) const {
            return "(call " + bracketed(n.get().function.text) + dump_list(n.get().arguments) + ")";
        }
        std::string operator()(x3::forward_ast<ast::Conditional> const& n) const {
            return "(if " + dump(n.get().condition) + " " + dump(n.get().then_branch) + " " +
                   dump(n.get().else_branch) + ")";
        }
        std::string operator()(x3::forward_ast<ast::Member> const& n) const {
            return "(member " + dump(n.get().object) + " " + bracketed(n.get().field.text) + ")";
        }
        std::string operator()(x3::forward_ast<ast::Index> const& n) const {
            return "(index " + dump(n.get().table) + " " + dump(n.get().key) + ")";
        }
        std::string operator()(x3::forward_ast<ast::SetLiteral> const& n) const {
            return "(set" + dump_list(n.get().items) + ")";
        }
        std::string operator()(x3::forward_ast<ast::Range> const& n) const {
            return "(range " + dump(n.get().low) + " " + dump(n.get().high) + ")";
        }
        std::string operator()(x3::forward_ast<ast::Filter> const& n) const {
            return "(where " + dump(n.get().list) + " " + dump(n.get().condition) + ")";
        }
    };
    return boost::apply_visitor(Visitor{}, e.get());
}

template <typename T, typename F>
std::string dump_optional(std::optional<T> const& value, F&& f) {
    return value ? f(*value) : std::string("-");
}

std::string dump(std::optional<ast::Citation> const& c) {
    return dump_optional(c, [](ast::Citation const& x) { return "[" + bracketed(x.text) + "]"; });
}
std::string dump(std::optional<ast::StringLiteral> const& s) {
    return dump_optional(s, [](ast::StringLiteral const& x) { return bracketed(x.text); });
}
std::string dump(std::optional<ast::Expression> const& e) {
    return dump_optional(e, [](ast::Expression const& x) { return dump(x); });
}
std::string dump(ast::TypeRef const& t) { return (t.is_list ? "list:" : "") + bracketed(t.name.text); }
std::string dump(std::vector<ast::Field> const& fields) {
    std::string out;
    for (auto const& f : fields)
        out += " (field " + bracketed(f.name.text) + " " + dump(f.type) + (f.required ? " required" : "") + ")";
    return out;
}

std::string dump(ast::Declaration const& d) {
    struct Visitor {
        std::string operator()(ast::ProgramDecl const& n) const {
            std::string out = "(program " + bracketed(n.name.text) + " " + dump(n.title) + " " +
                              dump_optional(n.fiscal_year, [](auto const& x) { return bracketed(x.text); }) + " " +
                              dump_optional(n.period_start, [](auto const& x) { return bracketed(x.text); }) + " " +
                              dump_optional(n.period_end, [](auto const& x) { return bracketed(x.text); });
            for (auto const& s : n.sources) out += " (source " + bracketed(s.name.text) + " " + bracketed(s.title.text) + ")";
            return out + ")";
        }
        std::string operator()(ast::EnumDecl const& n) const {
            std::string out = "(enum " + bracketed(n.name.text);
            for (auto const& v : n.values) out += " " + bracketed(v.text);
            return out + ")";
        }
        std::string operator()(ast::RecordDecl const& n) const {
            return "(record " + bracketed(n.name.text) + dump(n.fields) + ")";
        }
        std::string operator()(ast::InputDecl const& n) const {
            return "(input " + bracketed(n.name.text) + dump(n.fields) + ")";
        }
        std::string operator()(ast::ParamDecl const& n) const {
            std::string out = "(param " + bracketed(n.name.text) + " " + dump(n.type) + " by " +
                              dump_optional(n.key_enum, [](auto const& x) { return bracketed(x.text); }) + " " +
                              dump(n.citation) + " " + dump(n.value) + (n.required ? " required " : " optional ") +
                              dump(n.explanation);
            for (auto const& row : n.table) out += " (row " + bracketed(row.key.text) + " " + dump(row.value) + ")";
            return out + ")";
        }
        std::string operator()(ast::CategoryDecl const& n) const {
            std::string out = "(category " + bracketed(n.name.text) + " " + dump(n.citation);
            for (auto const& item : n.items)
                out += " (item " + bracketed(item.name.text) + (item.ineligible ? " ineligible " : " eligible ") +
                       dump(item.reason) + " " + dump(item.citation) + ")";
            return out + ")";
        }
        std::string operator()(ast::EligibilityDecl const& n) const {
            std::string out = "(eligibility " + bracketed(n.name.text) + (n.any_of ? " any " : " all ") + dump(n.citation);
            for (auto const& c : n.conditions) {
                static char const* const applicability[] = {"always", "unless", "when"};
                out += " (condition " + bracketed(c.marker) + " " + bracketed(c.label.text) + " " + dump(c.citation) + " " +
                       applicability[static_cast<int>(c.applicability)] + " " + dump(c.applies) + " " + dump(c.test) +
                       ")";
            }
            return out + ")";
        }
        std::string operator()(ast::ValueDecl const& n) const {
            return std::string(n.is_amount ? "(amount " : "(value ") + bracketed(n.name.text) + " " + dump(n.type) + " " +
                   dump(n.citation) + " " + dump(n.expression) + ")";
        }
        std::string operator()(ast::CheckDecl const& n) const {
            return std::string(n.is_warning ? "(check warning " : "(check error ") + bracketed(n.label.text) + " " +
                   dump(n.citation) + " " + dump(n.test) + ")";
        }
        std::string operator()(ast::DocumentDecl const& n) const {
            return "(document " + bracketed(n.label.text) + " " + dump(n.citation) + " " + dump(n.when) + " " +
                   dump(n.due) + ")";
        }
        std::string operator()(ast::NoteDecl const& n) const {
            return "(note " + bracketed(n.text.text) + " " + dump(n.citation) + ")";
        }
    };
    return boost::apply_visitor(Visitor{}, d.get());
}

std::string dump(ast::RuleFile const& file) {
    std::string out;
    for (auto const& d : file.declarations) out += dump(d) + "\n";
    return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing helpers.

std::u32string decode(std::string_view utf8) {
    auto decoded = decode_utf8(utf8);
    REQUIRE_FALSE(decoded.error_byte);
    return decoded.text;
}

std::string diagnostics_text(std::vector<Diagnostic> const& diagnostics) {
    std::string out;
    for (auto const& d : diagnostics) out += std::string(d.code) + " at " + std::to_string(d.span.begin) + "; ";
    return out;
}

ast::Expression parse_expr(std::string_view utf8) {
    auto result = syntax::parse_expression(SourceText("expression", decode(utf8)));
    INFO("parsing: ", std::string(utf8), " — ", diagnostics_text(result.diagnostics));
    REQUIRE(result.diagnostics.empty());
    REQUIRE(result.expression);
    return std::move(*result.expression);
}

ast::RuleFile parse_rules(std::string_view utf8, std::string const& name = "test.kisoku") {
    auto result = syntax::parse_file(SourceText(name, decode(utf8)));
    INFO("parsing ", name, ":\n", std::string(utf8), "\n— ", diagnostics_text(result.diagnostics));
    REQUIRE(result.diagnostics.empty());
    REQUIRE(result.file);
    return std::move(*result.file);
}

// print(parse(x)), after checking that it reparses into the same tree and prints the same again.
std::string round_trip(std::string_view source) {
    ast::Expression const first = parse_expr(source);
    std::string const printed = syntax::print(first);
    INFO("source:  ", std::string(source));
    INFO("printed: ", printed);
    ast::Expression const second = parse_expr(printed);
    CHECK(dump(second) == dump(first));
    CHECK(syntax::print(second) == printed);
    return printed;
}

std::string round_trip_file(std::string_view source, std::string const& name = "test.kisoku") {
    ast::RuleFile const first = parse_rules(source, name);
    std::string const printed = syntax::print(first);
    INFO("file: ", name);
    INFO("printed:\n", printed);
    ast::RuleFile const second = parse_rules(printed, name + " (printed)");
    CHECK(dump(second) == dump(first));
    CHECK(syntax::print(second) == printed);
    return printed;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("printer: expressions print canonically, with the fewest parentheses") {
    // Precedence and associativity.
    CHECK(round_trip("1 + 2 * 3") == "1 + 2 * 3");
    CHECK(round_trip("(1 + 2) * 3") == "(1 + 2) * 3");
    CHECK(round_trip("((1)) + (2 * 3)") == "1 + 2 * 3");
    CHECK(round_trip("(10 - 4) - 3") == "10 - 4 - 3");
    CHECK(round_trip("10 - (4 - 3)") == "10 - (4 - 3)");
    CHECK(round_trip("12 / (4 / 3)") == "12 / (4 / 3)");
    CHECK(round_trip("900000円 * 2/3") == "900000円 * 2 / 3");
    CHECK(round_trip("-2 * -3") == "-2 * -3");
    CHECK(round_trip("- (1 - 3)") == "-(1 - 3)");
    CHECK(round_trip("-(-1)") == "--1");
    CHECK(round_trip("(-a).b") == "(-a).b");
    // Comparisons do not chain.
    CHECK(round_trip("(a == b) == c") == "(a == b) == c");
    CHECK(round_trip("a < (b < c)") == "a < (b < c)");
    CHECK(round_trip("(a in b) in c") == "(a in b) in c");
    CHECK(round_trip("(not a) == b") == "(not a) == b");
    // Word operators in English, symbols in ASCII, whatever the spelling read.
    CHECK(round_trip("3 × 4 ÷ 2 − 1 ≤ ５") == "3 * 4 / 2 - 1 <= ５");
    CHECK(round_trip("1 < 2 かつ 2 < 3 または ¬ x") == "1 < 2 and 2 < 3 or not x");
    CHECK(round_trip("not (1 < 2) or 3 == 3") == "not 1 < 2 or 3 == 3");
    CHECK(round_trip("(a or b) and not (c and d)") == "(a or b) and not (c and d)");
    CHECK(round_trip("もし 2 > 3 ならば 1 でなければ 2") == "if 2 > 3 then 1 else 2");
    CHECK(round_trip("構成員 のうち 法人 かつ 市内事業所") == "構成員 where 法人 and 市内事業所");
    CHECK(round_trip("x ∈ 対象期間") == "x in 対象期間");
    CHECK(round_trip("最小（1、 2）") == "最小(1, 2)");
    // A conditional reaches as far right as it can, so it is parenthesized unless rightmost.
    CHECK(round_trip("(if a then 1 else 2) + 3") == "(if a then 1 else 2) + 3");
    CHECK(round_trip("3 + (if a then 1 else 2)") == "3 + if a then 1 else 2");
    CHECK(round_trip("(x - (if c then 1 else 2)) - y") == "x - (if c then 1 else 2) - y");
    CHECK(round_trip("(if a then b else c).d") == "(if a then b else c).d");
    // Field access on a number needs parentheses, or the '.' would be its decimal point.
    CHECK(round_trip("(1).x") == "(1).x");
    CHECK(round_trip("(50%).x") == "50%.x");
    CHECK(round_trip("(1)[2]") == "1[2]");
    // Sets, ranges, and a set that is only the start of the right side of `in`.
    CHECK(round_trip("5 in 1..5") == "5 in 1 .. 5");
    CHECK(round_trip("3 in ｛1， 2、3｝") == "3 in {1, 2, 3}");
    CHECK(round_trip("x in ({1} + 2)") == "x in ({1} + 2)");
    CHECK(round_trip("x in ({1}) .. 3") == "x in ({1}) .. 3");
    // Filters do not chain.
    CHECK(round_trip("(a where b) where c") == "(a where b) where c");
    CHECK(round_trip("a where (b where c)") == "a where (b where c)");
    // Strings: "…" with escapes, whichever quotes were read.
    CHECK(round_trip("「引用 \"と\" \\ 」 == \"改\\n行\"") == "\"引用 \\\"と\\\" \\\\ \" == \"改\\n行\"");
    CHECK(round_trip("「一\n二」") == "\"一\\n二\"");
}

TEST_CASE("printer: every construct survives a round trip") {
    char const* const expressions[] = {
        // From tests/unit/calc_test.cpp.
        "round_down(1234567円 * 1/2, 1000円)",
        "round_half_up(-2.5)",
        "0.1 + 0.2 == 0.3",
        "1/3 + 1/3 + 1/3",
        "20万円 + ¥1,000",
        "min(350,000円 - 20,000円 - 0円, 300,000円)",
        "  1 +  # a comment\n 2",
        "12 / 4 / 3",
        "2 / 3 * 3",
        "切り捨て(1999円, 1000円)",
        "round_down(10円 / 3, 1円 / 3)",
        "true and false",
        "1 > 2 または 2 > 3",
        "if 1 < 2 then 10円 else 20円",
        "50万円 in 0円 .. 100万円",
        "2025-04-14 in 2025-04-01 .. 2026-03-31",
        "令和7年4月14日 == 2025-04-14",
        "令和元年5月1日 < 2020-01-01",
        "代表構成員.法人",
        "上限額[活動種別]",
        "count(構成員 where 法人)",
        "abs()",
        // From docs/language.md and the sample rule file.
        "if 活動種別 == 準備枠 then 20万円 else 30万円",
        "x in {準備枠, 実践枠}",
        "x in {}",
        "代表構成員.法人 and 代表構成員.市内事業所",
        "count(構成員 where 法人) >= 3",
        "sum(経費 where eligible(区分) and 支出日 in 2025-04-01 .. 2026-03-31, 金額)",
        "min(上限額[活動種別], max(0円, 対象経費 - 収入 - 自主財源))",
        "sum(経費 where 区分 == 備品費, 金額) <= 助成額 * 50%",
        "all(経費 where 区分 == 備品費 and 金額 > 5万円, false)",
        // Nesting and corner cases.
        "if if a then b else c then d else e",
        "if a then b else if c then d else e",
        "if x then a where b else c where d",
        "x where if c then a else b where d",
        "f(x).y[z].w",
        "a[b][c + 1]",
        "-a.b * +c[1] - -(d)",
        "not not a",
        "a * (not b)",
        "-(if a then 1 else 2) + 3",
        "{1, 2}.size",
        "x in a where b",
        "x in (a where b)",
        "x in 1 .. if a then 2 else 3",
        "(1 + if a then b else c) * 2",
        "a == if c then 1 else 2",
        "\"tab\there\" != 「」",
        "（１ ＋ ２）×３",
    };
    for (char const* source : expressions) {
        CAPTURE(source);
        round_trip(source);
    }
}

TEST_CASE("printer: a rule file prints in the canonical layout") {
    std::string const source =
        "# comments are not kept\n"
        "program p \"題\" { source deck \"説明会\"; period 2025-04-01 〜 2026-03-31; fiscal_year 2025 }\n"
        "enum 種別 { 甲, 乙 }\n"
        "enum 空 {}\n"
        "record R { 名称: text; 法人: bool; required: bool }\n"
        "input 申請 {\n  種類: 種別 required, 一覧: list<R>\n}\n"
        "param 上限: yen by 種別 [p.24] { 甲: 20万円; 乙: 30万円 }\n"
        "param 率: number [ p.3 ] = 2/3\n"
        "param 外: number required \"呼び出し側が指定する\"\n"
        "category 経費 [p.26] { 備品費; 食糧費 ineligible \"対象外\" [p.26]; 旅費; ineligible; 謝金 }\n"
        "eligibility 対象 any [p.25] {\n"
        "  ① \"法人\": 代表.法人 and 法人;\n"
        "  (2) \"三者\" [p.25 ②] unless 種類 == 甲: count(一覧 where 法人) >= 3\n"
        "  \"任意\" when 種類 == 乙: 法人;\n"
        "  (4) \"最後\": true\n"
        "}\n"
        "value 対象経費: yen [p.26] =\n  sum(一覧 where 法人, 金額)\n"
        "amount 助成額: yen = min(上限[種類], 対象経費)\n"
        "check error \"上限\" [p.26]: 助成額 <= 上限[種類]\n"
        "check warning \"警告\": true\n"
        "document \"申請書\" [p.28]\n"
        "document \"見積書\" when 法人 due \"請求前\"\n"
        "note \"解釈\" [p.26]\n";
    std::string const expected =
        "program p \"題\" {\n"
        "  fiscal_year 2025\n"
        "  period 2025-04-01 .. 2026-03-31\n"
        "  source deck \"説明会\"\n"
        "}\n"
        "\n"
        "enum 種別 { 甲, 乙 }\n"
        "\n"
        "enum 空 {}\n"
        "\n"
        "record R {\n"
        "  名称: text\n"
        "  法人: bool;\n"
        "  required: bool\n"
        "}\n"
        "\n"
        "input 申請 {\n"
        "  種類: 種別 required\n"
        "  一覧: list<R>\n"
        "}\n"
        "\n"
        "param 上限: yen by 種別 [p.24] {\n"
        "  甲: 20万円\n"
        "  乙: 30万円\n"
        "}\n"
        "\n"
        "param 率: number [p.3] = 2 / 3\n"
        "\n"
        "param 外: number required \"呼び出し側が指定する\"\n"
        "\n"
        "category 経費 [p.26] {\n"
        "  備品費\n"
        "  食糧費 ineligible \"対象外\" [p.26]\n"
        "  旅費;\n"
        "  ineligible\n"
        "  謝金\n"
        "}\n"
        "\n"
        "eligibility 対象 any [p.25] {\n"
        "  ① \"法人\": 代表.法人 and 法人;\n"
        "  (2) \"三者\" [p.25 ②] unless 種類 == 甲: count(一覧 where 法人) >= 3\n"
        "  \"任意\" when 種類 == 乙: 法人;\n"
        "  (4) \"最後\": true\n"
        "}\n"
        "\n"
        "value 対象経費: yen [p.26] = sum(一覧 where 法人, 金額)\n"
        "\n"
        "amount 助成額: yen = min(上限[種類], 対象経費)\n"
        "\n"
        "check \"上限\" [p.26]: 助成額 <= 上限[種類]\n"
        "\n"
        "check warning \"警告\": true\n"
        "\n"
        "document \"申請書\" [p.28]\n"
        "\n"
        "document \"見積書\" when 法人 due \"請求前\"\n"
        "\n"
        "note \"解釈\" [p.26]\n";
    CHECK(round_trip_file(source) == expected);
}

TEST_CASE("printer: every valid rule file survives a round trip") {
    // The valid test files and the city's programs that kisoku ships.
    std::vector<std::filesystem::path> files;
    for (std::filesystem::path directory : {std::filesystem::path(KISOKU_TEST_DATA_DIR "/check/valid"),
                                            std::filesystem::path(KISOKU_TEST_DATA_DIR "/../rules")})
        for (auto const& entry : std::filesystem::recursive_directory_iterator(directory))
            if (entry.is_regular_file() && entry.path().extension() == ".kisoku") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(!files.empty());
    for (auto const& path : files) {
        CAPTURE(path.string());
        std::ifstream in(path, std::ios::binary);
        REQUIRE(in);
        std::stringstream buffer;
        buffer << in.rdbuf();
        std::string const printed = round_trip_file(buffer.str(), path.filename().string());
        // The canonical text is a fixed point: printing it again changes nothing.
        CHECK(syntax::print(parse_rules(printed)) == printed);
    }
}

TEST_CASE("printer: a file in Japanese keywords and quotes prints in English") {
    std::string const source =
        "制度 p 「題名」 { 年度 令和7年度; 期間 令和7年4月1日 〜 令和8年3月31日; 出典 資料 「説明会」 }\n"
        "列挙 種別 { 甲、乙 }\n"
        "記録 構成員 { 名称: text; 法人: bool }\n"
        "入力 申請 { 種類: 種別 必須; 一覧: 一覧<構成員> }\n"
        "定数 上限: 円 ごと 種別 ［p.3］ { 甲: 1円、 乙: 2円 }\n"
        "定数 率: number 必須 「指定する」\n"
        "区分 経費 { 備品費; 食糧費 対象外 「対象外です」 ［p.26］ }\n"
        "要件 資格 いずれか {\n"
        "  ① 「見出し」 除く 種類 == 甲: true；\n"
        "  （2） 「次」 場合 種類 == 乙: 一覧 のうち 法人 かつ not 名称 == 「x」\n"
        "}\n"
        "値 対象: 円 = もし 種類 == 甲 ならば 1円 でなければ 2円\n"
        "金額 助成額: 円 = 最小(対象, 上限［種類］)\n"
        "確認 警告 「注意」: 助成額 ≤ 10円\n"
        "確認 エラー 「誤り」: 助成額 ≥ 0円\n"
        "書類 「申請書」 場合 種類 ∈ ｛甲｝ 期限 「提出前」\n"
        "注記 「解釈」";
    std::string const expected =
        "program p \"題名\" {\n"
        "  fiscal_year 令和7年度\n"
        "  period 令和7年4月1日 .. 令和8年3月31日\n"
        "  source 資料 \"説明会\"\n"
        "}\n"
        "\n"
        "enum 種別 { 甲, 乙 }\n"
        "\n"
        "record 構成員 {\n"
        "  名称: text\n"
        "  法人: bool\n"
        "}\n"
        "\n"
        "input 申請 {\n"
        "  種類: 種別 required\n"
        "  一覧: list<構成員>\n"
        "}\n"
        "\n"
        "param 上限: 円 by 種別 [p.3] {\n"
        "  甲: 1円\n"
        "  乙: 2円\n"
        "}\n"
        "\n"
        "param 率: number required \"指定する\"\n"
        "\n"
        "category 経費 {\n"
        "  備品費\n"
        "  食糧費 ineligible \"対象外です\" [p.26]\n"
        "}\n"
        "\n"
        "eligibility 資格 any {\n"
        "  ① \"見出し\" unless 種類 == 甲: true;\n"
        "  （2） \"次\" when 種類 == 乙: 一覧 where 法人 and not 名称 == \"x\"\n"
        "}\n"
        "\n"
        "value 対象: 円 = if 種類 == 甲 then 1円 else 2円\n"
        "\n"
        "amount 助成額: 円 = 最小(対象, 上限[種類])\n"
        "\n"
        "check warning \"注意\": 助成額 <= 10円\n"
        "\n"
        "check \"誤り\": 助成額 >= 0円\n"
        "\n"
        "document \"申請書\" when 種類 in {甲} due \"提出前\"\n"
        "\n"
        "note \"解釈\"\n";
    CHECK(round_trip_file(source) == expected);
}

TEST_CASE("printer: text that could be misread is written so that it is not") {
    // Escapes in every kind of string, a carriage return included.
    std::u32string const awkward = U"a \"b\" \\ c\nd\re 」";
    ast::RuleFile file;
    ast::NoteDecl note;
    note.text.text = awkward;
    file.declarations.push_back(ast::Declaration(note));
    std::string const printed = syntax::print(file);
    CHECK(printed == "note \"a \\\"b\\\" \\\\ c\\nd\\\re 」\"\n");
    auto const reparsed = parse_rules(printed);
    REQUIRE(reparsed.declarations.size() == 1);
    CHECK(boost::get<ast::NoteDecl>(reparsed.declarations[0].get()).text.text == awkward);

    // Names that are contextual keywords, in the places where they are keywords.
    round_trip_file("record 必須 { 必須: 必須; 必須: 必須 必須; required: required }\n"
                    "category ineligible { ineligible; ineligible ineligible; 対象外 }\n"
                    "eligibility any any { \"x\": any; (1) \"y\": due }\n"
                    "document \"d\" when due due \"due\"\n"
                    "param by: by by by = by\n"
                    "value 金額: list<値> = 金額 + 値\n");

    // A declaration keyword used as a name is never printed at column 1.
    CHECK(round_trip_file("value v: yen =\n  金額\n  + 値\n") == "value v: yen = 金額 + 値\n");
}

TEST_CASE("printer: an empty file prints as nothing") {
    CHECK(syntax::print(ast::RuleFile{}).empty());
    CHECK(round_trip_file("# only a comment\n").empty());
}
