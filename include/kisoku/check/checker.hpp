// kisoku/check/checker.hpp — the checking stage: from a parsed rule file to a checked program.
//
// The checker resolves every name (with a did-you-mean suggestion for typos), infers and checks
// the type of every expression (units of money included), rejects definitions that depend on
// themselves, warns about definitions nothing uses, and enforces the rounding discipline: an amount
// of yen that may carry a fraction of a yen cannot become a yen result without an explicit rounding.
// All problems are collected; nothing is thrown for bad input.
#pragma once

#include "kisoku/check/types.hpp"
#include "kisoku/date.hpp"
#include "kisoku/detail/spelling.hpp"
#include "kisoku/diagnostic.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/rounding.hpp"
#include "kisoku/syntax/ast.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kisoku::check {

// A program that passed the checker: its AST and the symbols it declares.
struct CheckedProgram {
    ast::RuleFile file;
    std::u32string name;
    int fiscal_year = 0;
    Date period_start, period_end;
    std::u32string reference_date;  // The input field placing an application in a fiscal year; may be empty.
    std::vector<EnumInfo> enums;
    std::vector<RecordInfo> records;
    std::vector<GlobalInfo> globals;
};

struct CheckResult {
    std::optional<CheckedProgram> program;  // Present when there is no error (warnings allowed).
    std::vector<Diagnostic> diagnostics;
};

namespace detail {

inline std::string quote(std::u32string_view name) { return "'" + encode_utf8(name) + "'"; }

// A map from names to T that is searched with a std::u32string_view, without building a string.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::u32string_view name) const noexcept { return std::hash<std::u32string_view>{}(name); }
};
template <typename T>
using NameMap = std::unordered_map<std::u32string, T, NameHash, std::equal_to<>>;

// The built-in scalar types, by their English and Japanese names.
inline std::optional<Kind> builtin_type(std::u32string_view name) {
    struct Entry {
        std::u32string_view name;
        Kind kind;
    };
    static constexpr Entry entries[] = {
        {U"bool", Kind::boolean}, {U"真偽値", Kind::boolean}, {U"int", Kind::number},  {U"整数", Kind::number},
        {U"number", Kind::number}, {U"数値", Kind::number},   {U"yen", Kind::yen},     {U"円", Kind::yen},
        {U"date", Kind::date},     {U"日付", Kind::date},     {U"text", Kind::text},   {U"文字列", Kind::text},
        {U"period", Kind::period}, {U"期間", Kind::period},
    };
    for (auto const& e : entries)
        if (e.name == name) return e.kind;
    return std::nullopt;
}

class Checker {
public:
    Checker(ast::RuleFile const& file) : file_(file) {}

    CheckResult run() {
        collect_types();
        collect_globals();
        check_declarations();
        check_cycles();
        check_unused();
        CheckResult result;
        result.diagnostics = std::move(diagnostics_);
        if (!has_errors(result.diagnostics)) {
            CheckedProgram program;
            program.file = file_;
            program.name = program_name_;
            program.fiscal_year = fiscal_year_;
            program.period_start = period_start_;
            program.period_end = period_end_;
            program.reference_date = reference_date_;
            program.enums = std::move(enums_);
            program.records = std::move(records_);
            program.globals = std::move(globals_);
            result.program = std::move(program);
        }
        return result;
    }

private:
    // ---------------------------------------------------------------------------------------
    // Reporting.
    void report(Severity severity, std::string_view code, SourceSpan span, std::vector<std::string> args = {}) {
        diagnostics_.push_back({severity, code, span, std::move(args)});
    }
    void error(std::string_view code, SourceSpan span, std::vector<std::string> args = {}) {
        report(Severity::error, code, span, std::move(args));
    }
    void suggest(std::u32string_view name, SourceSpan span, std::vector<std::u32string_view> const& candidates) {
        auto best = kisoku::detail::closest_match(name, candidates);
        if (!best.empty()) report(Severity::note, "did-you-mean", span, {quote(best)});
    }

    // The catalogue term for a type, for messages.
    std::string term(Type const& t) const {
        switch (t.kind) {
            case Kind::boolean: return "@bool";
            case Kind::number: return "@number";
            case Kind::yen: return "@yen";
            case Kind::date: return "@date";
            case Kind::text: return "@text";
            case Kind::period: return "@period";
            case Kind::enumeration: return quote(enums_[static_cast<std::size_t>(t.id)].name);
            case Kind::record: return quote(records_[static_cast<std::size_t>(t.id)].name);
            case Kind::list: return "@list";
            case Kind::table: return "@table";
            case Kind::error: return "?";
        }
        return "?";
    }

    // ---------------------------------------------------------------------------------------
    // Declarations of types: enums, categories, records.
    // Types (enums, categories, records, the input) and values (input fields, parameters, values,
    // amounts) have separate namespaces: an input field 活動種別 may have the enum type 活動種別.
    void define_type_name(std::u32string const& name, SourceSpan span) { define_in(defined_types_, name, span); }
    void define_name(std::u32string const& name, SourceSpan span) { define_in(defined_, name, span); }
    void define_in(std::map<std::u32string, SourceSpan>& names, std::u32string const& name, SourceSpan span) {
        auto [it, inserted] = names.emplace(name, span);
        if (!inserted) {
            error("duplicate-definition", span, {quote(name)});
            report(Severity::note, "first-defined-here", it->second, {quote(name)});
        }
    }

