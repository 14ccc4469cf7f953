// kisoku/eval/compile.hpp — the compiling stage: from a checked program to an immutable Program.
//
// The checker has already resolved and typed every name, so compiling cannot fail: it repeats the
// resolution once, records the result as slot, field and global indices, and folds every
// expression whose operands are all constants (20万円 * 50% becomes 100,000円), so that evaluation
// never looks a name up and never recomputes a constant.
#pragma once

#include "kisoku/date.hpp"
#include "kisoku/eval/evaluate.hpp"
#include "kisoku/eval/fuse.hpp"
#include "kisoku/eval/program.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/syntax/printer.hpp"

#include <memory>

namespace kisoku::eval {

namespace detail {

class Compiler {
public:
    Compiler(std::shared_ptr<check::CheckedProgram const> checked, std::shared_ptr<SourceText const> source)
        : checked_(std::move(checked)) {
        program_ = std::make_shared<Program>();
        program_->checked = checked_;
        program_->source = std::move(source);
    }

    std::shared_ptr<Program const> run() {
        Program& p = *program_;
        auto const& c = *checked_;
        p.name = encode_utf8(c.name);
        p.fiscal_year = c.fiscal_year;
        p.period_start = c.period_start;
        p.period_end = c.period_end;
        if (p.source) p.file = p.source->name();
        layouts();
        globals();
        declarations();
        fuse(p);
        p.expressions.reserve(p.steps.size());
        for (auto const& step : p.steps) p.expressions.push_back(step.source ? syntax::print(*step.source) : std::string());
        return program_;
    }

private:
    // ---------------------------------------------------------------------------------------
    // Shapes: enums, records and the input, with their fields' slots.
    FieldLayout field_layout(check::FieldInfo const& f) const {
        FieldLayout out;
        out.name = encode_utf8(f.name);
        out.label = encode_utf8(f.label);
        out.kind = f.type.kind;
        out.required = f.required;
        out.whole = f.type.whole;
        if (f.type.kind == Kind::record) out.id = f.type.id + 1;
        if (f.type.kind == Kind::enumeration) out.id = f.type.id;
        if (f.type.kind == Kind::list) {
            out.element = f.type.element;
            out.id = f.type.element == Kind::record ? f.type.id + 1 : f.type.id;
        }
        return out;
    }

    void layouts() {
        Program& p = *program_;
        auto const& c = *checked_;
        for (auto const& e : c.enums) {
            EnumLayout layout;
            layout.name = encode_utf8(e.name);
            for (auto const& v : e.values) layout.values.push_back(encode_utf8(v));
            layout.eligible = e.eligible;
            layout.is_category = e.is_category;
            p.enums.push_back(std::move(layout));
        }
        RecordLayout input;
        for (auto const& d : c.file.declarations)
            if (auto const* in = boost::get<ast::InputDecl>(&d.get())) input.name = encode_utf8(in->name.text);
        p.input_name = input.name;
        input_slot_.assign(c.globals.size(), -1);
        for (std::size_t g = 0; g < c.globals.size(); ++g) {
            auto const& info = c.globals[g];
            if (info.role != check::GlobalInfo::Role::input_field) continue;
            input_slot_[g] = static_cast<int>(input.fields.size());
            input.fields.push_back(field_layout({info.name, info.span, info.type, info.required, info.label}));
        }
        p.layouts.push_back(std::move(input));
        for (auto const& r : c.records) {
            RecordLayout layout;
            layout.name = encode_utf8(r.name);
            for (auto const& f : r.fields) layout.fields.push_back(field_layout(f));
            p.layouts.push_back(std::move(layout));
        }
        p.root_slots = p.layouts[0].fields.size();
        // The checker made sure the reference date names a date field of the input.
        p.reference_date = encode_utf8(c.reference_date);
        if (!p.reference_date.empty())
            while (p.reference_slot < p.root_slots && p.layouts[0].fields[p.reference_slot].name != p.reference_date) ++p.reference_slot;
    }

