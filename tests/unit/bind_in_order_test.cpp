// The in-order binder (kisoku/eval/bind_in_order.hpp) must build, where it finishes, exactly the
// application the ApplicationBuilder builds from the events of the same text, and must give up on
// every text it cannot bind that way, so that bind_json reports the input errors as before.
#include "application_generator.hpp"
#include "kisoku/rules.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace kisoku;

namespace {

// Everything an Evaluator can read of an application, as text (so that a difference shows).
std::string described(eval::Application const& app) {
    std::ostringstream out;
    auto value = [&](eval::Value const& v) {
        out << static_cast<int>(v.state) << '/' << static_cast<int>(v.flags) << '/' << v.word << '/' << v.word2 << '/'
            << v.number().to_string() << ' ';
    };
    out << "slots ";
    for (auto const& v : app.slots) value(v);
    out << "\nitems ";
    for (auto const& v : app.items) value(v);
    out << "\ntexts ";
    for (std::size_t t = 0; t < app.text_count(); ++t) out << '"' << app.text(t) << "\" ";
    out << "\nrecords ";
    for (auto const& r : app.records) out << r.first_slot << '/' << r.layout << '/' << r.parent << '/' << r.parent_is_item << ' ';
    out << "\nlists ";
    for (auto const& l : app.lists) out << l.first_item << '/' << l.count << '/' << l.slot << ' ';
    return out.str();
}

// Binds `json` with the in-order binder. When it finishes, binds it again with the events of the
// fast reader and requires that reading to finish too, without an error, and give the same
// application. Returns whether the in-order binder finished.
bool bound_in_order_as_by_events(eval::ApplicationBuilder& builder, std::string const& json) {
    eval::Application in_order, by_events;
    if (!eval::detail::InOrderBinder(builder, json).bind(in_order)) return false;
    auto const in_order_errors = builder.finish();
    builder.begin_untracked(by_events);
    INFO(json);
    REQUIRE(eval::detail::FastJsonReader<eval::ApplicationBuilder>(json, builder).read());
    auto const event_errors = builder.finish();
    REQUIRE(in_order_errors.size() == event_errors.size());  // Only supplied parameters can be missing.
    CHECK(event_errors.empty());
    CHECK(described(in_order) == described(by_events));
    // And bind_json, which takes the in-order binder first, gives that application too.
    eval::Application bound;
    CHECK(eval::bind_json(builder, json, bound).empty());
    CHECK(described(bound) == described(by_events));
    return true;
}

// Whether the in-order binder finishes with `json`.
bool finishes(eval::ApplicationBuilder& builder, std::string const& json) {
    eval::Application app;
    return eval::detail::InOrderBinder(builder, json).bind(app);
}

bool has_period_field(eval::Program const& program) {
    for (auto const& layout : program.layouts)
        for (auto const& f : layout.fields)
            if (f.kind == eval::Kind::period || f.element == eval::Kind::period) return true;
    return false;
}

std::string read_file(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Binds `count` random applications of `program`, each also damaged at one byte four times, both
// ways (see bound_in_order_as_by_events).
void compare_bindings(eval::Program const& program, unsigned count, unsigned seed) {
    kisoku_test::ApplicationGenerator generate(program, seed);
    std::mt19937 random(seed);
    eval::ApplicationBuilder builder(program);
    kisoku_test::supply_parameters(builder, program);
    unsigned accepted = 0, finished = 0, damaged_finished = 0;
    for (unsigned i = 0; i < count; ++i) {
        std::string const json = generate.next();
        eval::Application app;
        bool const valid = eval::bind_json(builder, json, app).empty();
        bool const done = bound_in_order_as_by_events(builder, json);
        if (done) REQUIRE(valid);
        accepted += valid ? 1 : 0;
        finished += done ? 1 : 0;
        // The same text damaged at one byte (changed, removed or doubled): wherever the in-order
        // binder still finishes, it must agree with the events.
        static char const damage[] = "{}[],:\" 0-9tfnx\\\xE3\0";  // Bytes put in, a NUL among them.
        for (int d = 0; d < 4; ++d) {
            std::string damaged = json;
            std::size_t const at = random() % damaged.size();
            switch (random() % 3) {
                case 0: damaged[at] = damage[random() % (sizeof damage - 1)]; break;
                case 1: damaged.erase(at, 1); break;
                default: damaged.insert(at, 1, damaged[at]); break;
            }
            damaged_finished += bound_in_order_as_by_events(builder, damaged) ? 1 : 0;
        }
    }
    CHECK(accepted > count / 3);
    // The generator writes fields in their declared order, with nothing escaped: every
    // application without an input error is bound in order, except where a period is given
    // (which the in-order binder leaves to the builder).
    if (!has_period_field(program))
        CHECK(finished == accepted);
    else
        CHECK(finished > 0);
    CHECK(damaged_finished > 0);
}

// Lists in the records of a list, whose items the builder and the in-order binder keep pending.
std::string const nested_lists = R"(program t "テスト" { fiscal_year 令和7年度 }
enum 種別 { 本社, 支店 }
record 拠点 {
  名称: text
  種別: 種別
  開設日: date
  人数: int
}
record 会社 {
  名称: text
  法人: bool
  拠点: list<拠点>
  資本金: yen
  種別一覧: list<種別>
}
record 代表者 {
  会社: 会社
  氏名: text required
}
input 申請 {
  申請日: date required
  代表: 代表者
  会社: list<会社>
  区分: list<種別>
  補助率: number
}
value 拠点数: int = sum(会社, count(拠点))
amount 助成額: yen = sum(会社 where 法人, 資本金) + 拠点数 * 1000円
)";

}  // namespace

