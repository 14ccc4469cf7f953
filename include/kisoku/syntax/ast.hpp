// kisoku/syntax/ast.hpp — the abstract syntax tree produced by the parser.
//
// Every node records the span of source it was read from (code-point offsets), so that any later
// stage can point at it. Literals keep their text as written ("20万円"); their value is read by
// kisoku/literal.hpp in the checking stage, which can then point at the exact faulty character.
#pragma once

#include "kisoku/source.hpp"

#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <boost/variant/apply_visitor.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kisoku::ast {

namespace x3 = boost::spirit::x3;

// The base of every node: where in the source it came from, and the depth of the tree below it
// (1 for a leaf). The parser refuses trees deeper than ParseLimits::max_depth, so that every later
// stage may walk them recursively without exhausting the stack.
struct Node {
    SourceSpan span;
    std::uint32_t depth = 1;
};

// A number or an amount as written: "200,000円", "50%", "1.5万円".
struct Literal : Node {
    std::u32string text;
};

// A name: a function in a call, a definition, a field, an enum value.
struct Name : Node {
    std::u32string text;
};

// A date as written: "2025-04-14" or "令和7年4月14日"; kisoku/date.hpp reads it.
struct DateLiteral : Node {
    std::u32string text;
};

// Text in quotes, "…" or 「…」, with its escapes (\" \\ \n) already resolved: labels, reasons,
// titles, and text values in expressions.
struct StringLiteral : Node {
    std::u32string text;
};

enum class UnaryOp { negate, plus, logical_not };
enum class BinaryOp {
    add,
    subtract,
    multiply,
    divide,
    equal,
    not_equal,
    less,
    less_equal,
    greater,
    greater_equal,
    member_of,  // x in {a, b}, x in low .. high, x in 期間
    logical_and,
    logical_or,
};

struct Unary;
struct Binary;
struct Call;
struct Conditional;
struct Member;
struct Index;
struct SetLiteral;
struct Range;
struct Filter;

// Any expression.
struct Expression
    : x3::variant<Literal, DateLiteral, StringLiteral, Name, x3::forward_ast<Unary>, x3::forward_ast<Binary>, x3::forward_ast<Call>,
                  x3::forward_ast<Conditional>, x3::forward_ast<Member>, x3::forward_ast<Index>,
                  x3::forward_ast<SetLiteral>, x3::forward_ast<Range>, x3::forward_ast<Filter>> {
    using base_type::base_type;
    using base_type::operator=;
};

struct Unary : Node {
    UnaryOp op = UnaryOp::negate;
    Expression operand;
};

struct Binary : Node {
    BinaryOp op = BinaryOp::add;
    SourceSpan op_span;  // Where the operator itself is, for messages about it.
    Expression left;
    Expression right;
};

// A function call: min(a, b), round_down(x, 1000円), count(構成員 where 法人).
struct Call : Node {
    Name function;
    std::vector<Expression> arguments;
};

// if CONDITION then A else B (もし … ならば … でなければ …).
struct Conditional : Node {
    Expression condition;
    Expression then_branch;
    Expression else_branch;
};

// A field of a record: 代表構成員.法人.
struct Member : Node {
    Expression object;
    Name field;
};

// A table lookup: 上限額[活動種別].
struct Index : Node {
    Expression table;
    Expression key;
};

// A set of values to test membership in: {準備枠, 実践枠}.
struct SetLiteral : Node {
    std::vector<Expression> items;
};

// An inclusive range, the right side of `in`: 2025-04-01 .. 2026-03-31.
struct Range : Node {
    Expression low;
    Expression high;
};

// The items of a list that satisfy a condition: 構成員 where 法人 (構成員 のうち 法人).
// Inside the condition, the item's fields are in scope by name.
struct Filter : Node {
    Expression list;
    Expression condition;
};


// The operator's symbol as kisoku prints it.
constexpr std::string_view symbol(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::add: return "+";
        case BinaryOp::subtract: return "-";
        case BinaryOp::multiply: return "*";
        case BinaryOp::divide: return "/";
        case BinaryOp::equal: return "==";
        case BinaryOp::not_equal: return "!=";
        case BinaryOp::less: return "<";
        case BinaryOp::less_equal: return "<=";
        case BinaryOp::greater: return ">";
        case BinaryOp::greater_equal: return ">=";
        case BinaryOp::member_of: return "in";
        case BinaryOp::logical_and: return "and";
        case BinaryOp::logical_or: return "or";
    }
    return "?";
}

// The operator as messages name it: a catalogue term for the word operators (and, or), whose
// Japanese forms differ, and the quoted symbol for the others.
inline std::string operator_name(BinaryOp op) {
    if (op == BinaryOp::logical_and) return "@kw-and";
    if (op == BinaryOp::logical_or) return "@kw-or";
    return "'" + std::string(symbol(op)) + "'";
}

constexpr bool is_comparison(BinaryOp op) noexcept { return op >= BinaryOp::equal && op <= BinaryOp::greater_equal; }

// Binding strength, higher binds tighter; used by the printer to place parentheses.
// where 0 < or 1 < and 2 < not 3 < comparisons and in 4 < + - 5 < * / 6 < unary - + 7 < postfix 8.
constexpr int precedence(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::multiply:
        case BinaryOp::divide: return 6;
        case BinaryOp::add:
        case BinaryOp::subtract: return 5;
        case BinaryOp::logical_and: return 2;
        case BinaryOp::logical_or: return 1;
        default: return 4;
    }
}

// ---------------------------------------------------------------------------------------------
// Declarations: what a rule file is made of. Keywords have English and Japanese forms (see
// docs/language.md); the AST does not record which was used.