    // ---------------------------------------------------------------------------------------
    // Globals: parameters (constants, tables or supplied by the caller), values and amounts.
    void globals() {
        Program& p = *program_;
        auto const& c = *checked_;
        global_index_.assign(c.globals.size(), -1);
        table_first_.assign(c.globals.size(), 0);
        for (std::size_t g = 0; g < c.globals.size(); ++g) {
            auto const& info = c.globals[g];
            if (info.role == check::GlobalInfo::Role::input_field) continue;
            GlobalPlan plan;
            plan.name = encode_utf8(info.name);
            plan.role = info.role;
            plan.kind = info.type.kind;
            plan.id = info.type.id;
            plan.element = info.type.element;
            auto const& d = c.file.declarations[info.declaration].get();
            if (auto const* param = boost::get<ast::ParamDecl>(&d)) {
                if (param->citation) plan.citation = encode_utf8(param->citation->text);
                if (param->required) {
                    plan.supplied = true;
                    plan.slot = static_cast<std::uint32_t>(p.root_slots++);
                    if (param->explanation) plan.explanation = encode_utf8(param->explanation->text);
                }
            } else if (auto const* v = boost::get<ast::ValueDecl>(&d)) {
                if (v->citation) plan.citation = encode_utf8(v->citation->text);
            }
            global_index_[g] = static_cast<int>(p.globals.size());
            if (info.role == check::GlobalInfo::Role::amount) p.amounts.push_back(static_cast<std::uint32_t>(p.globals.size()));
            p.globals.push_back(std::move(plan));
        }
        // Definitions, after every global has its index (a definition may use a later one).
        for (std::size_t g = 0; g < c.globals.size(); ++g) {
            if (global_index_[g] < 0) continue;
            auto& plan = p.globals[static_cast<std::size_t>(global_index_[g])];
            auto const& d = c.file.declarations[c.globals[g].declaration].get();
            if (auto const* param = boost::get<ast::ParamDecl>(&d)) {
                if (plan.supplied) {
                    plan.root = add_step(Op::input, plan.kind, plan.slot, {}, nullptr);
                } else if (param->key_enum) {
                    // A table: its rows, in the order of the key's values, become consecutive constants.
                    auto const& key = c.enums[static_cast<std::size_t>(c.globals[g].type.id)];
                    std::vector<Value> rows(key.values.size());
                    for (auto const& row : param->table) {
                        std::size_t k = 0;
                        while (k < key.values.size() && key.values[k] != row.key.text) ++k;
                        std::uint32_t step = compile(row.value);
                        if (k < rows.size()) rows[k] = constant_value(step);
                    }
                    table_first_[g] = static_cast<std::uint32_t>(p.constants.size());
                    for (auto& r : rows) p.constants.push_back(std::move(r));
                } else if (param->value) {
                    plan.root = compile(*param->value);
                }
            } else if (auto const* v = boost::get<ast::ValueDecl>(&d)) {
                plan.root = compile(v->expression);
            }
        }
    }

    Value const& constant_value(std::uint32_t step) const {
        static Value const unknown;
        Step const& s = program_->steps[step];
        return s.op == Op::constant ? program_->constants[s.a] : unknown;
    }

