// kisoku/eval/evaluate.hpp — the evaluating stage: a Program and a bound Application give results.
//
// Logic is three-valued (Kleene): an absent input is unknown; `false and unknown` is false and
// `true or unknown` is true; arithmetic on an unknown is unknown. A comprehension over a list whose
// items are partly unknown is unknown only when the unknown items could change its result:
// count(構成員 where 法人) with two members known to be corporations and one unknown lies between 2
// and 3, so `>= 2` is true and `>= 3` unknown.
//
// While it evaluates, the Evaluator notes each unknown input it read; a step whose result is known
// forgets the unknowns read below it (they did not matter). What is left behind an unknown
// condition or amount is what the decision asks for next.
//
// An Evaluator is one thread's workspace: create one per thread (or per batch) and reuse it. After
// the first applications have grown its arrays, evaluation allocates nothing.
#pragma once

#include "kisoku/eval/program.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace kisoku::eval {

// The result of an eligibility condition.
enum class Outcome : std::uint8_t { pass, fail, unknown, not_applicable };

// An unknown input the evaluation read: an application slot, or a list item (a null item).
struct MissingRead {
    std::int64_t where = 0;
    bool is_item = false;
    friend bool operator==(MissingRead const&, MissingRead const&) = default;
};

// A range of MissingRead entries, [begin, end) in Evaluator::missing().
struct MissingRange {
    std::uint32_t begin = 0, end = 0;
};

class Evaluator {
public:
    explicit Evaluator(Program const& program) : program_(program) {
        globals_.resize(program.globals.size());
        global_state_.resize(program.globals.size());
        global_missing_range_.resize(program.globals.size());
        items_.resize(program.max_level + 1);
        std::size_t conditions = 0;
        for (auto const& e : program.eligibility) conditions += e.conditions.size();
        condition_outcomes_.resize(conditions);
        condition_missing_.resize(conditions);
        block_outcomes_.resize(program.eligibility.size());
        amount_missing_.resize(program.amounts.size());
        check_results_.resize(program.checks.size());
        document_results_.resize(program.documents.size());
    }

    Program const& program() const { return program_; }
    Application const* application() const { return app_; }

    // Evaluates every condition, amount, check and document for `app`, which must stay alive and
    // unchanged while this Evaluator's results are read.
    void run(Application const& app) {
        start(app);
        std::size_t index = 0;
        bool any_fail = false, any_unknown = false;
        for (std::size_t b = 0; b < program_.eligibility.size(); ++b) {
            auto const& block = program_.eligibility[b];
            bool block_pass = !block.any_of, block_unknown = false;
            for (auto const& condition : block.conditions) {
                auto const mark = static_cast<std::uint32_t>(missing_.size());
                Outcome o = evaluate_condition(condition);
                condition_outcomes_[index] = o;
                condition_missing_[index] = {mark, static_cast<std::uint32_t>(missing_.size())};
                ++index;
                if (block.any_of) {
                    if (o == Outcome::pass || o == Outcome::not_applicable) block_pass = true;
                    if (o == Outcome::unknown) block_unknown = true;
                } else {
                    if (o == Outcome::fail) block_pass = false;
                    if (o == Outcome::unknown) block_unknown = true;
                }
            }
            Outcome block_outcome = block.any_of ? (block_pass ? Outcome::pass : block_unknown ? Outcome::unknown : Outcome::fail)
                                                 : (!block_pass ? Outcome::fail : block_unknown ? Outcome::unknown : Outcome::pass);
            block_outcomes_[b] = block_outcome;
            any_fail = any_fail || block_outcome == Outcome::fail;
            any_unknown = any_unknown || block_outcome == Outcome::unknown;
        }
        verdict_fail_ = any_fail;
        verdict_unknown_ = !any_fail && any_unknown;
        for (std::size_t a = 0; a < program_.amounts.size(); ++a) {
            auto const mark = static_cast<std::uint32_t>(missing_.size());
            global(program_.amounts[a]);
            amount_missing_[a] = {mark, static_cast<std::uint32_t>(missing_.size())};
        }
        // Checks and documents: what they read does not settle the verdict, so it is not asked for.
        auto const settled = missing_.size();
        for (std::size_t c = 0; c < program_.checks.size(); ++c) check_results_[c] = eval(program_.checks[c].test);
        for (std::size_t d = 0; d < program_.documents.size(); ++d)
            document_results_[d] = program_.documents[d].conditional ? eval(program_.documents[d].when) : Value::boolean(true);
        missing_.resize(settled);
    }