    void collect_types() {
        for (auto const& declaration : file_.declarations) {
            if (auto const* e = boost::get<ast::EnumDecl>(&declaration.get())) {
                define_type_name(e->name.text, e->name.span);
                EnumInfo info{e->name.text, e->name.span, false, {}, {}, {}, false};
                for (auto const& v : e->values) add_enum_value(info, v.text, v.span, true);
                add_enum(std::move(info));
            } else if (auto const* c = boost::get<ast::CategoryDecl>(&declaration.get())) {
                define_type_name(c->name.text, c->name.span);
                EnumInfo info{c->name.text, c->name.span, true, {}, {}, {}, false};
                for (auto const& item : c->items) add_enum_value(info, item.name.text, item.name.span, !item.ineligible);
                add_enum(std::move(info));
            } else if (auto const* r = boost::get<ast::RecordDecl>(&declaration.get())) {
                define_type_name(r->name.text, r->name.span);
                record_index_.emplace(r->name.text, static_cast<int>(records_.size()));
                records_.push_back(RecordInfo{r->name.text, r->name.span, {}, false});
            }
        }
        // Field types may name any enum or record, declared before or after.
        std::size_t record = 0;
        for (auto const& declaration : file_.declarations)
            if (auto const* r = boost::get<ast::RecordDecl>(&declaration.get()))
                records_[record++].fields = resolve_fields(r->fields, true);
    }

    void add_enum(EnumInfo info) {
        int const index = static_cast<int>(enums_.size());
        enum_index_.emplace(info.name, index);
        for (auto const& value : info.values) {
            auto& owners = enum_value_owners_[value];
            owners.last = index;
            ++owners.count;
        }
        enums_.push_back(std::move(info));
    }

    void add_enum_value(EnumInfo& info, std::u32string const& value, SourceSpan span, bool eligible) {
        for (std::size_t i = 0; i < info.values.size(); ++i)
            if (info.values[i] == value) {
                error("duplicate-definition", span, {quote(value)});
                report(Severity::note, "first-defined-here", info.value_spans[i], {quote(value)});
                return;
            }
        info.values.push_back(value);
        info.value_spans.push_back(span);
        info.eligible.push_back(eligible);
    }

    // The fields with their types. Input fields become global names, whose duplicates are reported
    // when they are defined, so `report_duplicates` is false for them.
    std::vector<FieldInfo> resolve_fields(std::vector<ast::Field> const& fields, bool report_duplicates) {
        std::vector<FieldInfo> out;
        for (auto const& f : fields) {
            if (report_duplicates)
                for (auto const& earlier : out)
                    if (earlier.name == f.name.text) {
                        error("duplicate-definition", f.name.span, {quote(f.name.text)});
                        report(Severity::note, "first-defined-here", earlier.span, {quote(f.name.text)});
                    }
            out.push_back(FieldInfo{f.name.text, f.name.span, resolve_type(f.type), f.required,
                                    f.label ? f.label->text : std::u32string()});
        }
        return out;
    }

    int find_enum(std::u32string_view name) const {
        auto it = enum_index_.find(name);
        return it == enum_index_.end() ? -1 : it->second;
    }
    int find_record(std::u32string_view name) const {
        auto it = record_index_.find(name);
        return it == record_index_.end() ? -1 : it->second;
    }

    Type resolve_type(ast::TypeRef const& ref) {
        Type element;
        if (auto builtin = builtin_type(ref.name.text)) {
            element = Type::of(*builtin);
            // An int field holds integers; a number field may hold fractions.
            element.whole = ref.name.text == U"int" || ref.name.text == U"整数" || *builtin != Kind::number;
        } else if (int e = find_enum(ref.name.text); e >= 0) {
            element = Type::of(Kind::enumeration);
            element.id = e;
            enums_[static_cast<std::size_t>(e)].used = true;
        } else if (int r = find_record(ref.name.text); r >= 0) {
            element = Type::of(Kind::record);
            element.id = r;
            records_[static_cast<std::size_t>(r)].used = true;
        } else {
            error("unknown-type", ref.name.span, {quote(ref.name.text)});
            std::vector<std::u32string_view> names = {U"bool", U"int", U"number", U"yen", U"date", U"text", U"period"};
            for (auto const& declared : enums_) names.push_back(declared.name);
            for (auto const& declared : records_) names.push_back(declared.name);
            suggest(ref.name.text, ref.name.span, names);
            return Type{};
        }
        if (!ref.is_list) return element;
        if (element.kind != Kind::record && element.kind != Kind::enumeration) {
            error("list-of-scalars", ref.span, {quote(ref.name.text)});
            return Type{};
        }
        Type list = Type::of(Kind::list);
        list.element = element.kind;
        list.id = element.id;
        return list;
    }

    // ---------------------------------------------------------------------------------------
    // Global names: input fields, parameters, values and amounts.
    void add_global(GlobalInfo info) {
        define_name(info.name, info.span);
        global_index_.emplace(info.name, static_cast<int>(globals_.size()));
        globals_.push_back(std::move(info));
    }