    // ---------------------------------------------------------------------------------------
    // Declarations that a decision reports.
    void declarations() {
        Program& p = *program_;
        for (auto const& declaration : checked_->file.declarations) {
            auto const& d = declaration.get();
            if (auto const* prog = boost::get<ast::ProgramDecl>(&d)) {
                if (prog->title) p.title = encode_utf8(prog->title->text);
            } else if (auto const* e = boost::get<ast::EligibilityDecl>(&d)) {
                EligibilityPlan plan;
                plan.name = encode_utf8(e->name.text);
                if (e->citation) plan.citation = encode_utf8(e->citation->text);
                plan.any_of = e->any_of;
                for (auto const& cond : e->conditions) {
                    ConditionPlan cp;
                    cp.marker = encode_utf8(cond.marker);
                    cp.label = encode_utf8(cond.label.text);
                    if (cond.citation) cp.citation = encode_utf8(cond.citation->text);
                    cp.applicability = cond.applicability == ast::Condition::Applicability::always ? Applicability::always
                                       : cond.applicability == ast::Condition::Applicability::unless ? Applicability::unless
                                                                                                    : Applicability::when;
                    if (cond.applies) cp.applies = compile(*cond.applies);
                    cp.test = compile(cond.test);
                    plan.conditions.push_back(std::move(cp));
                }
                p.eligibility.push_back(std::move(plan));
            } else if (auto const* ch = boost::get<ast::CheckDecl>(&d)) {
                CheckPlan plan;
                plan.is_warning = ch->is_warning;
                plan.label = encode_utf8(ch->label.text);
                if (ch->citation) plan.citation = encode_utf8(ch->citation->text);
                plan.test = compile(ch->test);
                p.checks.push_back(std::move(plan));
            } else if (auto const* doc = boost::get<ast::DocumentDecl>(&d)) {
                DocumentPlan plan;
                plan.label = encode_utf8(doc->label.text);
                if (doc->citation) plan.citation = encode_utf8(doc->citation->text);
                if (doc->due) plan.due = encode_utf8(doc->due->text);
                if (doc->when) {
                    plan.conditional = true;
                    plan.when = compile(*doc->when);
                }
                p.documents.push_back(std::move(plan));
            } else if (auto const* note = boost::get<ast::NoteDecl>(&d)) {
                p.notes.push_back({encode_utf8(note->text.text), note->citation ? encode_utf8(note->citation->text) : ""});
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Expressions.
    static check::Type type_of(Kind kind, int id = -1, Kind element = Kind::error) {
        check::Type t = check::Type::of(kind);
        t.id = id;
        t.element = element;
        return t;
    }
    check::Type type_of_step(std::uint32_t step) const {
        Step const& s = program_->steps[step];
        return type_of(s.kind, s.id, s.element);
    }

    std::uint32_t add_step(Op op, Kind kind, std::uint32_t a, std::vector<std::uint32_t> const& children,
                           ast::Expression const* source) {
        return add_step(op, type_of(kind), a, children, source);
    }
    std::uint32_t add_step(Op op, check::Type const& type, std::uint32_t a, std::vector<std::uint32_t> const& children,
                           ast::Expression const* source) {
        Program& p = *program_;
        Step s;
        s.op = op;
        s.kind = type.kind;
        s.id = type.id;
        s.element = type.element;
        s.a = a;
        s.first = static_cast<std::uint32_t>(p.operands.size());
        s.count = static_cast<std::uint32_t>(children.size());
        s.source = source;
        if (op == Op::field && p.steps[children[0]].op == Op::item) s.item_level = p.steps[children[0]].a + 1;
        p.operands.insert(p.operands.end(), children.begin(), children.end());
        p.steps.push_back(s);
        auto const index = static_cast<std::uint32_t>(p.steps.size() - 1);
        return fold(index);
    }

    std::uint32_t add_constant(Value v, Kind kind, ast::Expression const* source) {
        return add_constant(std::move(v), type_of(kind), source);
    }
    std::uint32_t add_constant(Value v, check::Type const& type, ast::Expression const* source) {
        Program& p = *program_;
        p.constants.push_back(std::move(v));
        Step s;
        s.op = Op::constant;
        s.kind = type.kind;
        s.id = type.id;
        s.element = type.element;
        s.a = static_cast<std::uint32_t>(p.constants.size() - 1);
        s.source = source;
        s.first = static_cast<std::uint32_t>(p.operands.size());
        p.steps.push_back(s);
        return static_cast<std::uint32_t>(p.steps.size() - 1);
    }

    // A step whose operands are all constants, and which reads nothing else, is replaced by its value.
    std::uint32_t fold(std::uint32_t index) {
        Program& p = *program_;
        Step const s = p.steps[index];
        switch (s.op) {
            case Op::constant:
            case Op::input:
            case Op::item:
            case Op::global:
            case Op::filter:
            case Op::count:
            case Op::sum:
            case Op::all:
            case Op::any: return index;
            default: break;
        }
        if (s.count == 0) return index;
        for (std::uint32_t i = 0; i < s.count; ++i)
            if (p.steps[p.operands[s.first + i]].op != Op::constant) return index;
        Evaluator evaluator(p);
        Value v = evaluator.evaluate_constant(index);
        if (!v.known()) return index;  // 1/0 and the like stay as they are (the checker refused them).
        return add_constant(std::move(v), type_of(s.kind, s.id, s.element), s.source);
    }

    std::uint32_t compile(ast::Expression const& e) {
        return boost::apply_visitor([&](auto const& node) { return this->visit(node, e); }, e.get());
    }
    template <typename T>
    std::uint32_t visit(ast::x3::forward_ast<T> const& node, ast::Expression const& e) {
        return visit(node.get(), e);
    }

    std::uint32_t visit(ast::Literal const& literal, ast::Expression const& e) {
        auto parsed = parse_literal(literal.text);
        auto const& value = std::get<LiteralValue>(parsed);
        return add_constant(Value::of_number(value.value), value.is_yen ? Kind::yen : Kind::number, &e);
    }
    std::uint32_t visit(ast::DateLiteral const& literal, ast::Expression const& e) {
        return add_constant(Value::of_word(parse_date(literal.text)->days_since_epoch()), Kind::date, &e);
    }
    std::uint32_t visit(ast::StringLiteral const& literal, ast::Expression const& e) {
        Program& p = *program_;
        p.texts.push_back(encode_utf8(literal.text));
        Value v = Value::of_word(static_cast<std::int64_t>(p.texts.size() - 1));
        v.flags = Value::program_text;
        return add_constant(std::move(v), Kind::text, &e);
    }

    // The checker's index of a global by name, or -1.
    int checked_global(std::u32string_view name) const {
        auto const& globals = checked_->globals;
        for (std::size_t g = 0; g < globals.size(); ++g)
            if (globals[g].name == name) return static_cast<int>(g);
        return -1;
    }

    // What `name` means at this point: a field of a current item, an input field, a global, a
    // truth value or an enum value; the checker made sure it is one of them.
    std::uint32_t visit(ast::Name const& name, ast::Expression const& e) {
        auto const& c = *checked_;
        for (std::size_t k = scopes_.size(); k-- > 0;) {
            int record = scopes_[k].record;
            std::uint32_t const level = scopes_[k].level;
            if (record < 0) continue;
            auto const& fields = c.records[static_cast<std::size_t>(record)].fields;
            for (std::size_t f = 0; f < fields.size(); ++f)
                if (fields[f].name == name.text) {
                    std::uint32_t item = add_step(Op::item, type_of(Kind::record, record), level, {}, &e);
                    return add_step(Op::field, fields[f].type, static_cast<std::uint32_t>(f), {item}, &e);
                }
        }
        if (int g = checked_global(name.text); g >= 0) {
            auto const& info = c.globals[static_cast<std::size_t>(g)];
            if (info.role == check::GlobalInfo::Role::input_field)
                return add_step(Op::input, info.type, static_cast<std::uint32_t>(input_slot_[static_cast<std::size_t>(g)]), {}, &e);
            auto const index = static_cast<std::uint32_t>(global_index_[static_cast<std::size_t>(g)]);
            GlobalPlan const& plan = program_->globals[index];
            if (plan.role == check::GlobalInfo::Role::param && !plan.supplied && plan.kind != Kind::table) {
                // A parameter given by value is its value: the constant itself, shown by name.
                Step const& root = program_->steps[plan.root];
                if (root.op == Op::constant) {
                    Value v = program_->constants[root.a];
                    return add_constant(std::move(v), info.type, &e);
                }
            }
            return add_step(Op::global, info.type, index, {}, &e);
        }
        if (name.text == U"true" || name.text == U"真") return add_constant(Value::boolean(true), Kind::boolean, &e);
        if (name.text == U"false" || name.text == U"偽") return add_constant(Value::boolean(false), Kind::boolean, &e);
        for (std::size_t en = 0; en < c.enums.size(); ++en)
            for (std::size_t v = 0; v < c.enums[en].values.size(); ++v)
                if (c.enums[en].values[v] == name.text)
                    return add_constant(Value::of_word(static_cast<std::int64_t>(v)), type_of(Kind::enumeration, static_cast<int>(en)), &e);
        return add_constant(Value{}, Kind::error, &e);  // Not reached for a checked program.
    }

    std::uint32_t visit(ast::Unary const& u, ast::Expression const& e) {
        std::uint32_t operand = compile(u.operand);
        if (u.op == ast::UnaryOp::plus) return operand;
        if (u.op == ast::UnaryOp::logical_not) return add_step(Op::logical_not, Kind::boolean, 0, {operand}, &e);
        return add_step(Op::negate, type_of_step(operand), 0, {operand}, &e);
    }

    std::uint32_t visit(ast::Binary const& b, ast::Expression const& e) {
        if (b.op == ast::BinaryOp::member_of) return membership(b, e);
        std::uint32_t l = compile(b.left), r = compile(b.right);
        Kind lk = program_->steps[l].kind, rk = program_->steps[r].kind;
        auto arithmetic = [&](Op op) {
            Kind kind = lk == Kind::yen || rk == Kind::yen ? Kind::yen : Kind::number;
            if (op == Op::divide && lk == Kind::yen && rk == Kind::yen) kind = Kind::number;
            return add_step(op, kind, 0, {l, r}, &e);
        };
        switch (b.op) {
            case ast::BinaryOp::add: return arithmetic(Op::add);
            case ast::BinaryOp::subtract: return arithmetic(Op::subtract);
            case ast::BinaryOp::multiply: return arithmetic(Op::multiply);
            case ast::BinaryOp::divide: return arithmetic(Op::divide);
            case ast::BinaryOp::equal: return add_step(Op::equal, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::not_equal: return add_step(Op::not_equal, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::less: return add_step(Op::less, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::less_equal: return add_step(Op::less_equal, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::greater: return add_step(Op::greater, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::greater_equal: return add_step(Op::greater_equal, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::logical_and: return add_step(Op::logical_and, Kind::boolean, 0, {l, r}, &e);
            case ast::BinaryOp::logical_or: return add_step(Op::logical_or, Kind::boolean, 0, {l, r}, &e);
            default: return l;
        }
    }

    std::uint32_t membership(ast::Binary const& b, ast::Expression const& e) {
        std::uint32_t value = compile(b.left);
        auto const& right = b.right.get();
        if (auto const* set = boost::get<ast::x3::forward_ast<ast::SetLiteral>>(&right)) {
            std::vector<std::uint32_t> children{value};
            for (auto const& item : set->get().items) children.push_back(compile(item));
            return add_step(Op::in_set, Kind::boolean, 0, children, &e);
        }
        if (auto const* range = boost::get<ast::x3::forward_ast<ast::Range>>(&right)) {
            std::uint32_t low = compile(range->get().low), high = compile(range->get().high);
            return add_step(Op::in_range, Kind::boolean, 0, {value, low, high}, &e);
        }
        std::uint32_t period = compile(b.right);
        return add_step(Op::in_period, Kind::boolean, 0, {value, period}, &e);
    }

    std::uint32_t visit(ast::Conditional const& c, ast::Expression const& e) {
        std::uint32_t cond = compile(c.condition), a = compile(c.then_branch), b = compile(c.else_branch);
        return add_step(Op::conditional, type_of_step(a), 0, {cond, a, b}, &e);
    }

    std::uint32_t visit(ast::Member const& m, ast::Expression const& e) {
        auto const& c = *checked_;
        if (auto const* name = boost::get<ast::Name>(&m.object.get())) {
            // 活動種別.準備枠: an enum value named with its enum (the checker preferred this reading).
            for (std::size_t en = 0; en < c.enums.size(); ++en) {
                if (c.enums[en].name != name->text) continue;
                for (std::size_t v = 0; v < c.enums[en].values.size(); ++v)
                    if (c.enums[en].values[v] == m.field.text)
                        return add_constant(Value::of_word(static_cast<std::int64_t>(v)), type_of(Kind::enumeration, static_cast<int>(en)), &e);
            }
        }
        std::uint32_t object = compile(m.object);
        int record = program_->steps[object].id;
        auto const& fields = c.records[static_cast<std::size_t>(record)].fields;
        std::size_t f = 0;
        while (f < fields.size() && fields[f].name != m.field.text) ++f;
        return add_step(Op::field, fields[f].type, static_cast<std::uint32_t>(f), {object}, &e);
    }

    // The element of a list-valued step: its record (the checker's index), or -1 for enum values.
    int element_of(std::uint32_t step) const {
        Step const& s = program_->steps[step];
        return s.element == Kind::record ? s.id : -1;
    }

    std::uint32_t visit(ast::Index const& index, ast::Expression const& e) {
        auto const* name = boost::get<ast::Name>(&index.table.get());
        int g = name ? checked_global(name->text) : -1;
        std::uint32_t key = compile(index.key);
        Kind kind = g >= 0 ? checked_->globals[static_cast<std::size_t>(g)].type.element : Kind::error;
        std::uint32_t first = g >= 0 ? table_first_[static_cast<std::size_t>(g)] : 0;
        return add_step(Op::lookup, kind, first, {key}, &e);
    }

    std::uint32_t visit(ast::SetLiteral const&, ast::Expression const& e) { return add_constant(Value{}, Kind::error, &e); }

    std::uint32_t visit(ast::Range const& r, ast::Expression const& e) {
        std::uint32_t low = compile(r.low), high = compile(r.high);
        return add_step(Op::period, Kind::period, 0, {low, high}, &e);
    }

    // Compiles `body` with the items of `list` in scope. Every comprehension of the program has a
    // level of its own (the register holding its current item), so that evaluating a global in the
    // middle of a comprehension cannot overwrite the item of another.
    template <typename F>
    std::uint32_t with_item(std::uint32_t list, F&& body) {
        std::uint32_t const level = program_->max_level++;
        scopes_.push_back({element_of(list), level});
        std::uint32_t result = body(level);
        scopes_.pop_back();
        return result;
    }

    std::uint32_t visit(ast::Filter const& f, ast::Expression const& e) {
        std::uint32_t list = compile(f.list);
        return with_item(list, [&](std::uint32_t level) {
            std::uint32_t cond = compile(f.condition);
            return add_step(Op::filter, type_of_step(list), level, {list, cond}, &e);
        });
    }

    std::uint32_t visit(ast::Call const& call, ast::Expression const& e) {
        std::u32string const& fn = call.function.text;
        auto is = [&](std::u32string_view en, std::u32string_view ja) { return fn == en || fn == ja; };
        if (is(U"count", U"件数")) {
            std::uint32_t list = compile(call.arguments[0]);
            return add_step(Op::count, Kind::number, 0, {list}, &e);
        }
        if (is(U"sum", U"合計") || is(U"all", U"すべて") || is(U"any", U"いずれか")) {
            Op op = is(U"sum", U"合計") ? Op::sum : is(U"all", U"すべて") ? Op::all : Op::any;
            std::uint32_t list = compile(call.arguments[0]);
            return with_item(list, [&](std::uint32_t level) {
                std::uint32_t body = compile(call.arguments[1]);
                Kind kind = op == Op::sum ? program_->steps[body].kind : Kind::boolean;
                return add_step(op, kind, level, {list, body}, &e);
            });
        }
        std::vector<std::uint32_t> args;
        for (auto const& a : call.arguments) args.push_back(compile(a));
        if (is(U"eligible", U"対象"))
            return add_step(Op::eligible, Kind::boolean, static_cast<std::uint32_t>(program_->steps[args[0]].id), args, &e);
        Kind kind = args.empty() ? Kind::error : program_->steps[args[0]].kind;
        if (is(U"min", U"最小")) return add_step(Op::minimum, kind, 0, args, &e);
        if (is(U"max", U"最大")) return add_step(Op::maximum, kind, 0, args, &e);
        if (is(U"abs", U"絶対値")) return add_step(Op::absolute, kind, 0, args, &e);
        if (auto const* rounding = find_rounding_function(fn))
            return add_step(Op::round, kind, static_cast<std::uint32_t>(rounding->mode), args, &e);
        return add_constant(Value{}, Kind::error, &e);
    }

    std::shared_ptr<check::CheckedProgram const> checked_;
    std::shared_ptr<Program> program_;
    std::vector<int> input_slot_;      // Per checker global: its slot if an input field, else -1.
    std::vector<int> global_index_;    // Per checker global: its index in Program::globals, else -1.
    std::vector<std::uint32_t> table_first_;  // Per checker global: a table's first constant.
    // The comprehensions around the expression being compiled, innermost last: the record of their
    // items (-1: enum values) and their level.
    struct Scope {
        int record;
        std::uint32_t level;
    };
    std::vector<Scope> scopes_;
};

}  // namespace detail

// Compiles a checked program. The Program keeps the checked program and its source alive, since
// explanations print the expressions it was compiled from.
inline std::shared_ptr<Program const> compile(std::shared_ptr<check::CheckedProgram const> checked,
                                              std::shared_ptr<SourceText const> source = nullptr) {
    return detail::Compiler(std::move(checked), std::move(source)).run();
}

}  // namespace kisoku::eval
