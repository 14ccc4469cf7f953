// src/syntax/keywords.hpp — the contextual keywords of rule files, shared by both grammars.
//
// Declaration keywords are not reserved words: 金額 or 期間 may name a field. But a declaration
// keyword at the very start of a line (column 1) always starts a new declaration, so that an
// unfinished formula cannot swallow the next declaration; continuation lines are indented.
#pragma once

#include "lexical.hpp"

namespace kisoku::syntax::keywords {

using lexical::keyword;

auto const kw_program = keyword(U"program", U"制度");
auto const kw_enum = keyword(U"enum", U"列挙");
auto const kw_record = keyword(U"record", U"記録");
auto const kw_input = keyword(U"input", U"入力");
auto const kw_param = keyword(U"param", U"定数");
auto const kw_category = keyword(U"category", U"区分");
auto const kw_eligibility = keyword(U"eligibility", U"要件");
auto const kw_value = keyword(U"value", U"値");
auto const kw_amount = keyword(U"amount", U"金額");
auto const kw_check = keyword(U"check", U"確認");
auto const kw_document = keyword(U"document", U"書類");
auto const kw_note = keyword(U"note", U"注記");
auto const kw_fiscal_year = keyword(U"fiscal_year", U"年度");
auto const kw_period = keyword(U"period", U"期間");
auto const kw_source = keyword(U"source", U"出典");
auto const kw_reference_date = keyword(U"reference_date", U"基準日");
auto const kw_by = keyword(U"by", U"ごと");
auto const kw_required = keyword(U"required", U"必須");
auto const kw_ineligible = keyword(U"ineligible", U"対象外");
auto const kw_any = keyword(U"any", U"いずれか");
auto const kw_unless = keyword(U"unless", U"除く");
auto const kw_when = keyword(U"when", U"場合");
auto const kw_error = keyword(U"error", U"エラー");
auto const kw_warning = keyword(U"warning", U"警告");
auto const kw_due = keyword(U"due", U"期限");
auto const kw_list = keyword(U"list", U"一覧");

// Every keyword that can start a declaration.
auto const declaration_keyword = kw_program | kw_enum | kw_record | kw_input | kw_param | kw_category |
                                 kw_eligibility | kw_value | kw_amount | kw_check | kw_document | kw_note;

// Succeeds, consuming nothing, when the next token (after skipping) starts a line at column 1.
struct at_line_start_parser : x3::parser<at_line_start_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute&) const {
        Iterator at = first;
        x3::skip_over(at, last, context);
        ParseState const& state = x3::get<parse_state_tag>(context);
        return at == state.begin || *(at - 1) == U'\n';
    }
};
inline constexpr at_line_start_parser at_line_start{};

// A declaration keyword at column 1: the end of whatever came before.
auto const declaration_start = at_line_start >> declaration_keyword;

}  // namespace kisoku::syntax::keywords