    void collect_globals() {
        bool seen_input = false;
        declaration_global_.assign(file_.declarations.size(), -1);
        for (std::size_t index = 0; index < file_.declarations.size(); ++index) {
            auto const& declaration = file_.declarations[index].get();
            if (auto const* p = boost::get<ast::ProgramDecl>(&declaration)) {
                check_program_header(*p);
            } else if (auto const* in = boost::get<ast::InputDecl>(&declaration)) {
                if (seen_input) error("duplicate-input", in->name.span, {});
                seen_input = true;
                define_type_name(in->name.text, in->name.span);
                for (auto const& f : resolve_fields(in->fields, false))
                    add_global({GlobalInfo::Role::input_field, f.name, f.span, f.type, index, false, {}, f.required, f.label});
            } else if (auto const* param = boost::get<ast::ParamDecl>(&declaration)) {
                Type type = resolve_type(param->type);
                if (param->key_enum) {
                    int key = find_enum(param->key_enum->text);
                    if (key < 0) {
                        error("unknown-type", param->key_enum->span, {quote(param->key_enum->text)});
                        type = Type{};
                    } else if (!type.is_error()) {
                        enums_[static_cast<std::size_t>(key)].used = true;
                        Type table = Type::of(Kind::table, type.whole);
                        table.id = key;
                        table.element = type.kind;
                        type = table;
                    }
                }
                declaration_global_[index] = static_cast<int>(globals_.size());
                add_global({GlobalInfo::Role::param, param->name.text, param->name.span, type, index, false, {}, false, {}});
            } else if (auto const* v = boost::get<ast::ValueDecl>(&declaration)) {
                declaration_global_[index] = static_cast<int>(globals_.size());
                add_global({v->is_amount ? GlobalInfo::Role::amount : GlobalInfo::Role::value, v->name.text,
                            v->name.span, resolve_type(v->type), index, v->is_amount, {}, false, {}});
            }
        }
        if (!seen_program_) error("missing-program", {0, 0}, {});
        if (reference_date_span_) {
            int g = find_global(reference_date_);
            if (g < 0 || globals_[static_cast<std::size_t>(g)].role != GlobalInfo::Role::input_field ||
                globals_[static_cast<std::size_t>(g)].type.kind != Kind::date) {
                error("reference-date-not-input", *reference_date_span_, {quote(reference_date_)});
            } else {
                globals_[static_cast<std::size_t>(g)].used = true;
            }
        }
    }

    void check_program_header(ast::ProgramDecl const& p) {
        if (seen_program_) {
            error("duplicate-program", p.name.span, {quote(p.name.text), quote(program_name_)});
            return;
        }
        seen_program_ = true;
        program_name_ = p.name.text;
        if (p.reference_date) {
            reference_date_ = p.reference_date->text;
            reference_date_span_ = p.reference_date->span;
        }
        for (auto const& source : p.sources) sources_.push_back(source.name.text);
        if (!p.fiscal_year) {
            error("missing-fiscal-year", p.name.span, {quote(p.name.text)});
        } else {
            std::u32string const& text = p.fiscal_year->text;
            int year = 0;
            for (auto const& era : japanese_eras)
                if (text.rfind(era.name, 0) == 0) {
                    std::u32string_view rest = std::u32string_view(text).substr(era.name.size());
                    int era_year = rest.rfind(U"元", 0) == 0 ? 1 : 0;
                    for (char32_t c : rest) {
                        int d = kisoku::detail::literal_digit(c);
                        if (d < 0) break;
                        era_year = std::min(era_year * 10 + d, 100000);  // Capped: any more is invalid anyway.
                    }
                    year = gregorian_year(era, era_year);
                }
            if (year == 0)
                for (char32_t c : text) {
                    int d = kisoku::detail::literal_digit(c);
                    if (d < 0) break;  // 2025年度: the digits are the year.
                    year = std::min(year * 10 + d, 100000);  // Capped: any more is invalid anyway.
                }
            if (year < 1900 || year > 9998) {
                error("invalid-fiscal-year", p.fiscal_year->span, {encode_utf8(text)});
                year = 2000;
            }
            fiscal_year_ = year;
        }
        period_start_ = fiscal_year_start(fiscal_year_ ? fiscal_year_ : 2000);
        period_end_ = fiscal_year_end(fiscal_year_ ? fiscal_year_ : 2000);
        if (p.period_start && p.period_end) {
            auto start = parse_date(p.period_start->text), end = parse_date(p.period_end->text);
            if (!start) error("invalid-date", p.period_start->span, {quote(p.period_start->text)});
            if (!end) error("invalid-date", p.period_end->span, {quote(p.period_end->text)});
            if (start && end) {
                if (*end < *start) error("period-order", p.period_end->span, {start->to_string(), end->to_string()});
                period_start_ = *start;
                period_end_ = *end;
            }
        }
    }

    // The global a declaration defines (parameters, values, amounts), or -1.
    int global_of_declaration(std::ptrdiff_t declaration) const {
        auto const index = static_cast<std::size_t>(declaration);
        return index < declaration_global_.size() ? declaration_global_[index] : -1;
    }

    int find_global(std::u32string_view name) const {
        auto it = global_index_.find(name);
        return it == global_index_.end() ? -1 : it->second;
    }

    // ---------------------------------------------------------------------------------------
    // Expressions.

    // The record whose fields are in scope inside `where` conditions and per-item arguments
    // (-1: the items are enum values, with no fields; unknown_scope: not a list, already reported).
    static constexpr int unknown_scope = -2;
    std::vector<int> item_scopes_;
    // The global whose definition is being checked (its references become dependencies).
    int current_global_ = -1;

    Type expect(ast::Expression const& e, Kind kind, std::string const& what) {
        Type t = infer(e);
        if (!t.is_error() && t.kind != kind) {
            if (kind == Kind::boolean)
                error("not-a-condition", ast::span_of(e), {what, term(t)});
            else
                error("type-mismatch", ast::span_of(e), {what, term(Type::of(kind)), term(t)});
            return Type{};
        }
        return t;
    }

    Type infer(ast::Expression const& e) {
        return boost::apply_visitor([this](auto const& node) -> Type { return this->visit(node); }, e.get());
    }
    template <typename T>
    Type visit(ast::x3::forward_ast<T> const& node) {
        return visit(node.get());
    }

    Type visit(ast::Literal const& literal) {
        auto parsed = parse_literal(literal.text);
        if (auto const* e = std::get_if<LiteralError>(&parsed)) {
            error(e->code, {literal.span.begin + e->begin, literal.span.begin + std::max(e->end, e->begin + 1)}, e->args);
            return Type{};
        }
        auto const& value = std::get<LiteralValue>(parsed);
        Type t = Type::of(value.is_yen ? Kind::yen : Kind::number, value.value.is_integer());
        if (!t.whole) t.fraction_at = literal.span;
        t.constant = value.value;
        return t;
    }
    Type visit(ast::DateLiteral const& literal) {
        if (!parse_date(literal.text)) {
            error("invalid-date", literal.span, {quote(literal.text)});
            return Type{};
        }
        return Type::of(Kind::date);
    }
    Type visit(ast::StringLiteral const&) { return Type::of(Kind::text); }

