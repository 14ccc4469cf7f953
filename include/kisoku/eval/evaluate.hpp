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

#include "kisoku/eval/native.hpp"
#include "kisoku/eval/program.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace kisoku::eval {

// The result of an eligibility condition.
// The values are those generated code writes for a condition (see NativeRules), so that its
// results are taken as they are.
enum class Outcome : std::uint8_t { unknown, pass, fail, not_applicable };

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

// Limits on one evaluation. The language has no loops beyond comprehensions over the
// application's lists, so an evaluation always ends; but comprehensions nested inside each other
// take time that grows with the product of the lists' lengths, and this bounds it.
struct EvalLimits {
    std::uint64_t max_steps = 50'000'000;  // Steps evaluated for one application.
};

class Evaluator {
public:
    explicit Evaluator(Program const& program, EvalLimits limits = {}) : program_(program), limits_(limits) {
        globals_.resize(program.globals.size());
        global_state_.resize(program.globals.size());
        global_missing_range_.resize(program.globals.size());
        item_at_.assign(program.max_level + 1, &unknown_);
        item_copies_.resize(program.max_level + 1);
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
        // Counted at the first run, not on construction: the compiler makes Evaluators of a
        // program it is still building, to fold constants.
        if (steps_at_depth_.empty()) {
            count_steps_by_depth();
            find_budget_items();
        }
        bool const optimistic = optimistic_ && program_.fused.size() == program_.steps.size() && within_known_budget(app);
        bool const native = optimistic && native_ != nullptr;
        if (native) {
            start_native(app);
            if (finish_native()) return;
        }
        std::size_t index = 0;
        bool any_fail = false, any_unknown = false;
        for (std::size_t b = 0; b < program_.eligibility.size(); ++b) {
            auto const& block = program_.eligibility[b];
            bool block_pass = !block.any_of, block_unknown = false;
            for (auto const& condition : block.conditions) {
                auto const mark = static_cast<std::uint32_t>(missing_.size());
                Outcome o = native ? native_condition(index, condition) : optimistic ? known_condition(condition) : evaluate_condition(condition);
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
            if (native)
                native_global_or_known(program_.amounts[a]);
            else if (optimistic)
                known_global_or_general(program_.amounts[a]);
            else
                global(program_.amounts[a]);
            amount_missing_[a] = {mark, static_cast<std::uint32_t>(missing_.size())};
        }
        // Checks and documents: what they read does not settle the verdict, so it is not asked for.
        auto const settled = missing_.size();
        // Where generated code wrote the result of each (see NativeRules).
        std::size_t const first_check = condition_outcomes_.size(), first_document = first_check + program_.checks.size();
        auto root_truth = [&](std::uint32_t root, std::size_t result) {
            return native ? native_truth_or_known(result, root) : optimistic ? known_truth_or_general(root) : truth(root);
        };
        for (std::size_t c = 0; c < program_.checks.size(); ++c) check_results_[c] = root_truth(program_.checks[c].test, first_check + c);
        for (std::size_t d = 0; d < program_.documents.size(); ++d)
            document_results_[d] = program_.documents[d].conditional ? root_truth(program_.documents[d].when, first_document + d) : Truth::yes;
        missing_.resize(settled);
    }

    // Whether run() takes the optimistic path first (see "The optimistic path" below). Turning it
    // off gives the same results, more slowly; the tests compare the two.
    void set_optimistic(bool on) noexcept { optimistic_ = on; }

    // Decides the roots first with C++ generated from this program (`kisoku generate cpp`, see
    // kisoku/eval/native.hpp), where run() would take the optimistic path; the results are the
    // same, sooner. Returns false, and goes on without it, when `rules` was generated from another
    // plan than this Program's (the rule file changed since the code was generated). Null turns it
    // off. `rules` must outlive the Evaluator (generated rules are constants of the program).
    bool set_native(NativeRules const* rules) {
        native_ = nullptr;
        if (!rules) return true;
        if (rules->fingerprint != plan_fingerprint(program_) || rules->conditions != condition_outcomes_.size() ||
            rules->globals.size() != program_.globals.size() || rules->checks != program_.checks.size() ||
            rules->documents != program_.documents.size() || !rules->decide)
            return false;
        native_ = rules;
        native_globals_.resize(program_.globals.size());
        native_global_state_.resize(program_.globals.size());
        // Padded to whole words for all_decided, with bytes that read as decided.
        std::size_t const roots = rules->conditions + rules->checks + rules->documents;
        native_results_.assign((roots + 7) / 8 * 8, std::uint8_t{1});
        return true;
    }
    // Whether run() calls generated code (set_native accepted it).
    bool has_native() const noexcept { return native_ != nullptr; }
    // How many conditions, checks and conditional documents generated code decided (rather than
    // handed back), over every application since this Evaluator was made: how much of the work it
    // takes.
    std::uint64_t native_decided() const noexcept { return native_decided_; }

    // After run(): the results.
    bool ineligible() const { return verdict_fail_; }
    bool undetermined() const { return verdict_unknown_; }
    Outcome condition_outcome(std::size_t i) const { return condition_outcomes_[i]; }
    MissingRange condition_missing(std::size_t i) const { return condition_missing_[i]; }
    Outcome block_outcome(std::size_t b) const { return block_outcomes_[b]; }
    Value const& amount(std::size_t a) { return global(program_.amounts[a]); }
    MissingRange amount_missing(std::size_t a) const { return amount_missing_[a]; }
    Value const& check_result(std::size_t c) const { return boolean_value(check_results_[c]); }
    Value const& document_result(std::size_t d) const { return boolean_value(document_results_[d]); }
    std::vector<MissingRead> const& missing() const { return missing_; }
    // Whether the evaluation stopped at EvalLimits::max_steps (what was left is unknown).
    bool exhausted() const { return exhausted_; }
    EvalLimits const& limits() const { return limits_; }
    // Steps where a division by zero or a rounding to a unit not above zero happened (their result
    // was taken as unknown), and the divisor or unit of each.
    std::vector<std::uint32_t> const& division_errors() const { return division_errors_; }
    std::vector<Number> const& division_error_operands() const { return division_operands_; }

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
        if (++steps_ > limits_.max_steps) {
            // Over the limit: every further step is unknown, and the decision says why.
            exhausted_ = true;
            return unknown_;
        }
        auto const mark = missing_.size();
        Value v = dispatch(program_.steps[index]);
        // A known result did not need what was unknown below it, unless it is a list that keeps
        // items whose membership is unknown (they may still change what is computed from it).
        if (v.state == State::known && !(v.flags & Value::uncertain)) forget_missing(mark);
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
        return app_ ? app_->text(static_cast<std::size_t>(v.word)) : std::string_view();
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
        slots_ = app.slots.data();
        steps_ = 0;
        exhausted_ = false;
        std::fill(global_state_.begin(), global_state_.end(), std::uint8_t{0});
        missing_.clear();
        global_missing_.clear();
        scratch_.clear();
        global_lists_.clear();
        division_errors_.clear();
        division_operands_.clear();
    }

    // Three-valued truth. Steps whose result is a boolean (conditions, tests of `where`, bodies of
    // all/any, logical operators, comparisons) are evaluated to a Truth instead of a Value: a Value
    // carries a Number, and building, copying and destroying it was most of the cost of evaluating
    // a rule file. truth(i) has exactly the effects of eval(i) (steps counted, unknown inputs
    // noted) and gives the same answer.
    // The values are those generated code writes for a check or a document (see NativeRules).
    enum class Truth : std::uint8_t { unknown, yes, no };

