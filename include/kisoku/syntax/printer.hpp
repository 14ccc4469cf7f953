// kisoku/syntax/printer.hpp — AST to canonical source text (the formatter).
//
// The printer is the inverse of the parser up to spelling and layout: whatever the parser produced
// from a text, printing it gives a text that parses back into the same tree (spans aside). Hence
//
//     parse(print(x)) is x, structurally, and print(parse(print(x))) == print(x),
//
// for every tree x the parser can produce, which is what makes the output canonical: two files
// that differ only in spelling (Japanese or English keywords, full-width operators, 「」 or "…"),
// in spacing, in comments or in redundant parentheses print identically.
//
// The canonical form uses the ASCII and English spellings of every operator and keyword, puts the
// fewest parentheses the precedence rules allow, and lays declarations out one per block, with
// every continuation line indented (a declaration keyword at column 1 always starts a new
// declaration, so nothing else may ever be printed there). Comments are not part of the tree and
// are therefore not printed.
//
// Trees built by hand may hold shapes the grammar cannot express (a range outside the right side
// of `in`, a citation containing ']', a period with only one end); the printer writes them as best
// it can, but the round trip is promised only for trees the parser produced.
#pragma once

#include "kisoku/source.hpp"
#include "kisoku/syntax/ast.hpp"

#include <boost/variant/get.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kisoku::syntax {

namespace printer_detail {

namespace x3 = boost::spirit::x3;

// Binding strength of a whole expression, on the scale of ast::precedence: the filter binds
// loosest (0), `not` sits at 3, unary minus and plus at 7, field access and lookups at 8, and every
// primary (literals, names, strings, dates, calls, sets, conditionals) at 9.
inline int binding(ast::Expression const& e) {
    struct Visitor {
        int operator()(ast::Literal const&) const { return 9; }
        int operator()(ast::DateLiteral const&) const { return 9; }
        int operator()(ast::StringLiteral const&) const { return 9; }
        int operator()(ast::Name const&) const { return 9; }
        int operator()(x3::forward_ast<ast::Unary> const& u) const {
            return u.get().op == ast::UnaryOp::logical_not ? 3 : 7;
        }
        int operator()(x3::forward_ast<ast::Binary> const& b) const { return ast::precedence(b.get().op); }
        int operator()(x3::forward_ast<ast::Call> const&) const { return 9; }
        int operator()(x3::forward_ast<ast::Conditional> const&) const { return 9; }
        int operator()(x3::forward_ast<ast::Member> const&) const { return 8; }
        int operator()(x3::forward_ast<ast::Index> const&) const { return 8; }
        int operator()(x3::forward_ast<ast::SetLiteral> const&) const { return 9; }
        int operator()(x3::forward_ast<ast::Range> const&) const { return 4; }
        int operator()(x3::forward_ast<ast::Filter> const&) const { return 0; }
    };
    return boost::apply_visitor(Visitor{}, e.get());
}

template <typename Node>
bool holds(ast::Expression const& e) {
    return boost::get<x3::forward_ast<Node>>(&e.get()) != nullptr;
}

// Writes expressions into a string, as part of a larger text or alone.
//
// Parentheses are placed from two facts about each operand: the binding strength its position
// requires (an operand that binds more loosely is parenthesized), and whether anything is printed
// after it before the enclosing brackets or the end of the expression. The second matters for the
// conditional: its else branch extends as far to the right as it can, so a conditional is
// parenthesized whenever it is not the rightmost part of its context (`(if c then 1 else 2) + 3`).
class ExpressionWriter {
public:
    explicit ExpressionWriter(std::string& out) : out_(out) {}

    // Prints `e` in a position that requires binding strength `min_binding`; `rightmost` says
    // that nothing follows it before a closing bracket, a separator or the end of the expression.
    void write(ast::Expression const& e, int min_binding = 0, bool rightmost = true) {
        bool const parenthesize =
            binding(e) < min_binding || (!rightmost && holds<ast::Conditional>(e));
        if (parenthesize) {
            emit("(");
            write_bare(e, true);
            emit(")");
        } else {
            write_bare(e, rightmost);
        }
    }