    // After run(): the results.
    bool ineligible() const { return verdict_fail_; }
    bool undetermined() const { return verdict_unknown_; }
    Outcome condition_outcome(std::size_t i) const { return condition_outcomes_[i]; }
    MissingRange condition_missing(std::size_t i) const { return condition_missing_[i]; }
    Outcome block_outcome(std::size_t b) const { return block_outcomes_[b]; }
    Value const& amount(std::size_t a) { return global(program_.amounts[a]); }
    MissingRange amount_missing(std::size_t a) const { return amount_missing_[a]; }
    Value const& check_result(std::size_t c) const { return check_results_[c]; }
    Value const& document_result(std::size_t d) const { return document_results_[d]; }
    std::vector<MissingRead> const& missing() const { return missing_; }
    // Steps where a division by zero happened (their result was taken as unknown).
    std::vector<std::uint32_t> const& division_errors() const { return division_errors_; }

    // The value of global g (computed once per application).
    Value const& global(std::uint32_t g) {
        switch (global_state_[g]) {
            case 2: {
                auto const r = global_missing_range_[g];
                for (std::uint32_t i = r.begin; i < r.end; ++i) missing_.push_back(global_missing_[i]);
                return globals_[g];
            }
            case 1: return unknown_;  // Not reached: the checker refuses cycles.
            default: break;
        }
        global_state_[g] = 1;
        auto const mark = missing_.size();
        Value v = eval(program_.globals[g].root);
        if (program_.globals[g].kind == Kind::list && v.known() && (v.flags & Value::arena_mask) == Value::arena_scratch) {
            // A list value outlives the step that filtered it: move its items where they are kept.
            auto const first = static_cast<std::int64_t>(global_lists_.size());
            for (std::int64_t i = 0; i < v.word2; ++i) global_lists_.push_back(scratch_[static_cast<std::size_t>(v.word + i)]);
            v.word = first;
            v.flags = static_cast<std::uint8_t>((v.flags & ~Value::arena_mask) | Value::arena_globals);
        }
        globals_[g] = std::move(v);
        auto const begin = static_cast<std::uint32_t>(global_missing_.size());
        for (auto i = mark; i < missing_.size(); ++i) global_missing_.push_back(missing_[i]);
        global_missing_range_[g] = {begin, static_cast<std::uint32_t>(global_missing_.size())};
        global_state_[g] = 2;
        return globals_[g];
    }

    // Evaluates step `index` in the current application (and the current items, when called while
    // a comprehension is being evaluated).
    Value eval(std::uint32_t index) {
        auto const mark = missing_.size();
        Value v = dispatch(program_.steps[index]);
        // A known result did not need what was unknown below it, unless it is a list that keeps
        // items whose membership is unknown (they may still change what is computed from it).
        if (v.state == State::known && !(v.flags & Value::uncertain)) missing_.resize(mark);
        return v;
    }

    // Evaluates a step whose operands are all constants, for the compiler's folding.
    Value evaluate_constant(std::uint32_t index) {
        app_ = nullptr;
        return eval(index);
    }

    // The text of a text value.
    std::string_view text(Value const& v) const {
        if (v.flags & Value::program_text) return program_.texts[static_cast<std::size_t>(v.word)];
        return app_ ? std::string_view(app_->texts[static_cast<std::size_t>(v.word)]) : std::string_view();
    }

    // The items of a list value.
    Value const* list_items(Value const& list) const {
        switch (list.flags & Value::arena_mask) {
            case Value::arena_scratch: return scratch_.data() + list.word;
            case Value::arena_globals: return global_lists_.data() + list.word;
            default: return app_->items.data() + list.word;
        }
    }

private:
    void start(Application const& app) {
        app_ = &app;
        std::fill(global_state_.begin(), global_state_.end(), std::uint8_t{0});
        missing_.clear();
        global_missing_.clear();
        scratch_.clear();
        global_lists_.clear();
        division_errors_.clear();
    }

    Outcome evaluate_condition(ConditionPlan const& c) {
        auto const mark = missing_.size();
        Value applies = Value::boolean(true);
        if (c.applicability != Applicability::always) {
            Value a = eval(c.applies);
            if (a.known()) applies = Value::boolean(c.applicability == Applicability::when ? a.word != 0 : a.word == 0);
            else applies = a;
        }
        if (applies.known() && applies.word == 0) return Outcome::not_applicable;
        Value t = eval(c.test);
        if (t.known() && t.word != 0) {
            // It holds whether it applies or not: what made applicability unknown does not matter.
            missing_.resize(mark);
            return Outcome::pass;
        }
        if (!applies.known()) return Outcome::unknown;
        return t.known() ? Outcome::fail : Outcome::unknown;
    }