TEST_CASE("the in-order binder builds the applications the builder builds, on every shipped and test program") {
    auto const programs = kisoku_test::every_program();
    REQUIRE(programs.size() >= 8);
    unsigned seed = 100;
    for (auto const& program : programs) {
        INFO(program->file);
        compare_bindings(*program, 300, seed++);
    }
}

TEST_CASE("the in-order binder builds the applications the builder builds, with lists in the records of lists") {
    auto loaded = load_rules_text("t.kisoku", nested_lists);
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    compare_bindings(*loaded.rules->years.front(), 2000, 3);
}

TEST_CASE("the in-order binder binds the example applications, and gives up on what it cannot bind as the builder would") {
    auto loaded = load_rules(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2025.kisoku");
    REQUIRE(loaded.rules);
    eval::Program const& program = *loaded.rules->years.front();
    eval::ApplicationBuilder builder(program);
    for (auto const* name : {"2025-kokura-dx.json", "2025-wakamatsu-junbi.json", "2025-yahata-incomplete.json"})
        CHECK(bound_in_order_as_by_events(builder, read_file(std::filesystem::path(KISOKU_SOURCE_DIR) / "examples/dxlab" / name)));

    std::string const head = R"({"申請日": "2025-05-20", "活動種別": "DX共創実践枠", "団体名称": "研究会")";
    auto with = [&](std::string const& rest) { return head + rest + "}"; };
    std::string const member = R"({"名称": "A社", "法人": true, "市内事業所": false})";

    SUBCASE("what it binds") {
        CHECK(bound_in_order_as_by_events(builder, with("")));
        CHECK(bound_in_order_as_by_events(builder, with(R"(, "構成員": [], "経費": [])")));
        CHECK(bound_in_order_as_by_events(builder, with(R"(, "代表構成員": null, "構成員": [null, )" + member + "]")));
        CHECK(bound_in_order_as_by_events(builder, with(R"(, "設立状況": null, "代表構成員": )" + member)));
        CHECK(bound_in_order_as_by_events(builder,
                                          with(R"(, "経費": [{"区分": "備品費", "金額": "15,000円", "支出日": "2025-06-01"}, {"金額": -0}])")));
        CHECK(bound_in_order_as_by_events(builder, with(R"(, "外部参加費収入": 999999999999999999, "寄付金収入": "１万円")")));
        CHECK(bound_in_order_as_by_events(builder, "\n\t{ \"申請日\" :\"2025-05-20\" ,\r\n \"活動種別\":\"DX共創準備枠\",\"団体名称\":\"\"}\n "));
        CHECK(bound_in_order_as_by_events(builder, with(R"(, "設立状況"  :  "設立済" , "構成員": [ ] )")));
    }
    SUBCASE("what it leaves to the builder") {
        // Each of these bind_json still binds or reports as the builder does (the tests of input
        // errors cover the reports); the in-order binder only has to give up.
        for (std::string const& json : {
                 std::string(R"({"活動種別": "DX共創実践枠", "申請日": "2025-05-20", "団体名称": "研究会"})"),  // Out of order.
                 with(R"(, "団体名称": "二度目")"),                           // Repeated.
                 with(R"(, "未知": 1)"),                                      // Unknown.
                 with(R"(, "\u69cb\u6210\u54e1": [])"),                       // Escaped key.
                 std::string(R"({"申請日": "2025-05-20", "団体名称": "研究会"})"),  // A required field left out.
                 std::string(R"({"申請日": "2025-05-20", "活動種別": null, "団体名称": "研究会"})"),  // A required field null.
                 with(R"(, "設立状況": "未定")"),                              // No such enumeration value.
                 with(R"(, "設立状況": "設立済み")"),                          // A value that begins with one.
                 with(R"(, "設立状況": "設立")"),                              // A value that one begins with.
                 with(R"(, "設立状況": "設立済)"),                             // Cut short after a value.
                 with(R"(, "活動継続見込": "true")"),                          // A string for a boolean.
                 with(R"(, "外部参加費収入": 1.5)"),                           // A fraction.
                 with(R"(, "外部参加費収入": 1e3)"),                           // An exponent.
                 with(R"(, "外部参加費収入": 1234567890123456789)"),           // More than 18 digits.
                 with(R"(, "外部参加費収入": "1.5円")"),                       // A fraction of a yen, as text.
                 with(R"(, "外部参加費収入": "50%")"),                         // A percentage for yen.
                 with(R"(, "外部参加費収入": "たくさん")"),                    // Not an amount.
                 with(R"(, "経費": [{"支出日": "令和7年6月1日"}])"),           // A date written otherwise (bound by the builder).
                 with(R"(, "経費": [{"支出日": "2025-02-30"}])"),              // No such day.
                 with(R"(, "経費": [{"支出日": "2025-06-1"}])"),               // A digit short.
                 with(R"(, "経費": [{"支出日": "2025-06-011"}])"),             // A digit over.
                 with(R"(, "経費": [{"支出日": "2025/06/01"}])"),              // Other separators.
                 with(R"(, "経費": [{"支出日": "2025-06-01)"),                 // Cut short in a date.
                 with(R"(, "団体名称": "a\nb")"),                              // An escape.
                 with(R"(, "構成員": {})"),                                   // An object for a list.
                 with(R"(, "代表構成員": [])"),                               // A list for a record.
                 with(R"(, "構成員": [1])"),                                  // A number for a record.
                 with(R"(, "構成員": [{"名称": "A", "名称": "B"}])"),          // Repeated in a record.
                 head + "}x",                                                 // Something after the application.
                 head + ",}",                                                 // A trailing comma.
                 head,                                                        // Cut short.
                 std::string("\xEF\xBB\xBF") + with(""),                      // A byte-order mark.
                 std::string("[]"),
                 std::string(""),
             }) {
            INFO(json);
            CHECK_FALSE(finishes(builder, json));
        }
        // Limits: a list with more items than allowed, and records nested deeper than allowed.
        eval::BindLimits few_items;
        few_items.max_list_items = 1;
        eval::ApplicationBuilder limited(program, few_items);
        CHECK(finishes(limited, with(R"(, "構成員": [)" + member + "]")));
        CHECK_FALSE(finishes(limited, with(R"(, "構成員": [)" + member + ", " + member + "]")));
        eval::BindLimits shallow;
        shallow.max_depth = 1;
        eval::ApplicationBuilder flat(program, shallow);
        CHECK(finishes(flat, with("")));
        CHECK_FALSE(finishes(flat, with(R"(, "構成員": [])")));
        shallow.max_depth = 0;
        eval::ApplicationBuilder none(program, shallow);
        CHECK_FALSE(finishes(none, with("")));
    }
}

TEST_CASE("keys and enumeration values are compared whole, at every length and at every byte") {
    // same_text compares short texts with overlapping loads: every length up to three words, with
    // one byte changed at each place, must still differ, and the same bytes elsewhere be equal.
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string a(n, 'x'), b(n, 'x');
        for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + (i * 7) % 26);
        std::string const copy = b;  // Another address, so that no comparison can rely on it.
        CHECK(eval::detail::same_text(a, copy));
        for (std::size_t i = 0; i < n; ++i) {
            std::string c = a;
            c[i] = static_cast<char>(c[i] ^ 0x80);
            INFO("length ", n, ", byte ", i);
            CHECK_FALSE(eval::detail::same_text(a, c));
        }
        if (n > 0) CHECK_FALSE(eval::detail::same_text(a, std::string_view(a).substr(1)));
    }
}