    static Truth truth_of(Value const& v) { return v.state != State::known ? Truth::unknown : v.word ? Truth::yes : Truth::no; }
    Value value_of(Truth t) const { return t == Truth::unknown ? unknown_ : Value::boolean(t == Truth::yes); }
    // The same as a reference to one of three constant Values.
    static Value const& boolean_value(Truth t) {
        static Value const values[3] = {Value{}, Value::boolean(true), Value::boolean(false)};
        return values[static_cast<int>(t)];
    }

    Truth truth(std::uint32_t index) {
        if (++steps_ > limits_.max_steps) {
            exhausted_ = true;
            return Truth::unknown;
        }
        auto const mark = missing_.size();
        Truth const t = truth_step(program_.steps[index]);
        // A known result did not need what was unknown below it (as in eval).
        if (t != Truth::unknown) forget_missing(mark);
        return t;
    }

    // Forgets the unknown inputs noted since `mark`, and the scratch items added since
    // `scratch_mark` (tested inline: most steps add none).
    void forget_missing(std::size_t mark) {
        if (missing_.size() > mark) missing_.resize(mark);
    }
    void forget_scratch(std::size_t scratch_mark) {
        if (scratch_.size() > scratch_mark) scratch_.resize(scratch_mark);
    }

    Truth operand_truth(Step const& s, std::uint32_t i) { return truth(program_.operands[s.first + i]); }

    Outcome evaluate_condition(ConditionPlan const& c) {
        auto const mark = missing_.size();
        Truth applies = Truth::yes;
        if (c.applicability != Applicability::always) {
            Truth const a = truth(c.applies);
            if (a != Truth::unknown)
                applies = (c.applicability == Applicability::when ? a == Truth::yes : a == Truth::no) ? Truth::yes : Truth::no;
            else
                applies = Truth::unknown;
        }
        if (applies == Truth::no) return Outcome::not_applicable;
        Truth const t = truth(c.test);
        if (t == Truth::yes) {
            // It holds whether it applies or not: what made applicability unknown does not matter.
            forget_missing(mark);
            return Outcome::pass;
        }
        if (applies == Truth::unknown) return Outcome::unknown;
        return t == Truth::no ? Outcome::fail : Outcome::unknown;
    }

    // The value a stored read gives, as a reference, with eval's effects on missing_ except the
    // final forgetting of unknowns below a known result. `holder` receives the record of a field
    // when the record is computed rather than stored (it stays empty otherwise: nothing is built).
    Value const& read_stored(Step const& s, std::optional<Value>& holder) {
        switch (s.op) {
            case Op::constant: return program_.constants[s.a];
            case Op::input: {
                if (!app_) return unknown_;
                Value const& v = app_->slots[s.a];
                if (v.state == State::unknown) missing_.push_back({v.word, false});
                return v;
            }
            case Op::item: {
                Value const& v = *item_at_[s.a];
                if (v.state == State::unknown) missing_.push_back({v.word, (v.flags & Value::from_item) != 0});
                return v;
            }
            case Op::field: {
                // The record slot of a field read, or the unknown that stopped it. A field of the
                // current item, the commonest read of all, reads the item in place, as value_ref
                // would (one step; an unknown item noted).
                Value const* item = nullptr;
                if (s.item_level != 0) {
                    if (++steps_ > limits_.max_steps) {
                        exhausted_ = true;
                        return unknown_;
                    }
                    item = item_at_[s.item_level - 1];
                    if (item->state == State::unknown) missing_.push_back({item->word, (item->flags & Value::from_item) != 0});
                }
                Value const& record = item ? *item : operand_ref(s, 0, holder);
                if (!record.known()) return record;
                Value const& v = app_->slots[static_cast<std::size_t>(record.word + s.a)];
                if (!v.known() && v.state != State::bounded) missing_.push_back({v.word, (v.flags & Value::from_item) != 0});
                return v;
            }
            default: return global(s.a);
        }
    }

    // What eval(index) returns, as a reference to the stored value when the step reads one (valid
    // while this application is evaluated: the program, the application and the globals do not
    // move, and an item stays current until its comprehension moves on), or else to the computed
    // value, placed in `holder`.
    Value const& value_ref(std::uint32_t index, std::optional<Value>& holder) {
        Step const& s = program_.steps[index];
        if (!reads_stored(s.op)) return holder.emplace(eval(index));
        if (++steps_ > limits_.max_steps) {
            exhausted_ = true;
            return unknown_;
        }
        auto const mark = missing_.size();
        Value const& v = read_stored(s, holder);
        if (v.state == State::known && !(v.flags & Value::uncertain)) forget_missing(mark);
        return v;
    }

    Value const& operand_ref(Step const& s, std::uint32_t i, std::optional<Value>& holder) { return value_ref(program_.operands[s.first + i], holder); }

    static int compare_numbers(Value const& a, Value const& b) {
        auto c = a.number() <=> b.number();
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

    static Truth truth_of(bool b) noexcept { return b ? Truth::yes : Truth::no; }

    // A comparison, three-valued. Bounded whole numbers compare as intervals.
    Truth compare_truth(Op op, Value const& l, Value const& r, Kind kind) {
        if (l.state == State::unknown || r.state == State::unknown) return Truth::unknown;
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
            case Kind::period: c = compare_periods(l, r); break;
            default: c = l.word < r.word ? -1 : l.word > r.word ? 1 : 0; break;
        }
        return truth_of(ordering_holds(op, c));
    }

    static int compare_periods(Value const& l, Value const& r) noexcept { return native::compare_periods(l, r); }

    // Whether comparison `op` holds of two values whose order is c (-1, 0 or 1).
    static bool ordering_holds(Op op, int c) noexcept {
        switch (op) {
            case Op::equal: return c == 0;
            case Op::not_equal: return c != 0;
            case Op::less: return c < 0;
            case Op::less_equal: return c <= 0;
            case Op::greater: return c > 0;
            default: return c >= 0;
        }
    }

    // Compares [lo, hi] intervals: decided when every point of them gives the same answer.
    Truth compare_bounds(Op op, Value const& l, Value const& r) {
        auto low = [](Value const& v) { return v.state == State::bounded ? Number(v.word) : v.number(); };
        auto high = [](Value const& v) { return v.state == State::bounded ? Number(v.word2) : v.number(); };
        Number const ll = low(l), lh = high(l), rl = low(r), rh = high(r);
        auto decide = [&](bool always, bool never) { return always ? Truth::yes : never ? Truth::no : Truth::unknown; };
        switch (op) {
            case Op::less: return decide(lh < rl, ll >= rh);
            case Op::less_equal: return decide(lh <= rl, ll > rh);
            case Op::greater: return decide(ll > rh, lh <= rl);
            case Op::greater_equal: return decide(ll >= rh, lh < rl);
            case Op::equal: return decide(false, lh < rl || rh < ll);
            default: return decide(lh < rl || rh < ll, false);
        }
    }