    // A name's type; for a number that may have a fraction, the name is where the fraction comes from.
    Type visit(ast::Name const& name) {
        Type t = resolve_name(name);
        if (!t.whole && t.fraction_at == SourceSpan{}) t.fraction_at = name.span;
        return t;
    }

    Type resolve_name(ast::Name const& name) {
        // Fields of the current item, innermost first. Inside a comprehension over something that is
        // not a list (already reported), names are not reported again.
        for (auto it = item_scopes_.rbegin(); it != item_scopes_.rend(); ++it) {
            if (*it == unknown_scope) return Type{};
            if (*it < 0) continue;
            if (auto const* f = records_[static_cast<std::size_t>(*it)].find(name.text)) {
                if (find_global(name.text) >= 0)
                    report(Severity::warning, "shadowed-name", name.span,
                           {quote(name.text), quote(records_[static_cast<std::size_t>(*it)].name)});
                return f->type;
            }
        }
        if (int g = find_global(name.text); g >= 0) {
            globals_[static_cast<std::size_t>(g)].used = true;
            if (current_global_ >= 0)
                globals_[static_cast<std::size_t>(current_global_)].depends_on.push_back(static_cast<std::size_t>(g));
            // A parameter's or value's type is refined by its definition (whether it is whole, its
            // constant value), so the definition is checked before its first use.
            ensure_checked(static_cast<std::size_t>(g));
            return globals_[static_cast<std::size_t>(g)].type;
        }
        if (name.text == U"true" || name.text == U"真" || name.text == U"false" || name.text == U"偽")
            return Type::of(Kind::boolean);
        // A bare enum value, when exactly one enum has it.
        int found = -1, count = 0;
        if (auto it = enum_value_owners_.find(name.text); it != enum_value_owners_.end()) {
            found = it->second.last;
            count = it->second.count;
        }
        if (count == 1) {
            enums_[static_cast<std::size_t>(found)].used = true;
            Type t = Type::of(Kind::enumeration);
            t.id = found;
            return t;
        }
        if (count > 1) {
            std::string owners, example;
            for (auto const& en : enums_)
                for (auto const& v : en.values)
                    if (v == name.text) {
                        owners += (owners.empty() ? "" : ", ") + quote(en.name);
                        if (example.empty()) example = encode_utf8(en.name) + "." + encode_utf8(name.text);
                    }
            error("ambiguous-enum-value", name.span, {quote(name.text), owners, example});
            return Type{};
        }
        error("unknown-name", name.span, {quote(name.text)});
        std::vector<std::u32string_view> candidates;
        for (int scope : item_scopes_)
            if (scope >= 0)
                for (auto const& f : records_[static_cast<std::size_t>(scope)].fields) candidates.push_back(f.name);
        for (auto const& g : globals_) candidates.push_back(g.name);
        for (auto const& en : enums_)
            for (auto const& v : en.values) candidates.push_back(v);
        suggest(name.text, name.span, candidates);
        return Type{};
    }

    Type visit(ast::Unary const& unary) {
        if (unary.op == ast::UnaryOp::logical_not) {
            expect(unary.operand, Kind::boolean, "@kw-not");
            return Type::of(Kind::boolean);
        }
        Type t = infer(unary.operand);
        if (!t.is_error() && !t.is_arithmetic()) {
            error("not-a-number", unary.span, {"'-'", term(t)});
            return Type{};
        }
        if (t.constant && unary.op == ast::UnaryOp::negate) t.constant = -*t.constant;
        return t;
    }

    Type visit(ast::Binary const& b) {
        std::string op_name = operator_name(b.op);
        if (b.op == ast::BinaryOp::logical_and || b.op == ast::BinaryOp::logical_or) {
            expect(b.left, Kind::boolean, op_name);
            expect(b.right, Kind::boolean, op_name);
            return Type::of(Kind::boolean);
        }
        if (b.op == ast::BinaryOp::member_of) return membership(b);
        Type l = infer(b.left), r = infer(b.right);
        if (l.is_error() || r.is_error()) return ast::is_comparison(b.op) ? Type::of(Kind::boolean) : Type{};
        if (ast::is_comparison(b.op)) {
            bool equality = b.op == ast::BinaryOp::equal || b.op == ast::BinaryOp::not_equal;
            if (!l.same_as(r)) {
                error("unit-mismatch", b.op_span,
                      {"@compare", term(l), term(r),
                       l.kind == Kind::yen || r.kind == Kind::yen ? "@hint-yen" : "@hint-same-unit"});
            } else if (!equality && !(l.is_arithmetic() || l.kind == Kind::date)) {
                error("not-a-number", b.op_span, {op_name, term(l)});
            }
            return Type::of(Kind::boolean);
        }
        if (!l.is_arithmetic()) {
            error("not-a-number", b.op_span, {op_name, term(l)});
            return Type{};
        }
        if (!r.is_arithmetic()) {
            error("not-a-number", b.op_span, {op_name, term(r)});
            return Type{};
        }
        Type result;
        switch (b.op) {
            case ast::BinaryOp::add:
            case ast::BinaryOp::subtract:
                if (l.kind != r.kind) {
                    error("unit-mismatch", b.op_span,
                          {b.op == ast::BinaryOp::add ? "@add" : "@subtract", term(l), term(r), "@hint-yen"});
                    return Type{};
                }
                result = Type::of(l.kind, l.whole && r.whole);
                break;
            case ast::BinaryOp::multiply:
                if (l.kind == Kind::yen && r.kind == Kind::yen) {
                    error("yen-times-yen", b.op_span);
                    return Type{};
                }
                result = Type::of(l.kind == Kind::yen || r.kind == Kind::yen ? Kind::yen : Kind::number, l.whole && r.whole);
                if (!result.whole && l.whole && r.whole) result.fraction_at = b.op_span;
                break;
            case ast::BinaryOp::divide:
                if (l.kind == Kind::number && r.kind == Kind::yen) {
                    error("divide-by-yen", b.op_span);
                    return Type{};
                }
                // A quotient may have a fraction, whatever its operands.
                result = Type::of(l.kind == Kind::yen && r.kind == Kind::number ? Kind::yen : Kind::number, false);
                break;
            default: return Type{};
        }
        if (b.op == ast::BinaryOp::divide && r.constant && r.constant->is_zero()) {
            error("division-by-zero", b.op_span);
            return Type{};
        }
        if (l.constant && r.constant) {
            switch (b.op) {
                case ast::BinaryOp::add: result.constant = *l.constant + *r.constant; break;
                case ast::BinaryOp::subtract: result.constant = *l.constant - *r.constant; break;
                case ast::BinaryOp::multiply: result.constant = *l.constant * *r.constant; break;
                default: result.constant = *l.constant / *r.constant; break;
            }
            // A constant's value says exactly whether it is whole: 1/1 is, 1/3 is not.
            result.whole = result.constant->is_integer();
        }
        if (!result.whole && result.fraction_at == SourceSpan{}) {
            if (!l.whole)
                result.fraction_at = l.fraction_at;
            else if (!r.whole)
                result.fraction_at = r.fraction_at;
            else
                result.fraction_at = b.op_span;
        }
        return result;
    }