TEST_CASE("a quoted key or value is found in place at every length, at every byte and near the end of the text") {
    // QuotedText compares the first and last eight bytes of the quoted text as words, and the bytes
    // between word by word; it reads whole words, so it needs eight bytes of text at least. It must
    // answer as a plain comparison of the bytes does.
    auto const plain = [](std::string const& quoted, std::string_view text) {
        return text.size() >= std::max<std::size_t>(quoted.size(), 8) && text.substr(0, quoted.size()) == quoted;
    };
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string name(n, 'x');
        for (std::size_t i = 0; i < n; ++i) name[i] = static_cast<char>('a' + (i * 7) % 26);
        eval::detail::QuotedText const key(name);
        std::string const quoted = '"' + name + '"';
        CHECK(key.size() == quoted.size());
        CHECK(key.text() == name);
        INFO("length ", n);
        for (std::string const after : {"", ":", ": 1,", "\":1}", "x\": true, \"y\": false}"}) {
            std::string const text = quoted + after;
            for (std::size_t available = 0; available <= text.size(); ++available) {
                auto const at = reinterpret_cast<unsigned char const*>(text.data());
                CHECK(key.starts(at, available) == plain(quoted, std::string_view(text).substr(0, available)));
            }
            for (std::size_t i = 0; i < quoted.size(); ++i) {
                std::string changed = text;
                changed[i] = static_cast<char>(changed[i] ^ 0x80);
                INFO("byte ", i, " changed");
                CHECK_FALSE(key.starts(reinterpret_cast<unsigned char const*>(changed.data()), changed.size()));
            }
        }
        // A longer name that starts with this one, and this one without its closing quote.
        std::string const longer = '"' + name + "y\"      ";
        CHECK_FALSE(key.starts(reinterpret_cast<unsigned char const*>(longer.data()), longer.size()));
    }
    eval::detail::QuotedText const nothing;
    std::string const text = "\"\"        ";
    CHECK(nothing.size() == 0);
    CHECK_FALSE(nothing.starts(reinterpret_cast<unsigned char const*>(text.data()), text.size()));
    // A text JSON escapes is never found as its bytes.
    for (std::string const escaped : {"a\"b", "a\\b", "a\nb"}) {
        eval::detail::QuotedText const key(escaped);
        std::string const raw = '"' + escaped + "\"        ";
        CHECK(key.size() == 0);
        CHECK_FALSE(key.starts(reinterpret_cast<unsigned char const*>(raw.data()), raw.size()));
    }
}