    // The steps with a boolean result (every op dispatch hands to it, and stored reads of booleans).
    Truth truth_step(Step const& s) {
        switch (s.op) {
            case Op::constant:
            case Op::input:
            case Op::item:
            case Op::field:
            case Op::global: {
                std::optional<Value> holder;
                return truth_of(read_stored(s, holder));
            }
            case Op::logical_not: {
                Truth const a = operand_truth(s, 0);
                return a == Truth::unknown ? a : a == Truth::yes ? Truth::no : Truth::yes;
            }
            case Op::logical_and:
            case Op::logical_or: {
                bool const is_and = s.op == Op::logical_and;
                // false and … is false; true or … is true, whatever the right side is.
                Truth const a = operand_truth(s, 0);
                if (a != Truth::unknown && (a == Truth::yes) != is_and) return a;
                Truth const b = operand_truth(s, 1);
                if (b != Truth::unknown && (b == Truth::yes) != is_and) return b;
                if (a != Truth::unknown && b != Truth::unknown) return b;
                return Truth::unknown;
            }
            case Op::equal:
            case Op::not_equal:
            case Op::less:
            case Op::less_equal:
            case Op::greater:
            case Op::greater_equal: {
                std::optional<Value> ha, hb;
                Value const& a = operand_ref(s, 0, ha);
                Value const& b = operand_ref(s, 1, hb);
                return compare_truth(s.op, a, b, program_.steps[program_.operands[s.first]].kind);
            }
            case Op::in_set: {
                std::optional<Value> ha, hb;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return Truth::unknown;
                Kind kind = program_.steps[program_.operands[s.first]].kind;
                bool maybe = false;
                for (std::uint32_t i = 1; i < s.count; ++i) {
                    Truth const r = compare_truth(Op::equal, a, operand_ref(s, i, hb), kind);
                    if (r == Truth::yes) return r;
                    if (r == Truth::unknown) maybe = true;
                }
                return maybe ? Truth::unknown : Truth::no;
            }
            case Op::in_range: {
                std::optional<Value> ha, hb, hc;
                Value const& a = operand_ref(s, 0, ha);
                Value const& b = operand_ref(s, 1, hb);
                Value const& c = operand_ref(s, 2, hc);
                Kind kind = program_.steps[program_.operands[s.first]].kind;
                Truth const low = compare_truth(Op::greater_equal, a, b, kind);
                Truth const high = compare_truth(Op::less_equal, a, c, kind);
                if (low == Truth::no || high == Truth::no) return Truth::no;
                if (low != Truth::unknown && high != Truth::unknown) return Truth::yes;
                return Truth::unknown;
            }
            case Op::in_period: {
                std::optional<Value> ha, hb;
                Value const& a = operand_ref(s, 0, ha);
                Value const& b = operand_ref(s, 1, hb);
                if (!a.known() || !b.known()) return Truth::unknown;
                return truth_of(a.word >= b.word && a.word <= b.word2);
            }
            case Op::eligible: {
                std::optional<Value> ha;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return Truth::unknown;
                return truth_of(program_.enums[s.a].eligible[static_cast<std::size_t>(a.word)]);
            }
            case Op::all:
            case Op::any: return all_any(s);
            default: return truth_of(dispatch(s));  // Boolean results of other steps (if … then … else, a table).
        }
    }

    Value dispatch(Step const& s) {
        switch (s.op) {
            case Op::constant:
            case Op::input:
            case Op::item:
            case Op::field:
            case Op::global: {
                std::optional<Value> holder;
                return read_stored(s, holder);
            }
            case Op::logical_not:
            case Op::logical_and:
            case Op::logical_or:
            case Op::equal:
            case Op::not_equal:
            case Op::less:
            case Op::less_equal:
            case Op::greater:
            case Op::greater_equal:
            case Op::in_set:
            case Op::in_range:
            case Op::in_period:
            case Op::eligible:
            case Op::all:
            case Op::any: return value_of(truth_step(s));
            case Op::lookup: {
                std::optional<Value> ha;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return a;
                return program_.constants[s.a + static_cast<std::size_t>(a.word)];
            }
            case Op::negate: {
                std::optional<Value> ha;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return unknown_;
                return Value::of_number(-a.number());
            }
            case Op::add:
            case Op::subtract:
            case Op::multiply:
            case Op::divide: {
                std::optional<Value> ha, hb;
                Value const& a = operand_ref(s, 0, ha);
                Value const& b = operand_ref(s, 1, hb);
                if (!a.known() || !b.known()) return unknown_;
                switch (s.op) {
                    case Op::add: return Value::of_number(a.number() + b.number());
                    case Op::subtract: return Value::of_number(a.number() - b.number());
                    case Op::multiply: return Value::of_number(a.number() * b.number());
                    default:
                        if (b.number().is_zero()) {
                            division_errors_.push_back(static_cast<std::uint32_t>(&s - program_.steps.data()));
                            division_operands_.push_back(b.number());
                            return unknown_;
                        }
                        return Value::of_number(a.number() / b.number());
                }
            }
            case Op::period: {
                std::optional<Value> ha, hb;
                Value const& a = operand_ref(s, 0, ha);
                Value const& b = operand_ref(s, 1, hb);
                if (!a.known() || !b.known()) return unknown_;
                return Value::of_word(a.word, b.word);
            }
            case Op::conditional: {
                Truth const condition = operand_truth(s, 0);
                if (condition != Truth::unknown) return eval(program_.operands[s.first + (condition == Truth::yes ? 1 : 2)]);
                // An unknown condition matters only when the branches differ.
                std::optional<Value> hb, hc;
                Value const& b = operand_ref(s, 1, hb);
                Value const& c = operand_ref(s, 2, hc);
                if (b.known() && c.known() && compare_truth(Op::equal, b, c, s.kind) == Truth::yes) return b;
                return unknown_;
            }
            case Op::filter: return filter(s);
            case Op::count: {
                std::optional<Value> ha;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return unknown_;
                Value const* items = list_items(a);
                std::int64_t sure = 0, maybe = 0;
                for (std::int64_t i = 0; i < a.word2; ++i) (items[i].flags & Value::maybe_member ? maybe : sure) += 1;
                if (maybe == 0) return Value::of_number(Number(sure));
                Value v;
                v.state = State::bounded;
                v.word = sure;
                v.word2 = static_cast<std::int32_t>(sure + maybe);
                return v;
            }
            case Op::sum: return sum(s);
            case Op::minimum:
            case Op::maximum: {
                // min(a, unknown) is unknown: the unknown could be smaller than anything.
                Value best;
                std::optional<Value> ha;
                bool unknown = false;
                for (std::uint32_t i = 0; i < s.count; ++i) {
                    Value const& a = operand_ref(s, i, ha);
                    if (!a.known()) {
                        unknown = true;
                        continue;
                    }
                    if (i == 0 || best.state == State::unknown ||
                        (s.op == Op::minimum ? a.number() < best.number() : best.number() < a.number()))
                        best = a;
                }
                return unknown ? unknown_ : best;
            }
            case Op::absolute: {
                std::optional<Value> ha;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return unknown_;
                return Value::of_number(a.number().abs());
            }
            case Op::round: {
                std::optional<Value> ha, hb;
                Value const& a = operand_ref(s, 0, ha);
                if (!a.known()) return unknown_;
                if (s.count == 1) return Value::of_number(round_to(a.number(), Number(1), static_cast<RoundingMode>(s.a)));
                Value const& b = operand_ref(s, 1, hb);
                if (!b.known()) return unknown_;
                if (b.number().sign() <= 0) {
                    division_errors_.push_back(static_cast<std::uint32_t>(&s - program_.steps.data()));
                    division_operands_.push_back(b.number());
                    return unknown_;
                }
                return Value::of_number(round_to(a.number(), b.number(), static_cast<RoundingMode>(s.a)));
            }
        }
        return unknown_;
    }