    Type membership(ast::Binary const& b) {
        Type value = infer(b.left);
        auto const& right = b.right.get();
        auto check_item = [&](ast::Expression const& item) {
            Type t = infer(item);
            if (!value.is_error() && !t.is_error() && !value.same_as(t))
                error("unit-mismatch", ast::span_of(item), {"@compare", term(value), term(t), "@hint-same-unit"});
        };
        if (auto const* set = boost::get<ast::x3::forward_ast<ast::SetLiteral>>(&right)) {
            for (auto const& item : set->get().items) check_item(item);
        } else if (auto const* range = boost::get<ast::x3::forward_ast<ast::Range>>(&right)) {
            check_item(range->get().low);
            check_item(range->get().high);
            if (!value.is_error() && !value.is_arithmetic() && value.kind != Kind::date)
                error("not-a-number", b.op_span, {"'..'", term(value)});
        } else {
            Type t = infer(b.right);
            if (t.kind == Kind::period) {
                if (!value.is_error() && value.kind != Kind::date)
                    error("type-mismatch", ast::span_of(b.left), {"'in'", "@date", term(value)});
            } else if (!t.is_error()) {
                error("not-a-collection", ast::span_of(b.right));
            }
        }
        return Type::of(Kind::boolean);
    }

    Type visit(ast::Conditional const& c) {
        expect(c.condition, Kind::boolean, "@kw-if");
        Type a = infer(c.then_branch), b = infer(c.else_branch);
        if (a.is_error() || b.is_error()) return Type{};
        if (!a.same_as(b)) {
            error("branch-mismatch", ast::span_of(c.else_branch), {term(a), term(b)});
            return Type{};
        }
        a.whole = a.whole && b.whole;
        if (!a.whole && a.fraction_at == SourceSpan{}) a.fraction_at = b.fraction_at;
        return a;
    }

    Type visit(ast::Member const& m) {
        // 活動種別.準備枠: a value of an enum named explicitly (even when a value has the enum's name).
        if (auto const* name = boost::get<ast::Name>(&m.object.get())) {
            if (int e = find_enum(name->text); e >= 0) {
                auto& info = enums_[static_cast<std::size_t>(e)];
                for (auto const& v : info.values)
                    if (v == m.field.text) {
                        info.used = true;
                        Type t = Type::of(Kind::enumeration);
                        t.id = e;
                        return t;
                    }
            }
            // A name that is an enum's and not a record's: a misspelt value of that enum.
            int const g = find_global(name->text);
            bool const record_value = g >= 0 && globals_[static_cast<std::size_t>(g)].type.kind == Kind::record;
            if (int e = find_enum(name->text); e >= 0 && !record_value) {
                auto& info = enums_[static_cast<std::size_t>(e)];
                error("unknown-enum-value", m.field.span, {quote(m.field.text), quote(info.name)});
                std::vector<std::u32string_view> values(info.values.begin(), info.values.end());
                suggest(m.field.text, m.field.span, values);
                return Type{};
            }
        }
        Type object = infer(m.object);
        if (object.is_error()) return Type{};
        if (object.kind != Kind::record) {
            error("not-a-record", ast::span_of(m.object), {term(object), quote(m.field.text)});
            return Type{};
        }
        auto const& record = records_[static_cast<std::size_t>(object.id)];
        if (auto const* f = record.find(m.field.text)) return f->type;
        error("unknown-field", m.field.span, {quote(m.field.text), quote(record.name)});
        std::vector<std::u32string_view> names;
        for (auto const& f : record.fields) names.push_back(f.name);
        suggest(m.field.text, m.field.span, names);
        return Type{};
    }

    Type visit(ast::Index const& index) {
        Type table = infer(index.table);
        Type key = infer(index.key);
        if (table.is_error()) return Type{};
        if (table.kind != Kind::table) {
            error("not-a-table", ast::span_of(index.table), {term(table)});
            return Type{};
        }
        if (!key.is_error() && !(key.kind == Kind::enumeration && key.id == table.id))
            error("type-mismatch", ast::span_of(index.key),
                  {"'[ ]'", quote(enums_[static_cast<std::size_t>(table.id)].name), term(key)});
        Type result = Type::of(table.element, table.whole);
        if (!result.whole) result.fraction_at = index.span;
        return result;
    }