    // True when the last token written is a name on its own (not a field after '.', not a call):
    // a '(' after it, even on the next line, would turn it into a call.
    bool ends_with_bare_name() const noexcept { return last_was_name_; }

    // Text in double quotes, with '"', '\' and line breaks escaped so that it stays on one line.
    void write_string(std::u32string_view text) {
        std::string quoted = "\"";
        for (char32_t c : text) {
            if (c == U'"' || c == U'\\') {
                quoted.push_back('\\');
                append_utf8(quoted, c);
            } else if (c == U'\n') {
                quoted += "\\n";
            } else if (c == U'\r') {
                // A carriage return cannot stand unescaped in "…", and has no letter escape; a
                // backslash followed by any character stands for that character.
                quoted += "\\\r";
            } else {
                append_utf8(quoted, c);
            }
        }
        quoted.push_back('"');
        emit(quoted);
    }

    void emit(std::string_view text) {
        out_ += text;
        last_was_name_ = false;
    }
    void emit(std::u32string_view text) {
        for (char32_t c : text) append_utf8(out_, c);
        last_was_name_ = false;
    }

private:
    void emit_name(std::u32string_view text) {
        emit(text);
        last_was_name_ = true;
    }

    void write_bare(ast::Expression const& e, bool rightmost) {
        struct Visitor {
            ExpressionWriter& w;
            bool rightmost;
            void operator()(ast::Literal const& n) const { w.emit(n.text); }
            void operator()(ast::DateLiteral const& n) const { w.emit(n.text); }
            void operator()(ast::StringLiteral const& n) const { w.write_string(n.text); }
            void operator()(ast::Name const& n) const { w.emit_name(n.text); }
            void operator()(x3::forward_ast<ast::Unary> const& n) const { w.write_unary(n.get(), rightmost); }
            void operator()(x3::forward_ast<ast::Binary> const& n) const { w.write_binary(n.get(), rightmost); }
            void operator()(x3::forward_ast<ast::Call> const& n) const {
                w.emit(n.get().function.text);
                w.write_list("(", n.get().arguments, ")");
            }
            void operator()(x3::forward_ast<ast::Conditional> const& n) const {
                // The condition and the then branch are closed by `then` and `else`; the else
                // branch is rightmost, since a conditional that is not is parenthesized.
                w.emit("if ");
                w.write(n.get().condition);
                w.emit(" then ");
                w.write(n.get().then_branch);
                w.emit(" else ");
                w.write(n.get().else_branch);
            }
            void operator()(x3::forward_ast<ast::Member> const& n) const {
                w.write_member_object(n.get().object);
                w.emit(".");
                w.emit(n.get().field.text);
            }
            void operator()(x3::forward_ast<ast::Index> const& n) const {
                w.write(n.get().table, 8, false);
                w.emit("[");
                w.write(n.get().key);
                w.emit("]");
            }
            void operator()(x3::forward_ast<ast::SetLiteral> const& n) const { w.write_list("{", n.get().items, "}"); }
            void operator()(x3::forward_ast<ast::Range> const& n) const { w.write_range(n.get(), rightmost); }
            void operator()(x3::forward_ast<ast::Filter> const& n) const {
                // `where` does not chain: both sides are disjunctions.
                w.write(n.get().list, 1, false);
                w.emit(" where ");
                w.write(n.get().condition, 1, rightmost);
            }
        };
        boost::apply_visitor(Visitor{*this, rightmost}, e.get());
    }

    void write_unary(ast::Unary const& n, bool rightmost) {
        switch (n.op) {
            case ast::UnaryOp::negate: emit("-"); break;
            case ast::UnaryOp::plus: emit("+"); break;
            case ast::UnaryOp::logical_not: emit("not "); break;
        }
        // `not` takes a negation (a comparison or another `not`); - and + take a unary.
        write(n.operand, n.op == ast::UnaryOp::logical_not ? 3 : 7, rightmost);
    }