    // The comprehensions. Each has an item register of its own (item_at_[s.a]), which its body
    // reads and nothing else writes while the body is evaluated.

    // Makes item i of `list` the current item of comprehension `level`, and returns it. Items of
    // the application are pointed at where they are; items in the scratch or globals arrays are
    // copied, since those arrays may grow (and move) while the body is evaluated.
    Value const& set_item(std::uint32_t level, Value const& list, std::int64_t i) {
        Value const* items = list_items(list);
        if ((list.flags & Value::arena_mask) == Value::arena_application) return *(item_at_[level] = items + i);
        item_copies_[level] = items[i];
        return *(item_at_[level] = &item_copies_[level]);
    }

    Value filter(Step const& s) {
        std::optional<Value> holder;
        Value const& list = operand_ref(s, 0, holder);
        if (!list.known()) return unknown_;
        auto const first = scratch_.size();
        std::uint32_t const body = program_.operands[s.first + 1];
        bool uncertain = false;
        for (std::int64_t i = 0; i < list.word2; ++i) {
            Value const& item = set_item(s.a, list, i);
            auto const scratch_mark = scratch_.size();
            Truth const t = truth(body);
            forget_scratch(scratch_mark);
            if (t == Truth::no) continue;
            scratch_.push_back(item);
            if (t == Truth::unknown || (item.flags & Value::maybe_member)) {
                scratch_.back().flags |= Value::maybe_member;
                uncertain = true;
            }
        }
        Value out = Value::of_word(static_cast<std::int64_t>(first), static_cast<std::int64_t>(scratch_.size() - first));
        out.flags = Value::arena_scratch | (uncertain ? Value::uncertain : 0);
        return out;
    }

    Value sum(Step const& s) {
        std::optional<Value> holder, value_holder;
        Value const& list = operand_ref(s, 0, holder);
        if (!list.known()) return unknown_;
        std::uint32_t const body = program_.operands[s.first + 1];
        Number total(0);
        bool unknown = false;
        for (std::int64_t i = 0; i < list.word2; ++i) {
            Value const& item = set_item(s.a, list, i);
            auto const scratch_mark = scratch_.size();
            Value const& v = value_ref(body, value_holder);
            if (!v.known()) {
                unknown = true;
            } else if (item.flags & Value::maybe_member) {
                if (!v.number().is_zero()) unknown = true;  // Whether it counts is unknown, and it would change the total.
            } else {
                total += v.number();
            }
            forget_scratch(scratch_mark);
        }
        return unknown ? unknown_ : Value::of_number(std::move(total));
    }

    Truth all_any(Step const& s) {
        bool const is_all = s.op == Op::all;
        std::optional<Value> holder;
        Value const& list = operand_ref(s, 0, holder);
        if (!list.known()) return Truth::unknown;
        std::uint32_t const body = program_.operands[s.first + 1];
        // For all: a definite counterexample decides false; a possible one leaves it unknown.
        bool decided = false, possible = false;
        for (std::int64_t i = 0; i < list.word2; ++i) {
            Value const& item = set_item(s.a, list, i);
            auto const scratch_mark = scratch_.size();
            Truth const t = truth(body);
            forget_scratch(scratch_mark);
            bool const counter = t != Truth::unknown && (t == Truth::yes) != is_all;  // false for all, true for any
            bool const maybe_member = (item.flags & Value::maybe_member) != 0;
            if (counter && !maybe_member) {
                decided = true;
                break;
            }
            if (counter || t == Truth::unknown) possible = true;
        }
        if (decided) return truth_of(!is_all);
        if (possible) return Truth::unknown;
        return truth_of(is_all);
    }

    // The optimistic path.
    //
    // Most applications a portal or an analyst evaluates are complete, and then nothing is unknown:
    // no unknown input to note, no bounded count, no item whose membership is in doubt. The
    // optimistic path evaluates a condition, check, document or amount on that assumption, with
    // values read in place and results as plain booleans, words and Numbers: no Value is built, no
    // step is counted and no unknown is noted. The moment it meets anything else (an unknown or
    // bounded value, a list that is not the application's own, a division by zero, an operation it
    // does not cover) it gives up on that root, and the general path evaluates the root again from
    // the start. Results are therefore always the general path's: where the optimistic path
    // finishes, every value it met was known, and a known result has no unknown inputs behind it
    // and no problem to report. Globals it computes are stored as the general path stores them
    // (known, with no unknown inputs), and the general path reuses them.
    //
    // The general path counts steps against EvalLimits::max_steps; the optimistic path does not.
    // It is taken only when the application is too small for any evaluation of it to come near
    // that limit (see within_known_budget), so that the limit is never what tells the two apart.

    // Counts the steps of the plan by how many comprehensions they are inside, from every root.
    void count_steps_by_depth() {
        steps_at_depth_.assign(1, 0);
        auto walk = [&](auto& self, std::uint32_t index, std::size_t depth) -> void {
            if (steps_at_depth_.size() <= depth) steps_at_depth_.resize(depth + 1, 0);
            ++steps_at_depth_[depth];
            Step const& s = program_.steps[index];
            bool const has_body = s.op == Op::filter || s.op == Op::sum || s.op == Op::all || s.op == Op::any;
            for (std::uint32_t i = 0; i < s.count; ++i) self(self, program_.operands[s.first + i], depth + (has_body && i == 1 ? 1 : 0));
        };
        for (auto const& g : program_.globals) walk(walk, g.root, 0);
        for (auto const& block : program_.eligibility)
            for (auto const& c : block.conditions) {
                if (c.applicability != Applicability::always) walk(walk, c.applies, 0);
                walk(walk, c.test, 0);
            }
        for (auto const& c : program_.checks) walk(walk, c.test, 0);
        for (auto const& d : program_.documents)
            if (d.conditional) walk(walk, d.when, 0);
    }

    // Whether no evaluation of `app` can come near EvalLimits::max_steps: every step is evaluated
    // at most once per item of each comprehension it is inside, and no list is longer than all the
    // items of the application together. The bound is kept 64 times below the limit, for the
    // explanations a decision evaluates after run().
    bool within_known_budget(Application const& app) const { return std::max<std::uint64_t>(app.items.size(), 1) <= budget_items_; }

    // The most items an application may hold for within_known_budget (0: none), found once, by
    // bisection (the test only gets harder as lists get longer), so that run() makes no division.
    void find_budget_items() {
        budget_items_ = 0;
        if (!within_budget(1)) return;
        std::uint64_t low = 1, high = std::uint64_t{1} << 62;  // within_budget(low) holds; high is past any list.
        while (high - low > 1) {
            std::uint64_t const middle = low + (high - low) / 2;
            (within_budget(middle) ? low : high) = middle;
        }
        budget_items_ = low;
    }
    bool within_budget(std::uint64_t longest) const {
        std::uint64_t const budget = limits_.max_steps / 64;
        std::uint64_t total = 0, per_step = 1;
        for (std::size_t depth = 0; depth < steps_at_depth_.size(); ++depth) {
            if (depth > 0) {
                if (per_step > budget / longest) return false;
                per_step *= longest;
            }
            if (steps_at_depth_[depth] != 0 && per_step > (budget - total) / steps_at_depth_[depth]) return false;
            total += per_step * steps_at_depth_[depth];
        }
        return true;
    }