    Type visit(ast::SetLiteral const& s) {
        error("set-outside-in", s.span);
        return Type{};
    }
    // A range of dates is a period (対象期間); other ranges only follow `in`.
    Type visit(ast::Range const& r) {
        Type low = infer(r.low), high = infer(r.high);
        if (low.is_error() || high.is_error()) return Type{};
        if (low.kind == Kind::date && high.kind == Kind::date) {
            auto const* from = boost::get<ast::DateLiteral>(&r.low.get());
            auto const* to = boost::get<ast::DateLiteral>(&r.high.get());
            if (from && to) {
                auto start = parse_date(from->text), end = parse_date(to->text);
                if (start && end && *end < *start)
                    error("period-order", to->span, {start->to_string(), end->to_string()});
            }
            return Type::of(Kind::period);
        }
        error("set-outside-in", r.span);
        return Type{};
    }

    // The element record of a list expression (-1 for a list of enum values), or nullopt when it
    // is not a list (reported).
    std::optional<int> list_scope(Type const& list, ast::Expression const& e, std::string const& what) {
        if (list.is_error()) return std::nullopt;
        if (list.kind != Kind::list) {
            error("not-a-list", ast::span_of(e), {what, term(list)});
            return std::nullopt;
        }
        return list.element == Kind::record ? list.id : -1;
    }

    Type visit(ast::Filter const& f) {
        Type list = infer(f.list);
        auto scope = list_scope(list, f.list, "@kw-where");
        item_scopes_.push_back(scope.value_or(unknown_scope));
        expect(f.condition, Kind::boolean, "@kw-where");
        item_scopes_.pop_back();
        return scope ? list : Type{};
    }

    Type visit(ast::Call const& call) {
        std::u32string const& fn = call.function.text;
        std::string fn_name = quote(fn);
        std::size_t const count = call.arguments.size();
        auto arity = [&](std::string_view expected) {
            error("wrong-arity", call.span, {fn_name, std::string(expected), std::to_string(count)});
            return Type{};
        };
        // Comprehensions over a list: count(list), sum(list, item), all(list, test), any(list, test).
        bool is_count = fn == U"count" || fn == U"件数";
        bool is_sum = fn == U"sum" || fn == U"合計";
        bool is_all = fn == U"all" || fn == U"すべて";
        bool is_any = fn == U"any" || fn == U"いずれか";
        if (is_count || is_sum || is_all || is_any) {
            if (is_count && count != 1) return arity("@one-argument");
            if (!is_count && count != 2) return arity("@two-arguments");
            Type list = infer(call.arguments[0]);
            auto scope = list_scope(list, call.arguments[0], fn_name);
            if (is_count) return Type::of(Kind::number, true);
            item_scopes_.push_back(scope.value_or(unknown_scope));
            Type item = is_sum ? infer(call.arguments[1]) : expect(call.arguments[1], Kind::boolean, fn_name);
            item_scopes_.pop_back();
            if (is_sum) {
                if (!item.is_error() && !item.is_arithmetic()) {
                    error("not-a-number", ast::span_of(call.arguments[1]), {fn_name, term(item)});
                    return Type{};
                }
                return item;
            }
            return Type::of(Kind::boolean);
        }
        if (fn == U"eligible" || fn == U"対象") {
            if (count != 1) return arity("@one-argument");
            Type t = infer(call.arguments[0]);
            if (!t.is_error() && !(t.kind == Kind::enumeration && enums_[static_cast<std::size_t>(t.id)].is_category))
                error("not-a-category", ast::span_of(call.arguments[0]), {term(t)});
            return Type::of(Kind::boolean);
        }
        std::vector<Type> args;
        for (auto const& a : call.arguments) args.push_back(infer(a));
        for (std::size_t i = 0; i < count; ++i)
            if (!args[i].is_error() && !args[i].is_arithmetic()) {
                error("not-a-number", ast::span_of(call.arguments[i]), {fn_name, term(args[i])});
                return Type{};
            }
        for (auto const& a : args)
            if (a.is_error()) return Type{};
        if (fn == U"min" || fn == U"max" || fn == U"最小" || fn == U"最大") {
            if (count < 2) return arity("@two-or-more-arguments");
            Type result = args[0];
            for (std::size_t i = 1; i < count; ++i) {
                if (args[i].kind != result.kind) {
                    error("unit-mismatch", ast::span_of(call.arguments[i]),
                          {"@compare", term(result), term(args[i]), "@hint-same-unit"});
                    return Type{};
                }
                if (result.whole && !args[i].whole) result.fraction_at = args[i].fraction_at;
                result.whole = result.whole && args[i].whole;
            }
            return result;
        }
        if (fn == U"abs" || fn == U"絶対値") {
            if (count != 1) return arity("@one-argument");
            return args[0];
        }
        if (find_rounding_function(fn)) {
            if (count < 1 || count > 2) return arity("@one-or-two-arguments");
            Type result = args[0];
            if (count == 2) {
                if (args[1].kind != args[0].kind) {
                    std::string unit_text = term(args[1]);
                    if (auto const* literal = boost::get<ast::Literal>(&call.arguments[1].get()))
                        unit_text = encode_utf8(literal->text);
                    error("rounding-unit-mismatch", ast::span_of(call.arguments[1]),
                          {fn_name, unit_text, term(args[0]), args[0].kind == Kind::yen ? "1,000円" : "0.01"});
                    return Type{};
                }
                if (args[1].constant && args[1].constant->sign() <= 0) {
                    error("rounding-unit-not-positive", ast::span_of(call.arguments[1]),
                          {args[1].constant->to_string() + (args[1].kind == Kind::yen ? "円" : "")});
                    return Type{};
                }
                // Rounding to a whole unit (1円, 1,000円) gives whole values; to 0.01, not.
                result.whole = args[1].whole;
                result.fraction_at = args[1].fraction_at;
            } else {
                result.whole = true;
            }
            return result;
        }
        error("unknown-function", call.function.span, {fn_name});
        std::vector<std::u32string_view> names = {U"count", U"sum",  U"all",  U"any",  U"eligible", U"min",
                                                  U"max",   U"abs",  U"件数", U"合計", U"すべて",   U"いずれか",
                                                  U"対象",  U"最小", U"最大", U"絶対値"};
        for (auto const& f : rounding_functions) names.push_back(f.name);
        suggest(fn, call.function.span, names);
        return Type{};
    }