// A citation of the source document, as written between brackets: [p.25 ①], [募集要領 p.3].
struct Citation : Node {
    std::u32string text;
};

// A type as written: bool, int, number, yen, date, text, an enum or record name, or list<T>.
struct TypeRef : Node {
    Name name;
    bool is_list = false;
};

// A field of a record or of the input: 法人: bool, 活動種別: 活動種別 required "活動種別".
// The optional label is what decisions show when they ask for the field.
struct Field : Node {
    Name name;
    TypeRef type;
    bool required = false;
    std::optional<StringLiteral> label;
};

// A document the program cites: source deck "参加団体募集説明会 (FAIS)".
struct Source : Node {
    Name name;
    StringLiteral title;
};

// program ID "title" { fiscal_year …; period … .. …; source …; }
struct ProgramDecl : Node {
    Name name;
    std::optional<StringLiteral> title;
    std::optional<Literal> fiscal_year;       // 2025, or 令和7年度 as written.
    std::optional<DateLiteral> period_start;  // Absent: April 1 of the fiscal year.
    std::optional<DateLiteral> period_end;    // Absent: March 31 of the next year.
    // reference_date 申請日: the input field (a date) whose value places an application in a
    // fiscal year, when the rules of several years are loaded together.
    std::optional<Name> reference_date;
    std::vector<Source> sources;
};

// enum 活動種別 { 準備枠, 実践枠 }
struct EnumDecl : Node {
    Name name;
    std::vector<Name> values;
};

// record 構成員 { 名称: text; 法人: bool }
struct RecordDecl : Node {
    Name name;
    std::vector<Field> fields;
};

// input 申請 { … }: the application's shape; its fields are names in every expression.
struct InputDecl : Node {
    Name name;
    std::vector<Field> fields;
};

// One row of a parameter table: 準備枠: 20万円.
struct TableEntry : Node {
    Name key;
    Expression value;
};

// param 上限額: yen by 活動種別 [p.24] { 準備枠: 20万円, 実践枠: 30万円 }
// param 補助率: number [p.3] = 2/3
// param 補助率: number required "募集要領に記載がないため、呼び出し側が指定する"
struct ParamDecl : Node {
    Name name;
    TypeRef type;
    std::optional<Name> key_enum;              // `by ENUM`: a table.
    std::optional<Citation> citation;
    std::optional<Expression> value;           // A scalar's value.
    std::vector<TableEntry> table;             // A table's rows.
    bool required = false;                     // Supplied by the caller at evaluation.
    std::optional<StringLiteral> explanation;  // Why the caller supplies it.
};

// One category of expenses: 食糧費 ineligible "食糧費は助成対象外" [p.26]
struct CategoryItem : Node {
    Name name;
    bool ineligible = false;
    std::optional<StringLiteral> reason;
    std::optional<Citation> citation;
};

// category 経費区分 [p.26] { 備品費; 食糧費 ineligible "…"; }: usable as an enum in records.
struct CategoryDecl : Node {
    Name name;
    std::optional<Citation> citation;
    std::vector<CategoryItem> items;
};

// One labelled condition of an eligibility block:
//   ② "構成員は3法人以上" [p.25 ②] unless 活動種別 == 準備枠: count(構成員 where 法人) >= 3
struct Condition : Node {
    std::u32string marker;  // ①, (1), … as written; may be empty.
    StringLiteral label;
    std::optional<Citation> citation;
    enum class Applicability { always, unless, when };
    Applicability applicability = Applicability::always;
    std::optional<Expression> applies;  // The unless/when condition.
    Expression test;
};

// eligibility 対象団体 [p.25] { conditions }: all must hold (or any, with `any`).
struct EligibilityDecl : Node {
    Name name;
    bool any_of = false;
    std::optional<Citation> citation;
    std::vector<Condition> conditions;
};

// value 対象経費: yen [p.26] = …   (an intermediate result)
// amount 助成額: yen [p.26] = …    (a result reported in every decision)
struct ValueDecl : Node {
    bool is_amount = false;
    Name name;
    TypeRef type;
    std::optional<Citation> citation;
    Expression expression;
};

// check warning "備品費は助成額の50%以内" [p.26]: … — a finding raised when the test is false.
struct CheckDecl : Node {
    bool is_warning = false;
    StringLiteral label;
    std::optional<Citation> citation;
    Expression test;
};

// document "応募申請書【様式第１号】" [p.28] when … due "概算払請求前"
struct DocumentDecl : Node {
    StringLiteral label;
    std::optional<Citation> citation;
    std::optional<Expression> when;
    std::optional<StringLiteral> due;
};

// note "…" [p.26]: an interpretation the file chose, shown in explanations.
struct NoteDecl : Node {
    StringLiteral text;
    std::optional<Citation> citation;
};

struct Declaration : x3::variant<ProgramDecl, EnumDecl, RecordDecl, InputDecl, ParamDecl, CategoryDecl, EligibilityDecl,
                                 ValueDecl, CheckDecl, DocumentDecl, NoteDecl> {
    using base_type::base_type;
    using base_type::operator=;
};

// A whole rule file.
struct RuleFile {
    std::vector<Declaration> declarations;
};

// The node at the root of any expression, for what every node has: its span and depth.
inline Node const& node_of(Expression const& e) {
    return boost::apply_visitor(
        [](auto const& node) -> Node const& {
            if constexpr (requires { node.get(); })
                return node.get();
            else
                return node;
        },
        e.get());
}

inline SourceSpan span_of(Expression const& e) { return node_of(e).span; }
inline std::uint32_t depth_of(Expression const& e) { return node_of(e).depth; }

}  // namespace kisoku::ast