    // Generated code (set_native). It is tried on each root first. Where it gives up on a value that
    // is not known, the general path decides the root (the optimistic path would give up on the same
    // value); where it gives up on a step it does not cover, the optimistic path and then the
    // general path decide it, as without generated code. What it computes it computes only when
    // every value it met was known, so (as for the optimistic path) its result has no unknown inputs
    // behind it and no problem to report.
    void start_native(Application const& app) {
        native_frame_.slots = app.slots.data();
        native_frame_.items = app.items.data();
        native_frame_.application = &app;
        native_frame_.program = &program_;
        native_frame_.constants = program_.constants.data();
        native_frame_.global_state = native_global_state_.data();
        native_frame_.globals = native_globals_.data();
        std::fill(native_global_state_.begin(), native_global_state_.end(), std::uint8_t{0});
        native_shared_ = false;
        native_->decide(native_frame_, native_results_.data());
    }

    Outcome native_condition(std::size_t index, ConditionPlan const& c) {
        switch (native_results_[index]) {
            case 1: return Outcome::pass;
            case 2: return Outcome::fail;
            case 3: return Outcome::not_applicable;
            case 0: return share_native_globals(), evaluate_condition(c);
            default: return share_native_globals(), known_condition(c);
        }
    }

    // run() when generated code decided every root and amount: its results are taken as they are,
    // with no unknown input behind any of them (nothing was unknown). Returns false, having changed
    // nothing, when it gave up on any.
    bool finish_native() {
        std::uint8_t const* const results = native_results_.data();
        std::size_t const roots = condition_outcomes_.size() + check_results_.size() + document_results_.size();
        if (!all_decided(results, native_results_.size())) {
            std::size_t decided = 0;
            for (std::size_t r = 0; r < roots; ++r) decided += results[r] != 0 && results[r] != 4;
            native_decided_ += decided;
            return false;
        }
        native_decided_ += roots;
        for (std::uint32_t const g : program_.amounts)
            if (!native_->globals[g](native_frame_)) return false;
        // Every result is 1, 2 or 3: a condition's byte is its Outcome, a check's or a document's
        // its Truth.
        std::copy_n(results, condition_outcomes_.size(), reinterpret_cast<std::uint8_t*>(condition_outcomes_.data()));
        std::fill(condition_missing_.begin(), condition_missing_.end(), MissingRange{});
        std::uint8_t const* block_results = results;
        bool any_fail = false;
        for (std::size_t b = 0; b < program_.eligibility.size(); ++b) {
            auto const& block = program_.eligibility[b];
            std::size_t const n = block.conditions.size();
            // All of: no condition failed; any of: not every one did.
            bool const pass = block.any_of ? static_cast<std::size_t>(std::count(block_results, block_results + n, std::uint8_t{2})) < n
                                           : n == 0 || std::memchr(block_results, 2, n) == nullptr;
            block_results += n;
            block_outcomes_[b] = pass ? Outcome::pass : Outcome::fail;
            any_fail = any_fail || !pass;
        }
        verdict_fail_ = any_fail;
        verdict_unknown_ = false;
        for (std::size_t a = 0; a < program_.amounts.size(); ++a) {
            store_known_global(program_.amounts[a], native_globals_[program_.amounts[a]]);
            amount_missing_[a] = {0, 0};
        }
        std::uint8_t const* const checks = results + condition_outcomes_.size();
        std::copy_n(checks, check_results_.size(), reinterpret_cast<std::uint8_t*>(check_results_.data()));
        std::copy_n(checks + check_results_.size(), document_results_.size(), reinterpret_cast<std::uint8_t*>(document_results_.data()));
        return true;
    }