    // ---------------------------------------------------------------------------------------
    // Declarations' bodies.
    void check_whole_yen(Type const& t, std::u32string const& name, SourceSpan at) {
        if (t.kind == Kind::yen && !t.whole) {
            error("unrounded-yen", at, {quote(name)});
            if (t.fraction_at != SourceSpan{}) report(Severity::note, "fraction-source", t.fraction_at, {});
        }
    }

    // Checks a definition's type against its declaration. Only amounts (the results a decision
    // reports) must be whole yen; parameters and values may carry a fraction, which then follows
    // them into every formula that uses them.
    bool check_against(Type const& declared, Type const& actual, std::u32string const& name, SourceSpan at,
                       bool require_whole_yen) {
        if (declared.is_error() || actual.is_error()) return false;
        if (!declared.same_as(actual)) {
            error("declared-type-mismatch", at, {quote(name), term(declared), term(actual)});
            return false;
        }
        if (declared.kind == Kind::number && declared.whole && !actual.whole) {
            error("not-whole", at, {quote(name)});
            return false;
        }
        if (require_whole_yen) check_whole_yen(actual, name, at);
        return true;
    }

    // What a definition tells about its global beyond the declared type: whether it is whole, where
    // a fraction comes from, its constant value.
    void refine(std::size_t g, Type const& actual, SourceSpan name_span) {
        Type& type = globals_[g].type;
        type.whole = actual.whole;
        type.fraction_at = actual.whole ? SourceSpan{} : (actual.fraction_at == SourceSpan{} ? name_span : actual.fraction_at);
        type.constant = actual.constant;
    }

    // Checks the definition of a parameter or value once, before its first use, so that uses see
    // its refined type. A definition already being checked is part of a cycle (reported later).
    void ensure_checked(std::size_t g) {
        if (check_state_.size() < globals_.size()) check_state_.resize(globals_.size(), 0);
        if (check_state_[g] != 0 || globals_[g].role == GlobalInfo::Role::input_field) return;
        check_state_[g] = 1;
        int const saved_global = current_global_;
        std::vector<int> saved_scopes;
        saved_scopes.swap(item_scopes_);
        current_global_ = static_cast<int>(g);
        auto const& d = file_.declarations[globals_[g].declaration].get();
        if (auto const* param = boost::get<ast::ParamDecl>(&d))
            check_param(*param, g);
        else if (auto const* v = boost::get<ast::ValueDecl>(&d))
            check_value(*v, g);
        current_global_ = saved_global;
        item_scopes_.swap(saved_scopes);
        check_state_[g] = 2;
    }

    void check_value(ast::ValueDecl const& v, std::size_t g) {
        Type actual = infer(v.expression);
        if (check_against(globals_[g].type, actual, v.name.text, v.name.span, v.is_amount)) {
            if (!v.is_amount) refine(g, actual, v.name.span);
        } else {
            globals_[g].type = Type{};  // Already reported: uses of it are not reported again.
        }
    }