// How JsonScanner::number read a number before it read short integers from one load: digit by
// digit, as RFC 8259 writes a number. The test below requires the same reading of every text.
bool number_digit_by_digit(std::string_view text, eval::detail::JsonScanner::ScannedNumber& out) {
    auto const is_digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0;
    bool const negative = text[0] == '-';
    if (negative) ++i;
    if (i == text.size() || !is_digit(text[i])) return false;
    if (text[i] == '0')
        ++i;
    else
        while (i < text.size() && is_digit(text[i])) ++i;
    std::size_t const digits = i - (negative ? 1 : 0);
    out.negative = negative;
    out.fraction = false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (i == text.size() || !is_digit(text[i])) return false;
        while (i < text.size() && is_digit(text[i])) ++i;
        out.fraction = true;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) return false;
    out.written = text.substr(0, i);
    if (out.fraction) return digits <= 300;
    if (digits > 18) return false;
    out.magnitude = 0;
    for (std::size_t d = negative ? 1 : 0; d < i; ++d) out.magnitude = out.magnitude * 10 + static_cast<std::uint64_t>(text[d] - '0');
    return true;
}

TEST_CASE("the JSON scanner reads numbers digit by digit's way, whatever follows them") {
    // Integers of up to seven digits are read from one eight-byte load; what follows the digits
    // (the end of the text included) decides where they end, and must not change their value.
    std::mt19937_64 random(20261201);
    std::string const after[] = {"", ",", "}", "]", " ", ".5", ".", "e3", "E1", "x", "\xFF", "\xFA", "/", ":", "0", "123456789", "\"", "-"};
    for (int n = 0; n < 200000; ++n) {
        std::string text = random() % 4 == 0 ? "-" : "";
        for (auto digits = 1 + random() % 22; digits > 0; --digits) text += static_cast<char>('0' + random() % 10);
        text += after[random() % std::size(after)];
        for (auto more = random() % 10; more > 0; --more) text += static_cast<char>(random() % 256);
        eval::detail::JsonScanner scanner(text);
        eval::detail::JsonScanner::ScannedNumber read, expected;
        bool const ok = scanner.number(read);
        INFO(text);
        REQUIRE(ok == number_digit_by_digit(text, expected));
        if (!ok) continue;
        REQUIRE(read.written == expected.written);
        REQUIRE(read.negative == expected.negative);
        REQUIRE(read.fraction == expected.fraction);
        if (!read.fraction) REQUIRE(read.magnitude == expected.magnitude);
    }
}