    void write_binary(ast::Binary const& n, bool rightmost) {
        int const p = ast::precedence(n.op);
        if (n.op == ast::BinaryOp::member_of) {
            write(n.left, 5, false);
            emit(" in ");
            write_membership_right(n.right, rightmost);
            return;
        }
        if (ast::is_comparison(n.op)) {
            // Comparisons do not chain: both operands are additive expressions, so an operand
            // that is itself a comparison (or `in`) is parenthesized.
            write(n.left, 5, false);
        } else {
            // Left-associative: the left operand may be the same operator, the right may not.
            write(n.left, p, false);
        }
        emit(" ");
        emit(ast::symbol(n.op));
        emit(" ");
        write(n.right, ast::is_comparison(n.op) ? 5 : p + 1, rightmost);
    }

    // The right side of `in` is a set, a range, or an additive expression. A set literal there is
    // taken as the whole right side, so an additive expression that would begin with '{'
    // (`{1, 2} + x`) is parenthesized.
    void write_membership_right(ast::Expression const& e, bool rightmost) {
        if (holds<ast::SetLiteral>(e)) {
            write(e, 0, rightmost);
        } else if (auto const* range = boost::get<x3::forward_ast<ast::Range>>(&e.get())) {
            write_range(range->get(), rightmost);
        } else {
            write_not_starting_with_set(e, rightmost);
        }
    }

    void write_range(ast::Range const& n, bool rightmost) {
        write_not_starting_with_set(n.low, false);
        emit(" .. ");
        write(n.high, 5, rightmost);
    }

    void write_not_starting_with_set(ast::Expression const& e, bool rightmost) {
        std::size_t const start = out_.size();
        write(e, 5, rightmost);
        if (out_.size() > start && out_[start] == '{') {
            out_.resize(start);
            emit("(");
            write(e, 0, true);
            emit(")");
        }
    }

    // A numeric literal takes a following '.' as its decimal point ("1.x" is the literal "1."
    // and a stray name), so a literal before a field access is parenthesized unless it ends with
    // a suffix (円, %), after which no digit can come.
    void write_member_object(ast::Expression const& object) {
        if (auto const* literal = boost::get<ast::Literal>(&object.get())) {
            char32_t const last = literal->text.empty() ? U'0' : literal->text.back();
            if (last != U'円' && last != U'%' && last != U'％') {
                emit("(");
                emit(literal->text);
                emit(")");
                return;
            }
        }
        write(object, 8, false);
    }

    // Arguments and set items, always separated by ", ": a comma directly followed by digits
    // would be read as a thousands separator.
    void write_list(std::string_view open, std::vector<ast::Expression> const& items, std::string_view close) {
        emit(open);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) emit(", ");
            write(items[i]);
        }
        emit(close);
    }

    std::string& out_;
    bool last_was_name_ = false;
};

// Writes a rule file in the canonical layout.
class FileWriter {
public:
    std::string text;

    FileWriter() = default;
    // The expression writer refers to `text`, so a copy would write into the original's text.
    FileWriter(FileWriter const&) = delete;
    FileWriter& operator=(FileWriter const&) = delete;

    void write(ast::RuleFile const& file) {
        for (std::size_t i = 0; i < file.declarations.size(); ++i) {
            if (i > 0) text += "\n";  // A blank line between declarations.
            boost::apply_visitor([this](auto const& d) { declaration(d); }, file.declarations[i].get());
        }
    }

private:
    ExpressionWriter expr_{text};