    Value const& operand_value(Step const& s, std::uint32_t i, Value& holder) {
        holder = eval(program_.operands[s.first + i]);
        return holder;
    }

    // The record slot of a field read, or the unknown that stopped it.
    Value read_field(Value const& record, std::uint32_t field) {
        if (!record.known()) return record;
        Value const& v = app_->slots[static_cast<std::size_t>(record.word + field)];
        if (!v.known() && v.state != State::bounded) missing_.push_back({v.word, (v.flags & Value::from_item) != 0});
        return v;
    }

    static int compare_numbers(Value const& a, Value const& b) {
        auto c = a.number <=> b.number;
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

    // A comparison, three-valued. Bounded whole numbers compare as intervals.
    Value compare(Op op, Value const& l, Value const& r, Kind kind) {
        if (l.state == State::unknown || r.state == State::unknown) return unknown_;
        if (l.state == State::bounded || r.state == State::bounded) return compare_bounds(op, l, r);
        int c = 0;
        switch (kind) {
            case Kind::number:
            case Kind::yen: c = compare_numbers(l, r); break;
            case Kind::text: {
                auto a = text(l), b = text(r);
                c = a < b ? -1 : a > b ? 1 : 0;
                break;
            }
            case Kind::period: c = l.word != r.word ? (l.word < r.word ? -1 : 1) : (l.word2 < r.word2 ? -1 : l.word2 > r.word2 ? 1 : 0); break;
            default: c = l.word < r.word ? -1 : l.word > r.word ? 1 : 0; break;
        }
        switch (op) {
            case Op::equal: return Value::boolean(c == 0);
            case Op::not_equal: return Value::boolean(c != 0);
            case Op::less: return Value::boolean(c < 0);
            case Op::less_equal: return Value::boolean(c <= 0);
            case Op::greater: return Value::boolean(c > 0);
            default: return Value::boolean(c >= 0);
        }
    }

    // Compares [lo, hi] intervals: decided when every point of them gives the same answer.
    Value compare_bounds(Op op, Value const& l, Value const& r) {
        auto low = [](Value const& v) { return v.state == State::bounded ? Number(v.word) : v.number; };
        auto high = [](Value const& v) { return v.state == State::bounded ? Number(v.word2) : v.number; };
        Number const ll = low(l), lh = high(l), rl = low(r), rh = high(r);
        auto decide = [&](bool always, bool never) { return always ? Value::boolean(true) : never ? Value::boolean(false) : unknown_; };
        switch (op) {
            case Op::less: return decide(lh < rl, ll >= rh);
            case Op::less_equal: return decide(lh <= rl, ll > rh);
            case Op::greater: return decide(ll > rh, lh <= rl);
            case Op::greater_equal: return decide(ll >= rh, lh < rl);
            case Op::equal: return decide(false, lh < rl || rh < ll);
            default: return decide(lh < rl || rh < ll, false);
        }
    }

    Value dispatch(Step const& s) {
        Value a, b;
        switch (s.op) {
            case Op::constant: return program_.constants[s.a];
            case Op::input: {
                if (!app_) return unknown_;
                Value const& v = app_->slots[s.a];
                if (v.state == State::unknown) missing_.push_back({v.word, false});
                return v;
            }
            case Op::item: {
                Value const& v = items_[s.a];
                if (v.state == State::unknown) missing_.push_back({v.word, (v.flags & Value::from_item) != 0});
                return v;
            }
            case Op::field: return read_field(operand_value(s, 0, a), s.a);
            case Op::global: return global(s.a);
            case Op::lookup: {
                operand_value(s, 0, a);
                if (!a.known()) return a;
                return program_.constants[s.a + static_cast<std::size_t>(a.word)];
            }
            case Op::negate: {
                operand_value(s, 0, a);
                if (!a.known()) return unknown_;
                return Value::of_number(-a.number);
            }
            case Op::logical_not: {
                operand_value(s, 0, a);
                if (!a.known()) return a;
                return Value::boolean(a.word == 0);
            }
            case Op::add:
            case Op::subtract:
            case Op::multiply:
            case Op::divide: {
                operand_value(s, 0, a);
                operand_value(s, 1, b);
                if (!a.known() || !b.known()) return unknown_;
                switch (s.op) {
                    case Op::add: return Value::of_number(a.number + b.number);
                    case Op::subtract: return Value::of_number(a.number - b.number);
                    case Op::multiply: return Value::of_number(a.number * b.number);
                    default:
                        if (b.number.is_zero()) {
                            division_errors_.push_back(static_cast<std::uint32_t>(&s - program_.steps.data()));
                            return unknown_;
                        }
                        return Value::of_number(a.number / b.number);
                }
            }
            case Op::equal:
            case Op::not_equal:
            case Op::less:
            case Op::less_equal:
            case Op::greater:
            case Op::greater_equal: {
                operand_value(s, 0, a);
                operand_value(s, 1, b);
                return compare(s.op, a, b, program_.steps[program_.operands[s.first]].kind);
            }
            case Op::logical_and:
            case Op::logical_or: {
                bool const is_and = s.op == Op::logical_and;
                operand_value(s, 0, a);
                // false and … is false; true or … is true, whatever the right side is.
                if (a.known() && (a.word != 0) != is_and) return a;
                operand_value(s, 1, b);
                if (b.known() && (b.word != 0) != is_and) return b;
                if (a.known() && b.known()) return b;
                return unknown_;
            }
            case Op::in_set: {
                operand_value(s, 0, a);
                if (!a.known()) return unknown_;
                Kind kind = program_.steps[program_.operands[s.first]].kind;
                bool maybe = false;
                for (std::uint32_t i = 1; i < s.count; ++i) {
                    operand_value(s, i, b);
                    Value r = compare(Op::equal, a, b, kind);
                    if (r.known() && r.word) return r;
                    if (!r.known()) maybe = true;
                }
                return maybe ? unknown_ : Value::boolean(false);
            }
            case Op::in_range: {
                Value c;
                operand_value(s, 0, a);
                operand_value(s, 1, b);
                operand_value(s, 2, c);
                Kind kind = program_.steps[program_.operands[s.first]].kind;
                Value low = compare(Op::greater_equal, a, b, kind);
                Value high = compare(Op::less_equal, a, c, kind);
                if ((low.known() && !low.word) || (high.known() && !high.word)) return Value::boolean(false);
                if (low.known() && high.known()) return Value::boolean(true);
                return unknown_;
            }
            case Op::in_period: {
                operand_value(s, 0, a);
                operand_value(s, 1, b);
                if (!a.known() || !b.known()) return unknown_;
                return Value::boolean(a.word >= b.word && a.word <= b.word2);
            }
            case Op::period: {
                operand_value(s, 0, a);
                operand_value(s, 1, b);
                if (!a.known() || !b.known()) return unknown_;
                return Value::of_word(a.word, b.word);
            }
            case Op::conditional: {
                operand_value(s, 0, a);
                if (a.known()) return eval(program_.operands[s.first + (a.word ? 1 : 2)]);
                // An unknown condition matters only when the branches differ.
                Value c;
                operand_value(s, 1, b);
                operand_value(s, 2, c);
                if (b.known() && c.known() && compare(Op::equal, b, c, s.kind).word) return b;
                return unknown_;
            }
            case Op::filter: return filter(s);
            case Op::count: {
                operand_value(s, 0, a);
                if (!a.known()) return unknown_;
                Value const* items = list_items(a);
                std::int64_t sure = 0, maybe = 0;
                for (std::int64_t i = 0; i < a.word2; ++i) (items[i].flags & Value::maybe_member ? maybe : sure) += 1;
                if (maybe == 0) return Value::of_number(Number(sure));
                Value v;
                v.state = State::bounded;
                v.word = sure;
                v.word2 = sure + maybe;
                return v;
            }
            case Op::sum: return sum(s);
            case Op::all:
            case Op::any: return all_any(s);
            case Op::eligible: {
                operand_value(s, 0, a);
                if (!a.known()) return unknown_;
                return Value::boolean(program_.enums[s.a].eligible[static_cast<std::size_t>(a.word)]);
            }
            case Op::minimum:
            case Op::maximum: {
                // min(a, unknown) is unknown: the unknown could be smaller than anything.
                Value best;
                bool unknown = false;
                for (std::uint32_t i = 0; i < s.count; ++i) {
                    operand_value(s, i, a);
                    if (!a.known()) {
                        unknown = true;
                        continue;
                    }
                    if (i == 0 || best.state == State::unknown ||
                        (s.op == Op::minimum ? a.number < best.number : best.number < a.number))
                        best = std::move(a);
                }
                return unknown ? unknown_ : best;
            }
            case Op::absolute: {
                operand_value(s, 0, a);
                if (!a.known()) return unknown_;
                return Value::of_number(a.number.abs());
            }
            case Op::round: {
                operand_value(s, 0, a);
                if (!a.known()) return unknown_;
                Number unit(1);
                if (s.count > 1) {
                    operand_value(s, 1, b);
                    if (!b.known()) return unknown_;
                    if (b.number.sign() <= 0) {
                        division_errors_.push_back(static_cast<std::uint32_t>(&s - program_.steps.data()));
                        return unknown_;
                    }
                    unit = b.number;
                }
                return Value::of_number(round_to(a.number, unit, static_cast<RoundingMode>(s.a)));
            }
        }
        return unknown_;
    }

    // Sets the item of `level` for the body of a comprehension.
    void set_item(std::uint32_t level, Value const& item) { items_[level] = item; }

    Value filter(Step const& s) {
        Value list;
        operand_value(s, 0, list);
        if (!list.known()) return unknown_;
        auto const first = scratch_.size();
        std::uint32_t const body = program_.operands[s.first + 1];
        bool uncertain = false;
        for (std::int64_t i = 0; i < list.word2; ++i) {
            Value item = list_items(list)[i];  // A copy: the scratch array may grow below.
            set_item(s.a, item);
            auto const scratch_mark = scratch_.size();
            Value t = eval(body);
            scratch_.resize(scratch_mark);
            if (t.known() && !t.word) continue;
            if (!t.known() || (item.flags & Value::maybe_member)) {
                item.flags |= Value::maybe_member;
                uncertain = true;
            }
            scratch_.push_back(item);
        }
        Value out = Value::of_word(static_cast<std::int64_t>(first), static_cast<std::int64_t>(scratch_.size() - first));
        out.flags = Value::arena_scratch | (uncertain ? Value::uncertain : 0);
        return out;
    }

    Value sum(Step const& s) {
        Value list;
        operand_value(s, 0, list);
        if (!list.known()) return unknown_;
        std::uint32_t const body = program_.operands[s.first + 1];
        Number total(0);
        bool unknown = false;
        for (std::int64_t i = 0; i < list.word2; ++i) {
            Value item = list_items(list)[i];
            set_item(s.a, item);
            auto const scratch_mark = scratch_.size();
            Value v = eval(body);
            scratch_.resize(scratch_mark);
            if (!v.known()) {
                unknown = true;
            } else if (item.flags & Value::maybe_member) {
                if (!v.number.is_zero()) unknown = true;  // Whether it counts is unknown, and it would change the total.
            } else {
                total += v.number;
            }
        }
        return unknown ? unknown_ : Value::of_number(std::move(total));
    }

    Value all_any(Step const& s) {
        bool const is_all = s.op == Op::all;
        Value list;
        operand_value(s, 0, list);
        if (!list.known()) return unknown_;
        std::uint32_t const body = program_.operands[s.first + 1];
        // For all: a definite counterexample decides false; a possible one leaves it unknown.
        bool decided = false, possible = false;
        for (std::int64_t i = 0; i < list.word2; ++i) {
            Value item = list_items(list)[i];
            set_item(s.a, item);
            auto const scratch_mark = scratch_.size();
            Value t = eval(body);
            scratch_.resize(scratch_mark);
            bool const counter = t.known() && (t.word != 0) != is_all;  // false for all, true for any
            bool const maybe_member = (item.flags & Value::maybe_member) != 0;
            if (counter && !maybe_member) {
                decided = true;
                break;
            }
            if (counter || !t.known()) possible = true;
        }
        if (decided) return Value::boolean(!is_all);
        if (possible) return unknown_;
        return Value::boolean(is_all);
    }

    Program const& program_;
    Application const* app_ = nullptr;
    Value unknown_{};
    std::vector<Value> globals_;
    std::vector<std::uint8_t> global_state_;  // 0 not computed, 1 being computed, 2 computed.
    std::vector<MissingRange> global_missing_range_;
    std::vector<MissingRead> global_missing_;
    std::vector<Value> items_;         // The current item of each comprehension level.
    std::vector<Value> scratch_;       // Items of lists filtered by `where`, while they are needed.
    std::vector<Value> global_lists_;  // Items of list-valued globals.
    std::vector<MissingRead> missing_;
    std::vector<std::uint32_t> division_errors_;
    std::vector<Outcome> condition_outcomes_;
    std::vector<MissingRange> condition_missing_;
    std::vector<Outcome> block_outcomes_;
    std::vector<MissingRange> amount_missing_;
    std::vector<Value> check_results_;
    std::vector<Value> document_results_;
    bool verdict_fail_ = false, verdict_unknown_ = false;
};

}  // namespace kisoku::eval