TEST_CASE("amounts written as text in their usual form read as the literal reader reads them") {
    // read_plain_yen reads "15,000円" without decoding it; where it gives a value, the literal
    // reader must read the same text to the same value, and it must give one for the usual forms.
    for (std::string_view text : {"15,000円", "15000円", "15000", "1,234,567", "0円", "999", "1,000,000円", "007"})
        CHECK(eval::detail::read_plain_yen(text));
    for (std::string_view text : {"", "円", ",000円", "1,00円", "1,0000", "12,34,567", "1,000,", "１５,０００円", "¥15,000", "-15000",
                                  "1.5万円", "15000円円", "15 000", "1234567890123456789", "15,000円 "})
        CHECK_FALSE(eval::detail::read_plain_yen(text));
    std::mt19937_64 random(20261202);
    std::string const pieces[] = {"0", "1", "2", "5", "9", "00", "000", "123", ",", ",", "円", ".", "万", "-", " ", "１", "，"};
    int read = 0;
    for (int n = 0; n < 200000; ++n) {
        std::string text;
        for (auto count = random() % 12; count > 0; --count) text += pieces[random() % std::size(pieces)];
        auto const fast = eval::detail::read_plain_yen(text);
        if (!fast) continue;
        ++read;
        INFO(text);
        auto const general = parse_signed_literal(decode_utf8(text).text);
        REQUIRE(std::holds_alternative<LiteralValue>(general));
        REQUIRE(std::get<LiteralValue>(general).value == Number(*fast));
    }
    CHECK(read > 10000);  // The random texts reach the fast reading often enough to test it.
}

TEST_CASE("the in-order binder leaves deep nesting to the builder, whatever depth the limits allow") {
    // A record that holds a record of its own type: an application may nest it as deep as
    // BindLimits::max_depth allows. The in-order binder reads nested records by recursion, so it
    // gives up past a fixed depth instead of following a limit set high; the builder, which
    // keeps its own stack, binds the rest.
    auto loaded = load_rules_text("t.kisoku", R"(program t "テスト" { fiscal_year 令和7年度 }
record 節 {
  名称: text
  次: 節
}
input 申請 {
  申請日: date required
  先頭: 節
}
amount 助成額: yen = 0円
)");
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    eval::Program const& program = *loaded.rules->years.front();
    auto nested = [](std::size_t depth) {
        std::string json = R"({"申請日": "2025-04-01", "先頭": )";
        for (std::size_t i = 0; i < depth; ++i) json += R"({"名称": "a", "次": )";
        json += "null";
        json.append(depth, '}');
        return json + "}";
    };
    eval::BindLimits deep;
    deep.max_depth = 1'000'000;
    eval::ApplicationBuilder builder(program, deep);
    CHECK(bound_in_order_as_by_events(builder, nested(100)));
    CHECK_FALSE(finishes(builder, nested(eval::detail::InOrderBinder::max_depth)));
    eval::Application app;
    CHECK(eval::bind_json(builder, nested(200'000), app).empty());
    CHECK(app.records.size() == 200'001);
}
