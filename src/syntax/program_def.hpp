// src/syntax/program_def.hpp — the grammar of rule files: declarations around expressions.
//
// A rule file is a sequence of declarations, each introduced by a keyword in English or Japanese
// (program/制度, enum/列挙, record/記録, input/入力, param/定数, category/区分, eligibility/要件,
// value/値, amount/金額, check/確認, document/書類, note/注記). Keywords other than the expression
// operators are contextual: they are recognised only where a declaration or clause may start, so
// that words such as 金額 or 期間 remain free for fields and definitions.
//
// The expression rules come from expression.hpp and are instantiated in expression.cpp; this file
// only builds declarations, in semantic actions that fill the fields of the node being parsed.
#pragma once

#include "expression.hpp"
#include "identifier.hpp"
#include "keywords.hpp"
#include "program.hpp"

#include <boost/fusion/include/back.hpp>

// Rules are written as X3 writes them: `a >> b > c` is the sequence a b followed by an
// expectation point before c, since `>>` binds tighter than `>`. Clang asks for parentheses
// around such sequences; the grammar means exactly what the precedence gives.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Woverloaded-shift-op-parentheses"
#endif

namespace kisoku::syntax {

namespace program_grammar {

using x3::unicode::char_;
using x3::unicode::lit;
using x3::_attr;
using x3::_val;

using lexical::state_of;

// The rules shared with the expression grammar: handles onto definitions compiled elsewhere.
name_type const name = "@name";
string_literal_type const string_literal = "@string";
date_literal_type const date_literal = "@date-literal";
expression_type const expression_handle = "@expression";

using keywords::keyword;

inline constexpr auto const& node_begin = lexical::token_begin;
inline constexpr auto const& node_end = lexical::here;

// Actions that fill a field of the node being built: set<&T::field>, push<&T::list>, flag<&T::b>.
template <auto Field>
inline auto const set = [](auto& ctx) { _val(ctx).*Field = std::move(_attr(ctx)); };
template <auto Field>
inline auto const push = [](auto& ctx) { (_val(ctx).*Field).push_back(std::move(_attr(ctx))); };
template <auto Field>
inline auto const flag = [](auto& ctx) { _val(ctx).*Field = true; };
inline auto const set_begin = [](auto& ctx) { _val(ctx).span.begin = _attr(ctx); };
inline auto const set_end = [](auto& ctx) { _val(ctx).span.end = _attr(ctx); };
inline auto const assign = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };

inline auto const set_text_inside_brackets = [](auto& ctx) {
    auto const& range = _attr(ctx);
    std::u32string text(range.begin(), range.end());
    // Drop the brackets and the spaces just inside them.
    std::size_t begin = 1, end = text.size() - 1;
    while (begin < end && (text[begin] == U' ' || text[begin] == U'\u3000')) ++begin;
    while (end > begin && (text[end - 1] == U' ' || text[end - 1] == U'\u3000')) --end;
    _val(ctx).text = text.substr(begin, end - begin);
    ParseState const& state = state_of(ctx);
    _val(ctx).span = {state.offset(range.begin()), state.offset(range.end())};
};

inline auto const set_raw_text = [](auto& ctx) {
    auto const& range = _attr(ctx);
    _val(ctx).text.assign(range.begin(), range.end());
    ParseState const& state = state_of(ctx);
    _val(ctx).span = {state.offset(range.begin()), state.offset(range.end())};
};

// Rule IDs.
struct citation_class;
struct type_ref_class;
struct field_class;
struct source_class;
struct fiscal_year_class;
struct program_decl_class;
struct enum_decl_class;
struct record_decl_class;
struct input_decl_class;
struct table_entry_class;
struct param_decl_class;
struct category_item_class;
struct category_decl_class;
struct condition_class;
struct marker_class;
struct eligibility_decl_class;
struct value_decl_class;
struct check_decl_class;
struct document_decl_class;
struct note_decl_class;
struct open_brace_class;
struct close_brace_class;
struct colon_class;
struct equals_class;
struct param_body_class;
struct close_angle_class;
struct open_angle_class;
struct dot_dot_class;

x3::rule<citation_class, ast::Citation> const citation = "@citation";
x3::rule<type_ref_class, ast::TypeRef> const type_ref = "@type";
x3::rule<field_class, ast::Field> const field = "@field";
x3::rule<source_class, ast::Source> const source = "@source";
x3::rule<fiscal_year_class, ast::Literal> const fiscal_year = "@fiscal-year";
x3::rule<program_decl_class, ast::ProgramDecl> const program_decl = "@declaration";
x3::rule<enum_decl_class, ast::EnumDecl> const enum_decl = "@declaration";
x3::rule<record_decl_class, ast::RecordDecl> const record_decl = "@declaration";
x3::rule<input_decl_class, ast::InputDecl> const input_decl = "@declaration";
x3::rule<table_entry_class, ast::TableEntry> const table_entry = "@table-entry";
x3::rule<param_decl_class, ast::ParamDecl> const param_decl = "@declaration";
x3::rule<category_item_class, ast::CategoryItem> const category_item = "@category-item";
x3::rule<category_decl_class, ast::CategoryDecl> const category_decl = "@declaration";
x3::rule<condition_class, ast::Condition> const condition = "@condition";
x3::rule<marker_class, std::u32string> const marker = "@condition";
x3::rule<eligibility_decl_class, ast::EligibilityDecl> const eligibility_decl = "@declaration";
x3::rule<value_decl_class, ast::ValueDecl> const value_decl = "@declaration";
x3::rule<check_decl_class, ast::CheckDecl> const check_decl = "@declaration";
x3::rule<document_decl_class, ast::DocumentDecl> const document_decl = "@declaration";
x3::rule<note_decl_class, ast::NoteDecl> const note_decl = "@declaration";
x3::rule<open_brace_class> const open_brace = "@opening-brace";
x3::rule<close_brace_class> const close_brace = "@closing-brace";
x3::rule<colon_class> const colon = "@colon";
x3::rule<equals_class> const equals = "@equals";
x3::rule<param_body_class, ast::ParamDecl> const param_body = "@param-body";
x3::rule<open_angle_class> const open_angle = "@opening-angle";
x3::rule<close_angle_class> const close_angle = "@closing-angle";
x3::rule<dot_dot_class> const dot_dot = "@dot-dot";

using namespace keywords;

auto const separator = lit(U";") | lit(U",") | lit(U"、") | lit(U"；");
auto const digit = char_(U'0', U'9') | char_(U'０', U'９');

auto const open_brace_def = lit(U"{") | lit(U"｛");
auto const close_brace_def = lit(U"}") | lit(U"｝");
auto const colon_def = lit(U":") | lit(U"：");
auto const equals_def = lit(U"=") | lit(U"＝");
auto const open_angle_def = lit(U"<") | lit(U"＜");
auto const close_angle_def = lit(U">") | lit(U"＞");
auto const dot_dot_def = lit(U"..") | lit(U"〜") | lit(U"～");

x3::rule<struct citation_close_class> const citation_close = "@closing-bracket";
auto const citation_close_def = lit(U"]") | lit(U"］");
auto const citation_def = x3::raw[x3::lexeme[(lit(U"[") | lit(U"［")) >> *(char_ - lit(U"]") - lit(U"］") - x3::eol) >
                                             citation_close]][set_text_inside_brackets];

auto const type_ref_def = node_begin[set_begin] >>
                          ((kw_list >> open_angle > name[set<&ast::TypeRef::name>] > close_angle)[flag<&ast::TypeRef::is_list>] |
                           name[set<&ast::TypeRef::name>]) >
                          node_end[set_end];

auto const field_def = node_begin[set_begin] >> name[set<&ast::Field::name>] > colon > type_ref[set<&ast::Field::type>] >
                       -kw_required[flag<&ast::Field::required>] > -string_literal[set<&ast::Field::label>] >
                       node_end[set_end];
auto const field_list = open_brace > *(field[push<&ast::RecordDecl::fields>] >> -separator) > close_brace;
auto const input_field_list = open_brace > *(field[push<&ast::InputDecl::fields>] >> -separator) > close_brace;

auto const fiscal_year_def =
    x3::raw[x3::lexeme[(+digit >> -lit(U"年度")) |
                       ((lit(U"令和") | lit(U"平成") | lit(U"昭和")) >> (+digit | lit(U"元")) >> lit(U"年度"))]][set_raw_text];

auto const source_def = node_begin[set_begin] >> kw_source > name[set<&ast::Source::name>] >
                        string_literal[set<&ast::Source::title>] > node_end[set_end];

// A setting given twice is an error, not "the last one wins".
template <auto Field>
inline auto const set_once = [](auto& ctx) {
    auto& field = _val(ctx).*Field;
    if (field) {
        ParseState& state = state_of(ctx);
        state.diagnostics->push_back({Severity::error, "duplicate-setting", _attr(ctx).span, {}});
    }
    field = std::move(_attr(ctx));
};

auto const program_setting = (kw_fiscal_year > fiscal_year[set_once<&ast::ProgramDecl::fiscal_year>]) |
                             (kw_period > date_literal[set_once<&ast::ProgramDecl::period_start>] > dot_dot >
                              date_literal[set<&ast::ProgramDecl::period_end>]) |
                             (kw_reference_date > name[set_once<&ast::ProgramDecl::reference_date>]) |
                             source[push<&ast::ProgramDecl::sources>];

auto const program_decl_def = node_begin[set_begin] >> kw_program > name[set<&ast::ProgramDecl::name>] >
                              -string_literal[set<&ast::ProgramDecl::title>] > open_brace >
                              *(program_setting >> -separator) > close_brace > node_end[set_end];

auto const enum_decl_def = node_begin[set_begin] >> kw_enum > name[set<&ast::EnumDecl::name>] > open_brace >
                           -(name[push<&ast::EnumDecl::values>] % separator) > -separator > close_brace >
                           node_end[set_end];

auto const record_decl_def =
    node_begin[set_begin] >> kw_record > name[set<&ast::RecordDecl::name>] > field_list > node_end[set_end];
auto const input_decl_def =
    node_begin[set_begin] >> kw_input > name[set<&ast::InputDecl::name>] > input_field_list > node_end[set_end];

auto const table_entry_def = node_begin[set_begin] >> name[set<&ast::TableEntry::key>] > colon >
                             expression_handle[set<&ast::TableEntry::value>] > node_end[set_end];

auto const param_body_def = (equals > expression_handle[set<&ast::ParamDecl::value>]) |
                            (open_brace > *(table_entry[push<&ast::ParamDecl::table>] >> -separator) > close_brace) |
                            (kw_required[flag<&ast::ParamDecl::required>] >>
                             -string_literal[set<&ast::ParamDecl::explanation>]);

// The body is parsed into a ParamDecl of its own (a named rule, for a clear "expected" message) and
// merged into the declaration by an action on the whole sequence, whose attribute ends with it.
inline auto const merge_param_body = [](auto& ctx) {
    ast::ParamDecl& body = boost::fusion::back(_attr(ctx));
    _val(ctx).value = std::move(body.value);
    _val(ctx).table = std::move(body.table);
    _val(ctx).required = body.required;
    _val(ctx).explanation = std::move(body.explanation);
};

auto const param_decl_def = (node_begin[set_begin] >> kw_param > name[set<&ast::ParamDecl::name>] > colon >
                             type_ref[set<&ast::ParamDecl::type>] > -(kw_by > name[set<&ast::ParamDecl::key_enum>]) >
                             -citation[set<&ast::ParamDecl::citation>] > param_body)[merge_param_body] >
                            node_end[set_end];

auto const category_item_def = node_begin[set_begin] >> name[set<&ast::CategoryItem::name>] >
                               -(kw_ineligible[flag<&ast::CategoryItem::ineligible>] >>
                                 -string_literal[set<&ast::CategoryItem::reason>]) >
                               -citation[set<&ast::CategoryItem::citation>] > node_end[set_end];

auto const category_decl_def = node_begin[set_begin] >> kw_category > name[set<&ast::CategoryDecl::name>] >
                               -citation[set<&ast::CategoryDecl::citation>] > open_brace >
                               *(category_item[push<&ast::CategoryDecl::items>] >> -separator) > close_brace >
                               node_end[set_end];

// ① … ⑳, ㉑ … ㊿, or (1) / （1）.
auto const marker_def = x3::raw[x3::lexeme[char_(U'\u2460', U'\u2473') | char_(U'\u3251', U'\u325F') |
                                           char_(U'\u32B1', U'\u32BF') |
                                           ((lit(U"(") | lit(U"（")) >> +digit >> (lit(U")") | lit(U"）")))]]
                                           [([](auto& ctx) { _val(ctx) = std::u32string(_attr(ctx).begin(), _attr(ctx).end()); })];

inline auto const set_unless = [](auto& ctx) {
    _val(ctx).applicability = ast::Condition::Applicability::unless;
    _val(ctx).applies = std::move(_attr(ctx));
};
inline auto const set_when = [](auto& ctx) {
    _val(ctx).applicability = ast::Condition::Applicability::when;
    _val(ctx).applies = std::move(_attr(ctx));
};

auto const condition_def = node_begin[set_begin] >> -marker[set<&ast::Condition::marker>] >>
                           string_literal[set<&ast::Condition::label>] > -citation[set<&ast::Condition::citation>] >
                           -((kw_unless > expression_handle[set_unless]) | (kw_when > expression_handle[set_when])) >
                           colon > expression_handle[set<&ast::Condition::test>] > node_end[set_end];

auto const eligibility_decl_def = node_begin[set_begin] >> kw_eligibility > name[set<&ast::EligibilityDecl::name>] >
                                  -kw_any[flag<&ast::EligibilityDecl::any_of>] >
                                  -citation[set<&ast::EligibilityDecl::citation>] > open_brace >
                                  *(condition[push<&ast::EligibilityDecl::conditions>] >> -separator) > close_brace >
                                  node_end[set_end];

auto const value_decl_def = node_begin[set_begin] >>
                            (kw_value | kw_amount[flag<&ast::ValueDecl::is_amount>]) > name[set<&ast::ValueDecl::name>] >
                            colon > type_ref[set<&ast::ValueDecl::type>] > -citation[set<&ast::ValueDecl::citation>] >
                            equals > expression_handle[set<&ast::ValueDecl::expression>] > node_end[set_end];

auto const check_decl_def = node_begin[set_begin] >> kw_check > -(kw_error | kw_warning[flag<&ast::CheckDecl::is_warning>]) >
                            string_literal[set<&ast::CheckDecl::label>] > -citation[set<&ast::CheckDecl::citation>] >
                            colon > expression_handle[set<&ast::CheckDecl::test>] > node_end[set_end];

auto const document_decl_def = node_begin[set_begin] >> kw_document > string_literal[set<&ast::DocumentDecl::label>] >
                               -citation[set<&ast::DocumentDecl::citation>] >
                               -(kw_when > expression_handle[set<&ast::DocumentDecl::when>]) >
                               -(kw_due > string_literal[set<&ast::DocumentDecl::due>]) > node_end[set_end];

auto const note_decl_def = node_begin[set_begin] >> kw_note > string_literal[set<&ast::NoteDecl::text>] >
                           -citation[set<&ast::NoteDecl::citation>] > node_end[set_end];

auto const declaration_body = program_decl[assign] | enum_decl[assign] | record_decl[assign] | input_decl[assign] |
                             param_decl[assign] | category_decl[assign] | eligibility_decl[assign] |
                             value_decl[assign] | check_decl[assign] | document_decl[assign] | note_decl[assign];

BOOST_SPIRIT_DEFINE(citation, citation_close, type_ref, field, source, fiscal_year, program_decl, enum_decl, record_decl, input_decl,
                    table_entry, param_decl, category_item, category_decl, condition, marker, eligibility_decl,
                    value_decl, check_decl, document_decl, note_decl, open_brace, close_brace, colon, equals,
                    param_body, open_angle, close_angle, dot_dot)

}  // namespace program_grammar

// The declaration rule; its ID lives in this namespace (program.hpp), so it is defined here.
declaration_type const declaration = "@declaration";
auto const declaration_def = program_grammar::declaration_body;
BOOST_SPIRIT_DEFINE(declaration)

}  // namespace kisoku::syntax

#if defined(__clang__)
#pragma clang diagnostic pop
#endif