    void emit(std::string_view s) { expr_.emit(s); }
    void emit(std::u32string_view s) { expr_.emit(s); }
    void string(ast::StringLiteral const& s) { expr_.write_string(s.text); }
    void expression(ast::Expression const& e) { expr_.write(e); }
    void citation(std::optional<ast::Citation> const& c) {
        if (!c) return;
        emit(" [");
        emit(c->text);
        emit("]");
    }
    void type(ast::TypeRef const& t) {
        if (t.is_list) {
            emit("list<");
            emit(t.name.text);
            emit(">");
        } else {
            emit(t.name.text);
        }
    }
    void open_block(bool empty) { emit(empty ? " {}\n" : " {\n"); }
    void close_block(bool empty) {
        if (!empty) emit("}\n");
    }

    // Optional keywords that follow an entry (`required` after a field's type, `ineligible` after a
    // category item) would swallow a next entry of that very name; a ';' ends the entry first.
    static bool is_word(std::u32string const& name, std::u32string_view english, std::u32string_view japanese) {
        return name == english || name == japanese;
    }

    void fields(std::vector<ast::Field> const& list) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            ast::Field const& f = list[i];
            emit("  ");
            emit(f.name.text);
            emit(": ");
            type(f.type);
            if (f.required) emit(" required");
            if (f.label) {
                emit(" ");
                string(*f.label);
            }
            bool const next_is_keyword =
                i + 1 < list.size() && is_word(list[i + 1].name.text, U"required", U"必須");
            if (!f.required && !f.label && next_is_keyword) emit(";");
            emit("\n");
        }
    }

    void declaration(ast::ProgramDecl const& d) {
        emit("program ");
        emit(d.name.text);
        if (d.title) {
            emit(" ");
            string(*d.title);
        }
        bool const has_period = d.period_start && d.period_end;
        bool const empty = !d.fiscal_year && !has_period && !d.reference_date && d.sources.empty();
        open_block(empty);
        if (d.fiscal_year) {
            emit("  fiscal_year ");
            emit(d.fiscal_year->text);
            emit("\n");
        }
        if (has_period) {
            emit("  period ");
            emit(d.period_start->text);
            emit(" .. ");
            emit(d.period_end->text);
            emit("\n");
        }
        if (d.reference_date) {
            emit("  reference_date ");
            emit(d.reference_date->text);
            emit("\n");
        }
        for (ast::Source const& s : d.sources) {
            emit("  source ");
            emit(s.name.text);
            emit(" ");
            string(s.title);
            emit("\n");
        }
        close_block(empty);
    }

    void declaration(ast::EnumDecl const& d) {
        emit("enum ");
        emit(d.name.text);
        if (d.values.empty()) {
            emit(" {}\n");
            return;
        }
        emit(" { ");
        for (std::size_t i = 0; i < d.values.size(); ++i) {
            if (i > 0) emit(", ");
            emit(d.values[i].text);
        }
        emit(" }\n");
    }

    void declaration(ast::RecordDecl const& d) {
        emit("record ");
        emit(d.name.text);
        open_block(d.fields.empty());
        fields(d.fields);
        close_block(d.fields.empty());
    }

    void declaration(ast::InputDecl const& d) {
        emit("input ");
        emit(d.name.text);
        open_block(d.fields.empty());
        fields(d.fields);
        close_block(d.fields.empty());
    }

    // The body is exactly one of a value, `required`, or a table (possibly empty), as in the
    // grammar.
    void declaration(ast::ParamDecl const& d) {
        emit("param ");
        emit(d.name.text);
        emit(": ");
        type(d.type);
        if (d.key_enum) {
            emit(" by ");
            emit(d.key_enum->text);
        }
        citation(d.citation);
        if (d.value) {
            emit(" = ");
            expression(*d.value);
            emit("\n");
        } else if (d.required) {
            emit(" required");
            if (d.explanation) {
                emit(" ");
                string(*d.explanation);
            }
            emit("\n");
        } else {
            open_block(d.table.empty());
            for (ast::TableEntry const& row : d.table) {
                emit("  ");
                emit(row.key.text);
                emit(": ");
                expression(row.value);
                emit("\n");
            }
            close_block(d.table.empty());
        }
    }

    void declaration(ast::CategoryDecl const& d) {
        emit("category ");
        emit(d.name.text);
        citation(d.citation);
        open_block(d.items.empty());
        for (std::size_t i = 0; i < d.items.size(); ++i) {
            ast::CategoryItem const& item = d.items[i];
            emit("  ");
            emit(item.name.text);
            if (item.ineligible) {
                emit(" ineligible");
                if (item.reason) {
                    emit(" ");
                    string(*item.reason);
                }
            }
            citation(item.citation);
            bool const next_is_keyword =
                i + 1 < d.items.size() && is_word(d.items[i + 1].name.text, U"ineligible", U"対象外");
            if (!item.ineligible && !item.citation && next_is_keyword) emit(";");
            emit("\n");
        }
        close_block(d.items.empty());
    }

    void declaration(ast::EligibilityDecl const& d) {
        emit("eligibility ");
        emit(d.name.text);
        if (d.any_of) emit(" any");
        citation(d.citation);
        open_block(d.conditions.empty());
        for (std::size_t i = 0; i < d.conditions.size(); ++i) {
            ast::Condition const& c = d.conditions[i];
            emit("  ");
            if (!c.marker.empty()) {
                emit(c.marker);
                emit(" ");
            }
            string(c.label);
            citation(c.citation);
            if (c.applies) {
                if (c.applicability == ast::Condition::Applicability::when)
                    emit(" when ");
                else
                    emit(" unless ");
                expression(*c.applies);
            }
            emit(": ");
            expression(c.test);
            // A marker such as (2) on the next condition would make a test that ends with a bare
            // name into a call of it; a ';' ends the test first.
            bool const next_opens_paren = i + 1 < d.conditions.size() && !d.conditions[i + 1].marker.empty() &&
                                          (d.conditions[i + 1].marker.front() == U'(' ||
                                           d.conditions[i + 1].marker.front() == U'（');
            if (next_opens_paren && expr_.ends_with_bare_name()) emit(";");
            emit("\n");
        }
        close_block(d.conditions.empty());
    }

    void declaration(ast::ValueDecl const& d) {
        emit(d.is_amount ? "amount " : "value ");
        emit(d.name.text);
        emit(": ");
        type(d.type);
        citation(d.citation);
        emit(" = ");
        expression(d.expression);
        emit("\n");
    }

    // `error` is the default severity and is not written.
    void declaration(ast::CheckDecl const& d) {
        emit(d.is_warning ? "check warning " : "check ");
        string(d.label);
        citation(d.citation);
        emit(": ");
        expression(d.test);
        emit("\n");
    }

    void declaration(ast::DocumentDecl const& d) {
        emit("document ");
        string(d.label);
        citation(d.citation);
        if (d.when) {
            emit(" when ");
            expression(*d.when);
        }
        if (d.due) {
            emit(" due ");
            string(*d.due);
        }
        emit("\n");
    }

    void declaration(ast::NoteDecl const& d) {
        emit("note ");
        string(d.text);
        citation(d.citation);
        emit("\n");
    }
};

}  // namespace printer_detail

// An expression as canonical UTF-8 text, on one line: ASCII operators and English keywords,
// single spaces around binary operators, ", " between arguments and items, and only the
// parentheses that precedence, left associativity and the non-chaining comparisons require.
// Literals, names and dates are written exactly as their stored text.
inline std::string print(ast::Expression const& expression) {
    std::string out;
    printer_detail::ExpressionWriter writer(out);
    writer.write(expression);
    return out;
}

// A whole rule file as canonical UTF-8 text: one declaration per block, blocks separated by a
// blank line, declaration keywords in English at column 1, two spaces of indentation for the
// entries inside braces (one entry per line), and every expression on the line of its clause.
// The text ends with a line break unless the file has no declarations.
inline std::string print(ast::RuleFile const& file) {
    printer_detail::FileWriter writer;
    writer.write(file);
    return std::move(writer.text);
}

}  // namespace kisoku::syntax