    // Whether every byte of `results` is 1, 2 or 3 (generated code decided the root), eight bytes
    // at a time; `size` is a multiple of 8. Every byte is at most 4, so adding 0x7f or 0x7c to each
    // byte of a word carries into no other: the first sum sets each byte's high bit unless the
    // byte is 0, the second unless it is below 4.
    static bool all_decided(std::uint8_t const* results, std::size_t size) noexcept {
        constexpr std::uint64_t high = 0x8080808080808080ull;
        std::uint64_t not_zero = high, at_least_four = 0;
        for (std::size_t i = 0; i < size; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, results + i, 8);
            not_zero &= w + 0x7f7f7f7f7f7f7f7full;
            at_least_four |= w + 0x7c7c7c7c7c7c7c7cull;
        }
        return (not_zero & high) == high && (at_least_four & high) == 0;
    }

    // Before the Evaluator decides a root itself: the globals generated code found known are stored
    // as known_global stores what it computes (known, with no unknown inputs), so that neither path
    // computes them again. Once per application.
    void share_native_globals() {
        if (native_shared_) return;
        native_shared_ = true;
        for (std::size_t g = 0; g < native_global_state_.size(); ++g)
            if (native_global_state_[g] == 2 && global_state_[g] == 0) store_known_global(static_cast<std::uint32_t>(g), native_globals_[g]);
    }

    // The check or document whose result is at `result` in native_results_.
    Truth native_truth_or_known(std::size_t result, std::uint32_t root) {
        switch (native_results_[result]) {
            case 1: return Truth::yes;
            case 2: return Truth::no;
            case 0: return share_native_globals(), truth(root);
            default: return share_native_globals(), known_truth_or_general(root);
        }
    }

    // An amount: stored as known_global stores what it computes (known, with no unknown inputs).
    void native_global_or_known(std::uint32_t g) {
        if (global_state_[g] == 0)
            if (Value const* v = native_->globals[g](native_frame_)) {
                store_known_global(g, *v);
                return;
            }
        share_native_globals();
        if (native_global_state_[g] == 3)
            global(g);
        else
            known_global_or_general(g);
    }

    // Gives up on the root being evaluated, and returns the value to carry on with harmlessly.
    Value const& give_up() {
        bail_ = true;
        return unknown_;
    }

    // A root on the optimistic path (`known`), or else, when that gives up, on the general path
    // (`general`). Unknown inputs noted by a global the general path computed during the attempt
    // are dropped: evaluating the root again notes them again, in the same place.
    template <typename Known, typename General>
    auto optimistically(Known known, General general) {
        auto const mark = missing_.size();
        bail_ = false;
        auto result = known();
        if (!bail_) return result;
        bail_ = false;
        forget_missing(mark);
        return general();
    }

    Truth known_truth_or_general(std::uint32_t root) {
        return optimistically([&] { return truth_of(known_truth(root)); }, [&] { return truth(root); });
    }

    void known_global_or_general(std::uint32_t g) {
        optimistically([&] { return &known_global(g); }, [&] { return &global(g); });
    }

    Outcome known_condition(ConditionPlan const& c) {
        return optimistically(
            [&] {
                if (c.applicability != Applicability::always &&
                    known_truth(c.applies) != (c.applicability == Applicability::when))
                    return Outcome::not_applicable;
                return known_truth(c.test) ? Outcome::pass : Outcome::fail;
            },
            [&] { return evaluate_condition(c); });
    }

    // known_stored, with the commonest reads inline in every caller: a field of the current item
    // (found through Step::item_level, without reading the item step), an input, a constant; and
    // a global straight to known_global.
    [[gnu::always_inline]] Value const& known_read(Step const& s) {
        Value const* v;
        if (s.item_level != 0) {
            Value const& item = *item_at_[s.item_level - 1];
            if (item.state != State::known) return give_up();
            v = slots_ + item.word + s.a;
        } else if (s.op == Op::input) {
            v = slots_ + s.a;
        } else if (s.op == Op::constant) {
            v = &program_.constants[s.a];
        } else if (s.op == Op::global) {
            return known_global(s.a);
        } else {
            return known_stored(s);
        }
        if (v->state != State::known) return give_up();
        return *v;
    }

    // A stored value (a constant, an input, the current item, a field, a global), known.
    Value const& known_stored(Step const& s) {
        Value const* v;
        switch (s.op) {
            case Op::constant: v = &program_.constants[s.a]; break;
            case Op::input: v = slots_ + s.a; break;
            case Op::item: v = item_at_[s.a]; break;
            case Op::field: {
                Value const& record = s.item_level != 0 ? *item_at_[s.item_level - 1] : known_stored(program_.steps[child(s, 0)]);
                if (record.state != State::known) return give_up();
                v = slots_ + record.word + s.a;
                break;
            }
            case Op::global: return known_global(s.a);
            default: return give_up();
        }
        if (v->state != State::known) return give_up();
        return *v;
    }

    // The value of global g, known: computed on the optimistic path where it can be, else by the
    // general path (and given up on unless that finds it known).
    Value const& known_global(std::uint32_t g) {
        if (global_state_[g] == 2) {
            Value const& v = globals_[g];
            if (v.state != State::known || (v.flags & Value::uncertain)) return give_up();
            return v;
        }
        if (global_state_[g] == 1) return give_up();
        GlobalPlan const& plan = program_.globals[g];
        Step const& root = program_.steps[plan.root];
        Value v;
        switch (plan.kind) {
            case Kind::boolean: {
                global_state_[g] = 1;
                bool const b = known_truth(plan.root);
                v = Value::boolean(b);
                break;
            }
            case Kind::number:
            case Kind::yen: {
                global_state_[g] = 1;
                v = Value::of_number(known_number(plan.root));
                break;
            }
            default: {
                if (reads_stored(root.op)) {
                    global_state_[g] = 1;
                    v = known_stored(root);
                    break;
                }
                // Lists, periods and texts computed otherwise: the general path's.
                Value const& general = global(g);
                if (general.state != State::known || (general.flags & Value::uncertain)) return give_up();
                return general;
            }
        }
        if (bail_) {
            global_state_[g] = 0;
            return unknown_;
        }
        return store_known_global(g, std::move(v));
    }

    // Stores the value of global g, found known on the optimistic path or by generated code: no
    // unknown input is behind it, so the general path reuses it as it is.
    Value const& store_known_global(std::uint32_t g, Value v) {
        globals_[g] = std::move(v);
        auto const end = static_cast<std::uint32_t>(global_missing_.size());
        global_missing_range_[g] = {end, end};
        global_state_[g] = 2;
        return globals_[g];
    }

    std::uint32_t child(Step const& s, std::uint32_t i) const { return program_.operands[s.first + i]; }

    // A boolean step, known. A stored read, the commonest step (a comprehension's test of a field
    // of its item), is made inline in the caller; an operation is a call.
    [[gnu::always_inline]] bool known_truth(std::uint32_t index) {
        FusedTest const& fused = program_.fused[index];
        if (fused.count != 0) return known_fused(fused);
        Step const& s = program_.steps[index];
        if (reads_stored(s.op)) return known_read(s).word != 0;
        return known_truth_of(s);
    }

    // A fused test (see kisoku/eval/fuse.hpp), known.
    [[gnu::always_inline]] bool known_fused(FusedTest const& f) {
        unsigned const r = fused_truth(f);
        if (r == 0) give_up();
        return (r & 1) != 0;
    }

    // Three-valued results as two bits, 1 true, 2 false and 0 unknown, combined in Kleene's logic
    // without a branch on them: `false and unknown` is false, `true or unknown` true.
    static constexpr unsigned bits_and(unsigned a, unsigned b) noexcept { return native::bits_and(a, b); }
    static constexpr unsigned bits_or(unsigned a, unsigned b) noexcept { return native::bits_or(a, b); }
    static constexpr unsigned bits_not(unsigned a) noexcept { return ((a & 1u) << 1) | ((a & 2u) >> 1); }

    // A fused test in three-valued logic, as two bits. Every part is tested: reads are cheap, and
    // a branch on a result that varies from item to item is mispredicted half the time.
    [[gnu::always_inline]] unsigned fused_truth(FusedTest const& f) {
        ReadTest const* const tests = program_.read_tests.data() + f.first;
        unsigned r = read_test(tests[0]);
        if (f.count == 1) return r;
        if (f.any_of) {
            for (std::uint32_t i = 1; i < f.count; ++i) r = bits_or(r, read_test(tests[i]));
        } else {
            for (std::uint32_t i = 1; i < f.count; ++i) r = bits_and(r, read_test(tests[i]));
        }
        return r;
    }

    // One ReadTest, as fused_truth's two bits.
    [[gnu::always_inline]] unsigned read_test(ReadTest const& t) const {
        Value const* v;
        switch (t.from) {
            case ReadFrom::item_field: {
                Value const& item = *item_at_[t.at];
                if (item.state != State::known) return 0;
                v = slots_ + item.word + t.field;
                break;
            }
            case ReadFrom::input_record_field: {
                Value const& record = slots_[t.at];
                if (record.state != State::known) return 0;
                v = slots_ + record.word + t.field;
                break;
            }
            default: v = slots_ + t.at; break;
        }
        if (v->state != State::known) return 0;
        bool holds;
        switch (t.form) {
            // A boolean or an enumeration value is below 64 (fuse.hpp fuses no larger enumeration).
            case ReadTest::Form::word_mask: holds = ((t.mask >> (v->word & 63)) & 1) != 0; break;
            case ReadTest::Form::word_range: holds = (v->word >= t.low && v->word <= t.high) != t.outside; break;
            default: holds = number_test_holds(t, v->number()); break;
        }
        return 2u - static_cast<unsigned>(holds);
    }
    bool number_test_holds(ReadTest const& t, Number const& x) const {
        auto const order = x <=> program_.constants[t.constant].number();
        return ordering_holds(t.order, order < 0 ? -1 : order > 0 ? 1 : 0);
    }

    bool known_truth_of(Step const& s) {
        switch (s.op) {
            case Op::logical_not: return !known_truth(child(s, 0));
            case Op::logical_and: return known_truth(child(s, 0)) && !bail_ && known_truth(child(s, 1));
            case Op::logical_or: return (known_truth(child(s, 0)) || bail_) ? !bail_ : known_truth(child(s, 1));
            case Op::equal:
            case Op::not_equal:
            case Op::less:
            case Op::less_equal:
            case Op::greater:
            case Op::greater_equal: return known_compare(s.op, child(s, 0), child(s, 1));
            case Op::in_set: {
                for (std::uint32_t i = 1; i < s.count && !bail_; ++i)
                    if (known_compare(Op::equal, child(s, 0), child(s, i))) return !bail_;
                return false;
            }
            case Op::in_range: return known_compare(Op::greater_equal, child(s, 0), child(s, 1)) && known_compare(Op::less_equal, child(s, 0), child(s, 2));
            case Op::in_period: {
                std::int64_t const day = known_word(child(s, 0));
                Value const& period = known_stored_only(child(s, 1));
                return !bail_ && day >= period.word && day <= period.word2;
            }
            case Op::eligible: {
                std::int64_t const value = known_word(child(s, 0));
                return !bail_ && program_.enums[s.a].eligible[static_cast<std::size_t>(value)];
            }
            case Op::all:
            case Op::any: return known_all_any(s);
            case Op::conditional: {
                bool const c = known_truth(child(s, 0));
                return !bail_ && known_truth(child(s, c ? 1 : 2));
            }
            default: give_up(); return false;
        }
    }

    // A step whose value is a word (a boolean, a date, an enumeration value), known; a stored
    // read inline, as in known_truth.
    [[gnu::always_inline]] std::int64_t known_word(std::uint32_t index) {
        Step const& s = program_.steps[index];
        if (reads_stored(s.op)) return known_read(s).word;
        return known_word_of(s);
    }
    std::int64_t known_word_of(Step const& s) {
        switch (s.op) {
            case Op::lookup: return known_row(s).word;
            case Op::conditional: {
                bool const c = known_truth(child(s, 0));
                return bail_ ? 0 : known_word(child(s, c ? 1 : 2));
            }
            default: return s.kind == Kind::boolean ? known_truth_of(s) : (give_up(), 0);
        }
    }

    // A value that only a stored read gives here (a period, a text, a list), known; a computed one
    // is left to the general path.
    Value const& known_stored_only(std::uint32_t index) {
        Step const& s = program_.steps[index];
        return reads_stored(s.op) ? known_read(s) : give_up();
    }

    // The row of a table for a known enumeration value, known.
    Value const& known_row(Step const& s) {
        std::int64_t const row = known_word(child(s, 0));
        if (bail_) return unknown_;
        Value const& v = program_.constants[s.a + static_cast<std::size_t>(row)];
        return v.state == State::known ? v : give_up();
    }

    // A number, known, by reference where it is stored and else in `holder`.
    [[gnu::always_inline]] Number const& known_number_ref(std::uint32_t index, Number& holder) {
        Step const& s = program_.steps[index];
        if (reads_stored(s.op)) return holder = known_read(s).number();
        return holder = known_number_of(s);
    }

    // A number, known; a stored read inline, as in known_truth.
    [[gnu::always_inline]] Number known_number(std::uint32_t index) {
        Step const& s = program_.steps[index];
        if (reads_stored(s.op)) return known_read(s).number();
        return known_number_of(s);
    }
    Number known_number_of(Step const& s) {
        switch (s.op) {
            case Op::lookup: return known_row(s).number();
            case Op::negate: return -known_number(child(s, 0));
            case Op::add:
            case Op::subtract:
            case Op::multiply:
            case Op::divide: {
                Number ha, hb;
                Number const& a = known_number_ref(child(s, 0), ha);
                if (bail_) return {};
                Number const& b = known_number_ref(child(s, 1), hb);
                if (bail_) return {};
                switch (s.op) {
                    case Op::add: return a + b;
                    case Op::subtract: return a - b;
                    case Op::multiply: return a * b;
                    default: return b.is_zero() ? (give_up(), Number()) : a / b;  // The general path reports it.
                }
            }
            case Op::minimum:
            case Op::maximum: {
                Number best, h;
                for (std::uint32_t i = 0; i < s.count; ++i) {
                    Number const& a = known_number_ref(child(s, i), h);
                    if (bail_) return {};
                    if (i == 0 || (s.op == Op::minimum ? a < best : best < a)) best = a;
                }
                return best;
            }
            case Op::absolute: return known_number(child(s, 0)).abs();
            case Op::round: {
                Number ha, hb;
                Number const& a = known_number_ref(child(s, 0), ha);
                if (bail_) return {};
                if (s.count == 1) return round_to(a, Number(1), static_cast<RoundingMode>(s.a));
                Number const& unit = known_number_ref(child(s, 1), hb);
                if (bail_ || unit.sign() <= 0) return give_up(), Number();  // The general path reports it.
                return round_to(a, unit, static_cast<RoundingMode>(s.a));
            }
            case Op::conditional: {
                bool const c = known_truth(child(s, 0));
                return bail_ ? Number() : known_number(child(s, c ? 1 : 2));
            }
            case Op::count: return Number(known_count(s));
            case Op::sum: return known_sum(s);
            default: return give_up(), Number();
        }
    }

    // A comparison of two known values of the kind of the left one.
    bool known_compare(Op op, std::uint32_t left, std::uint32_t right) {
        Kind const kind = program_.steps[left].kind;
        int c = 0;
        switch (kind) {
            case Kind::number:
            case Kind::yen: {
                Number ha, hb;
                Number const& a = known_number_ref(left, ha);
                if (bail_) return false;
                Number const& b = known_number_ref(right, hb);
                if (bail_) return false;
                auto const order = a <=> b;
                c = order < 0 ? -1 : order > 0 ? 1 : 0;
                break;
            }
            case Kind::text:
            case Kind::period: {
                Value const& a = known_stored_only(left);
                if (bail_) return false;
                Value const& b = known_stored_only(right);
                if (bail_) return false;
                if (kind == Kind::text) {
                    auto const x = text(a), y = text(b);
                    c = x < y ? -1 : x > y ? 1 : 0;
                } else {
                    c = compare_periods(a, b);
                }
                break;
            }
            default: {
                std::int64_t const a = known_word(left);
                if (bail_) return false;
                std::int64_t const b = known_word(right);
                if (bail_) return false;
                c = a < b ? -1 : a > b ? 1 : 0;
                break;
            }
        }
        return ordering_holds(op, c);
    }

    // The items of a list of the application, known; `where` is not followed here (the
    // comprehensions below test it item by item instead of building the filtered list).
    struct KnownList {
        Value const* items = nullptr;
        std::int64_t count = 0;
    };
    KnownList known_list(std::uint32_t index) {
        Value const& v = known_stored_only(index);
        if (bail_ || (v.flags & Value::arena_mask) != Value::arena_application) return give_up(), KnownList{};
        return {app_->items.data() + v.word, v.word2};
    }

    // A comprehension's source: a list of the application, and the test of a `where` on it (or
    // none), with that test's fused form when it has one. known_keep makes item i current for the
    // `where` and says whether it is kept.
    struct KnownSource {
        KnownList list;
        Step const* filter = nullptr;
        FusedTest const* keep = nullptr;  // The `where` as a fused test, or null.
    };
    KnownSource known_source(std::uint32_t index) {
        Step const& s = program_.steps[index];
        if (s.op != Op::filter) return {known_list(index), nullptr, nullptr};
        FusedTest const& keep = program_.fused[child(s, 1)];
        return {known_list(child(s, 0)), &s, keep.count != 0 ? &keep : nullptr};
    }
    [[gnu::always_inline]] bool known_keep(KnownSource const& source, std::int64_t i) {
        if (!source.filter) return true;
        item_at_[source.filter->a] = source.list.items + i;
        return source.keep ? known_fused(*source.keep) : known_truth(child(*source.filter, 1));
    }

    std::int64_t known_count(Step const& s) {
        KnownSource const source = known_source(child(s, 0));
        if (!source.filter) return source.list.count;
        if (source.keep) {
            // Counted without a branch on each item's answer; one unknown gives up.
            Value const*& item = item_at_[source.filter->a];
            std::int64_t n = 0;
            bool unknown = false;
            for (std::int64_t i = 0; i < source.list.count; ++i) {
                item = source.list.items + i;
                unsigned const r = fused_truth(*source.keep);
                n += r & 1u;
                unknown |= r == 0;
            }
            if (unknown) give_up();
            return n;
        }
        std::int64_t n = 0;
        for (std::int64_t i = 0; i < source.list.count && !bail_; ++i) n += known_keep(source, i) ? 1 : 0;
        return n;
    }

    Number known_sum(Step const& s) {
        KnownSource const source = known_source(child(s, 0));
        std::uint32_t const body = child(s, 1);
        // Whole amounts are added as 64-bit integers (`whole`); a fraction, or an amount that would
        // take the total past int64, as an exact Number (`rest`).
        std::int64_t whole = 0;
        Number rest(0), holder;
        if (Step const& b = program_.steps[body]; source.keep && b.op == Op::field && b.item_level == s.a + 1) {
            // The commonest sum, `sum(L where F, 金額)`: a fused `where` and a field of the item.
            // Each item's amount is added masked by its answer, without a branch on the answer
            // (which varies from item to item); only an amount that is not a known whole int64,
            // or an addition that overflows, takes the branch, and matters only if the item is kept.
            Value const*& keep_item = item_at_[source.filter->a];
            for (std::int64_t i = 0; i < source.list.count; ++i) {
                Value const* const item = source.list.items + i;
                keep_item = item;
                unsigned const r = fused_truth(*source.keep);
                if (r == 0) [[unlikely]]
                    return give_up(), Number();  // The `where` is unknown.
                if (item->state != State::known) [[unlikely]] {
                    if (r & 1u) return give_up(), Number();
                    continue;
                }
                Value const& v = slots_[item->word + b.a];
                std::int64_t const mask = -static_cast<std::int64_t>(r & 1u);
                std::int64_t next;
                if (v.state == State::known && v.holds_small_integer() &&
                    !__builtin_add_overflow(whole, v.small_integer() & mask, &next)) [[likely]] {
                    whole = next;
                    continue;
                }
                if ((r & 1u) == 0) continue;
                if (v.state != State::known) return give_up(), Number();
                rest += v.number();
            }
            return rest.is_zero() ? Number(whole) : rest + Number(whole);
        }
        for (std::int64_t i = 0; i < source.list.count && !bail_; ++i) {
            if (!known_keep(source, i) || bail_) continue;
            item_at_[s.a] = source.list.items + i;
            Number const& v = known_number_ref(body, holder);
            if (bail_) break;
            std::int64_t next;
            if (v.is_small_integer() && !__builtin_add_overflow(whole, v.small_numerator(), &next)) {
                whole = next;
                continue;
            }
            rest += v;
        }
        return rest.is_zero() ? Number(whole) : rest + Number(whole);
    }

    // all and any stop at the first item that decides them; the test of a `where` is still made
    // on every item, as the general path filters the whole list first (a division by zero in it is
    // a problem of the decision even past that item).
    bool known_all_any(Step const& s) {
        bool const is_all = s.op == Op::all;
        KnownSource const source = known_source(child(s, 0));
        std::uint32_t const body = child(s, 1);
        if (FusedTest const& test = program_.fused[body]; test.count != 0 && (!source.filter || source.keep))
            return known_all_any_fused(is_all, source, s.a, test);
        bool decided = false;
        for (std::int64_t i = 0; i < source.list.count && !bail_; ++i) {
            if (!known_keep(source, i) || bail_ || decided) continue;
            item_at_[s.a] = source.list.items + i;
            if (known_truth(body) != is_all && !bail_) {
                decided = true;
                if (!source.filter) break;
            }
        }
        return decided != is_all;
    }

    // all or any whose body and `where` (if any) are fused tests, in three-valued logic:
    // all(list where F, B) is the `and` of (not F or B) over the items, any(list where F, B) the
    // `or` of (F and B), so that an item whose F is unknown matters only if its B could change the
    // answer, as on the general path. Stops at the first item that decides (a fused `where` has no
    // division whose error would still have to be reported); gives up when the answer is unknown.
    bool known_all_any_fused(bool is_all, KnownSource const& source, std::uint32_t level, FusedTest const& test) {
        unsigned const decided = is_all ? 2u : 1u;
        unsigned answer = is_all ? 1u : 2u;  // Over no items: all is true, any false.
        for (std::int64_t i = 0; i < source.list.count; ++i) {
            Value const* const item = source.list.items + i;
            item_at_[level] = item;
            unsigned x = fused_truth(test);
            if (source.keep) {
                item_at_[source.filter->a] = item;
                unsigned const k = fused_truth(*source.keep);
                x = is_all ? bits_or(bits_not(k), x) : bits_and(k, x);
            }
            answer = is_all ? bits_and(answer, x) : bits_or(answer, x);
            if (answer == decided) break;
        }
        if (answer == 0) give_up();
        return (answer & 1u) != 0;
    }

    Program const& program_;
    EvalLimits limits_;
    std::uint64_t steps_ = 0;
    bool exhausted_ = false;
    Application const* app_ = nullptr;
    Value const* slots_ = nullptr;  // app_->slots.data(), for the optimistic path.
    Value unknown_{};
    std::vector<Value> globals_;
    std::vector<std::uint8_t> global_state_;  // 0 not computed, 1 being computed, 2 computed.
    std::vector<MissingRange> global_missing_range_;
    std::vector<MissingRead> global_missing_;
    std::vector<Value const*> item_at_;  // The current item of each comprehension level.
    std::vector<Value> item_copies_;     // Items copied out of arrays that may move (see set_item).
    std::vector<Value> scratch_;       // Items of lists filtered by `where`, while they are needed.
    std::vector<Value> global_lists_;  // Items of list-valued globals.
    std::vector<MissingRead> missing_;
    std::vector<std::uint32_t> division_errors_;
    std::vector<Number> division_operands_;
    std::vector<Outcome> condition_outcomes_;
    std::vector<MissingRange> condition_missing_;
    std::vector<Outcome> block_outcomes_;
    std::vector<MissingRange> amount_missing_;
    // Kept as Truths (a byte each): writing a 56-byte Value for each of them was a noticeable part
    // of run() once the roots themselves became cheap.
    std::vector<Truth> check_results_;
    std::vector<Truth> document_results_;
    bool verdict_fail_ = false, verdict_unknown_ = false;
    bool optimistic_ = true;
    NativeRules const* native_ = nullptr;        // Generated code (set_native), or null.
    NativeFrame native_frame_;
    std::vector<Value> native_globals_;          // The globals generated code computed, per application.
    std::vector<std::uint8_t> native_global_state_;
    std::vector<std::uint8_t> native_results_;   // What NativeRules::decide wrote for the application.
    bool native_shared_ = false;                 // share_native_globals() was called for the application.
    std::uint64_t native_decided_ = 0;           // See native_decided().
    bool bail_ = false;                          // The optimistic path met what it does not decide.
    std::vector<std::uint64_t> steps_at_depth_;  // Steps inside d comprehensions, for d = 0, 1, ….
    std::uint64_t budget_items_ = 0;             // See find_budget_items.
};

}  // namespace kisoku::eval