    // A citation names a declared source (by its short name) or just a page: [deck p.25 ②], [p.25].
    void check_citation(std::optional<ast::Citation> const& citation) {
        if (!citation || citation->text.empty()) return;
        std::u32string_view text = citation->text;
        std::u32string_view first = text.substr(0, std::min(text.find(U' '), text.find(U'\u3000')));
        char32_t c = first.front();
        bool page_only = first.rfind(U"p.", 0) == 0 || first.rfind(U"pp.", 0) == 0 || first.rfind(U"P.", 0) == 0 ||
                         (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９') || c == U'第' ||
                         (c >= U'\u2460' && c <= U'\u2473') || (c >= U'\u3251' && c <= U'\u325F') ||
                         (c >= U'\u32B1' && c <= U'\u32BF');
        if (page_only) return;
        for (auto const& source : sources_)
            if (source == first) return;
        SourceSpan span{citation->span.begin + 1, citation->span.begin + 1 + static_cast<std::uint32_t>(first.size())};
        report(Severity::warning, "unknown-source", span, {quote(first), encode_utf8(first)});
        std::vector<std::u32string_view> names(sources_.begin(), sources_.end());
        suggest(first, span, names);
    }

    void check_citations(ast::Declaration const& declaration) {
        boost::apply_visitor(
            [this](auto const& d) {
                if constexpr (requires { d.citation; }) check_citation(d.citation);
                if constexpr (requires { d.items; })
                    for (auto const& item : d.items) check_citation(item.citation);
                if constexpr (requires { d.conditions; })
                    for (auto const& condition : d.conditions) check_citation(condition.citation);
            },
            declaration.get());
    }

    void check_declarations() {
        for (auto const& declaration : file_.declarations) {
            check_citations(declaration);
            auto const& d = declaration.get();
            if (boost::get<ast::ParamDecl>(&d) || boost::get<ast::ValueDecl>(&d)) {
                if (int g = global_of_declaration(&declaration - file_.declarations.data()); g >= 0)
                    ensure_checked(static_cast<std::size_t>(g));
            } else if (auto const* e = boost::get<ast::EligibilityDecl>(&d)) {
                for (auto const& c : e->conditions) {
                    if (c.applies) expect(*c.applies, Kind::boolean, c.applicability == ast::Condition::Applicability::unless ? "@kw-unless" : "@kw-when");
                    expect(c.test, Kind::boolean, "@condition-test");
                }
            } else if (auto const* c = boost::get<ast::CheckDecl>(&d)) {
                expect(c->test, Kind::boolean, "@kw-check");
            } else if (auto const* doc = boost::get<ast::DocumentDecl>(&d)) {
                if (doc->when) expect(*doc->when, Kind::boolean, "@kw-when");
            }
        }
    }

    void check_param(ast::ParamDecl const& param, std::size_t g) {
        Type const declared = globals_[g].type;
        if (declared.kind == Kind::table) {
            auto const& key = enums_[static_cast<std::size_t>(declared.id)];
            std::vector<bool> seen(key.values.size(), false);
            Type value_type = Type::of(declared.element, declared.whole);
            if (param.value || param.required) {
                error("table-needs-rows", param.name.span, {quote(param.name.text)});
                return;
            }
            bool all_whole = true;
            for (auto const& row : param.table) {
                std::size_t k = 0;
                while (k < key.values.size() && key.values[k] != row.key.text) ++k;
                if (k == key.values.size()) {
                    error("unknown-enum-value", row.key.span, {quote(row.key.text), quote(key.name)});
                    std::vector<std::u32string_view> values(key.values.begin(), key.values.end());
                    suggest(row.key.text, row.key.span, values);
                } else if (seen[k]) {
                    error("duplicate-definition", row.key.span, {quote(row.key.text)});
                } else {
                    seen[k] = true;
                }
                Type actual = infer(row.value);
                check_against(value_type, actual, param.name.text, ast::span_of(row.value), false);
                all_whole = all_whole && actual.whole;
            }
            for (std::size_t k = 0; k < key.values.size(); ++k)
                if (!seen[k]) error("table-missing-key", param.name.span, {quote(param.name.text), quote(key.values[k])});
            // A table whose every row is whole gives whole values: a rate table of 1/1 is whole.
            globals_[g].type.whole = all_whole;
        } else if (!declared.is_error()) {
            if (!param.table.empty()) error("table-without-key", param.name.span, {quote(param.name.text)});
            if (param.value) {
                Type actual = infer(*param.value);
                if (check_against(declared, actual, param.name.text, ast::span_of(*param.value), false))
                    refine(g, actual, param.name.span);
                else
                    globals_[g].type = Type{};  // Already reported: uses of it are not reported again.
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Whole-program checks.
    void check_cycles() {
        // Depth-first search with colours: 0 unvisited, 1 on the current path, 2 done.
        std::vector<int> colour(globals_.size(), 0);
        std::vector<std::size_t> path;
        std::function<void(std::size_t)> visit_global = [&](std::size_t g) {
            colour[g] = 1;
            path.push_back(g);
            for (std::size_t next : globals_[g].depends_on) {
                if (colour[next] == 1) {
                    std::string chain;
                    auto start = std::find(path.begin(), path.end(), next);
                    for (auto it = start; it != path.end(); ++it) chain += encode_utf8(globals_[*it].name) + " → ";
                    chain += encode_utf8(globals_[next].name);
                    error("cycle", globals_[next].span, {quote(globals_[next].name), chain});
                } else if (colour[next] == 0) {
                    visit_global(next);
                }
            }
            path.pop_back();
            colour[g] = 2;
        };
        for (std::size_t g = 0; g < globals_.size(); ++g)
            if (colour[g] == 0) visit_global(g);
    }

    void check_unused() {
        for (auto const& g : globals_)
            if (!g.used && (g.role == GlobalInfo::Role::param || g.role == GlobalInfo::Role::value))
                report(Severity::warning, "unused-definition", g.span, {quote(g.name)});
        for (auto const& e : enums_)
            if (!e.used) report(Severity::warning, "unused-definition", e.span, {quote(e.name)});
        for (auto const& r : records_)
            if (!r.used) report(Severity::warning, "unused-definition", r.span, {quote(r.name)});
    }

    ast::RuleFile const& file_;
    std::vector<Diagnostic> diagnostics_;
    std::map<std::u32string, SourceSpan> defined_;
    std::map<std::u32string, SourceSpan> defined_types_;
    std::vector<EnumInfo> enums_;
    std::vector<RecordInfo> records_;
    std::vector<GlobalInfo> globals_;
    // Enums, records and globals by name, so that a lookup takes the same time however many
    // declarations there are. A name declared twice (reported) finds its first declaration.
    NameMap<int> enum_index_, record_index_, global_index_;
    // For each enum value: how many enums have it, and the last of them.
    struct EnumValueOwners {
        int last = -1;
        int count = 0;
    };
    NameMap<EnumValueOwners> enum_value_owners_;
    std::vector<int> check_state_;         // Per global: 0 unchecked, 1 being checked, 2 checked.
    std::vector<int> declaration_global_;  // Per declaration: the global it defines, or -1.
    bool seen_program_ = false;
    std::vector<std::u32string> sources_;
    std::u32string program_name_;
    std::u32string reference_date_;
    std::optional<SourceSpan> reference_date_span_;
    int fiscal_year_ = 0;
    Date period_start_, period_end_;
};

}  // namespace detail

// Checks a parsed rule file.
inline CheckResult check_program(ast::RuleFile const& file) { return detail::Checker(file).run(); }

}  // namespace kisoku::check
