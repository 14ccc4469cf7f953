// kisoku/eval/program.hpp — a compiled program: the immutable plan that evaluation follows.
//
// Compiling (kisoku/eval/compile.hpp) turns a checked rule file into a `Program`: every name is
// resolved to a slot, a field index or a global's index; constants are folded; each expression is
// a tree of `Step`s stored in one flat array, children before parents. A Program is never modified
// after compiling, so any number of threads may evaluate it at once, each with its own Evaluator.
#pragma once

#include "kisoku/check/checker.hpp"
#include "kisoku/eval/value.hpp"
#include "kisoku/rounding.hpp"
#include "kisoku/source.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kisoku::eval {

using check::Kind;

// What a step computes. Children are listed in `Program::operands` from `Step::first`.
enum class Op : std::uint8_t {
    constant,        // Program::constants[a]
    input,           // the application's slot a (an input field or a supplied parameter)
    item,            // the current item of the comprehension at nesting level a
    field,           // field a of the record child 0
    global,          // the value of global a (a value, an amount, a parameter)
    lookup,          // the row of table a (its first row is Program::constants[a]) for the enum child 0
    negate,
    logical_not,
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
    logical_and,
    logical_or,
    in_set,          // child 0 in {children 1…}
    in_range,        // child 0 in child 1 .. child 2
    in_period,       // child 0 (a date) in child 1 (a period)
    conditional,     // if child 0 then child 1 else child 2
    filter,          // child 0 where child 1, the item at level a
    count,           // count(child 0)
    sum,             // sum(child 0, child 1), the item at level a
    all,             // all(child 0, child 1), the item at level a
    any,             // any(child 0, child 1), the item at level a
    eligible,        // eligible(child 0), child 0 a value of category a
    minimum,         // min(children…)
    maximum,         // max(children…)
    absolute,        // abs(child 0)
    round,           // round child 0 to the unit child 1 (1 without it) with RoundingMode a
    period,          // the period child 0 .. child 1
};

// One step of the plan.
struct Step {
    Op op = Op::constant;
    Kind kind = Kind::error;        // The kind of its result.
    Kind element = Kind::error;     // Lists: the kind of their items.
    std::int32_t id = -1;           // Enumerations, records, lists: the enum or record (the checker's index).
    std::uint32_t a = 0;            // The operand the op describes (slot, field, global, level, mode).
    std::uint32_t first = 0;        // Its first child in Program::operands.
    std::uint32_t count = 0;        // How many children.
    // A field read off a comprehension's current item (`法人` in `count(構成員 where 法人)`): that
    // comprehension's level + 1, so that the read needs no look at its child; otherwise 0.
    std::uint32_t item_level = 0;
    ast::Expression const* source = nullptr;  // The expression it computes, for explanations.
};

// Where a ReadTest finds the value it tests.
enum class ReadFrom : std::uint8_t {
    item_field,          // field `field` of the current item of the comprehension at level `at`
    input,               // the application's slot `at`
    input_record_field,  // field `field` of the record in the application's slot `at`
};

// A test of one value read from the application against constants, a part of a FusedTest:
//   word_mask     a boolean or an enumeration value v; holds when bit v of `mask` is set
//                 (`法人`, `not 市内事業所`, `区分 == 備品費`, `課題の類型 in {…}`, `eligible(区分)`);
//   word_range    a date d, as days since 1970-01-01; holds when low <= d <= high, or, with
//                 `outside`, when it does not (`支出日 in 対象期間`, `申請日 >= 2025-04-01`);
//   number_order  a number or amount x; holds when `x order constants[constant]` does
//                 (`金額 > 5万円`).
struct ReadTest {
    enum class Form : std::uint8_t { word_mask, word_range, number_order };
    Form form = Form::word_mask;
    ReadFrom from = ReadFrom::input;
    Op order = Op::equal;       // number_order: equal, not_equal, less, less_equal, greater or greater_equal.
    bool outside = false;       // word_range: the test is that the date is outside the range.
    std::uint32_t at = 0;       // The level or the slot, as ReadFrom says.
    std::uint32_t field = 0;    // item_field and input_record_field: the field's offset in its record.
    std::uint32_t constant = 0; // number_order: the index in Program::constants.
    std::uint64_t mask = 0;     // word_mask.
    std::int64_t low = 0, high = 0;  // word_range, inclusive.
};

// A boolean step that the compiler fused (kisoku/eval/fuse.hpp): ReadTests [first, first + count)
// of Program::read_tests, all of which hold (or, with any_of, one of which does) exactly when the
// step is true. `法人 and 企画運営 and not 市内事業所` is three tests; `eligible(区分)` is one.
// The Evaluator's optimistic path decides it in one go, in three-valued logic, with no branch on
// what the tests find. count == 0: the step is not fused. The step itself stays in the plan,
// unchanged: the general path, the explanations and the decision go on reading it.
struct FusedTest {
    std::uint32_t first = 0;
    std::uint16_t count = 0;
    bool any_of = false;
};

// Whether a step of this op reads a value that is stored (in the program, the application, the
// current items or the globals) rather than computing one: the Evaluator returns it by reference,
// and generated code reads it in place.
constexpr bool reads_stored(Op op) noexcept {
    return op == Op::constant || op == Op::input || op == Op::item || op == Op::field || op == Op::global;
}

// A field of a record or of the input, as binding and explanations see it.
struct FieldLayout {
    std::string name;     // UTF-8
    std::string label;    // May be empty.
    Kind kind = Kind::error;
    Kind element = Kind::error;  // Lists: the kind of the items (record or enumeration).
    int id = -1;                 // Enumerations and records: the enum; records and lists of records: the layout.
    bool required = false;
    bool whole = true;           // Numbers: `int`, not `number`.
};

// The fields of a record type, in declaration order: field i is at slot first_slot + i.
// Layout 0 is the input itself; layout r + 1 is the rule file's record r.
struct RecordLayout {
    std::string name;
    std::vector<FieldLayout> fields;
};

struct EnumLayout {
    std::string name;
    std::vector<std::string> values;
    std::vector<bool> eligible;  // Categories: whether each value is eligible.
    bool is_category = false;
};

// A parameter, value or amount.
struct GlobalPlan {
    std::string name;
    check::GlobalInfo::Role role = check::GlobalInfo::Role::value;
    Kind kind = Kind::error;
    int id = -1;            // Enumerations and lists: as in FieldLayout.
    Kind element = Kind::error;
    std::uint32_t root = 0;  // The step computing it.
    std::string citation;
    bool supplied = false;   // A `param … required`: supplied by the caller, read from its slot.
    std::uint32_t slot = 0;  // Supplied parameters: their slot.
    std::string explanation; // Supplied parameters: why the caller supplies it.
};

enum class Applicability : std::uint8_t { always, unless, when };

struct ConditionPlan {
    std::string marker, label, citation;
    Applicability applicability = Applicability::always;
    std::uint32_t applies = 0;  // The step of the unless/when condition (not used for always).
    std::uint32_t test = 0;
};

struct EligibilityPlan {
    std::string name, citation;
    bool any_of = false;
    std::vector<ConditionPlan> conditions;
};

struct CheckPlan {
    bool is_warning = false;
    std::string label, citation;
    std::uint32_t test = 0;
};

struct DocumentPlan {
    std::string label, citation, due;
    bool conditional = false;
    std::uint32_t when = 0;
};

struct NotePlan {
    std::string text, citation;
};

// A compiled program.
struct Program {
    // What the program is.
    std::string name;
    std::string title;
    int fiscal_year = 0;
    Date period_start, period_end;
    std::string input_name;
    std::string file;  // The rule file it was compiled from, as diagnostics name it.

    // The plan.
    std::vector<Step> steps;
    std::vector<std::uint32_t> operands;
    std::vector<Value> constants;
    std::vector<std::string> texts;  // Text constants, indexed by Value::word with program_text.
    std::uint32_t max_level = 0;     // The number of comprehensions, each with its item register.
    // Per step: the fused test it is (count 0 for most steps), and the tests they are made of.
    // Filled once the plan is complete; an Evaluator takes the optimistic path only when `fused`
    // has one entry per step.
    std::vector<FusedTest> fused;
    std::vector<ReadTest> read_tests;
    // Per step: the expression it computes, as written in the rule file (empty for a step the
    // compiler made with no source). Printed once when the program is compiled, because every
    // decision's explanations show them.
    std::vector<std::string> expressions;

    // The shapes of data.
    std::vector<RecordLayout> layouts;  // layouts[0] is the input.
    std::vector<EnumLayout> enums;
    std::size_t root_slots = 0;         // Input fields, then supplied parameters.
    // The input field that places an application in a fiscal year (`reference_date`; empty when
    // the program declares none), and its slot.
    std::string reference_date;
    std::uint32_t reference_slot = 0;

    // What a decision reports.
    std::vector<GlobalPlan> globals;
    std::vector<std::uint32_t> amounts;  // Indices in globals, in declaration order.
    std::vector<EligibilityPlan> eligibility;
    std::vector<CheckPlan> checks;
    std::vector<DocumentPlan> documents;
    std::vector<NotePlan> notes;

    // Where it came from: the checked rule file (which `Step::source` points into) and its text.
    std::shared_ptr<check::CheckedProgram const> checked;
    std::shared_ptr<SourceText const> source;

    Step const& step(std::uint32_t index) const { return steps[index]; }
    std::uint32_t operand(Step const& s, std::uint32_t i) const { return operands[s.first + i]; }

    // The global of this name, or -1. (Off the evaluation path: for callers resolving names once.)
    int find_global(std::string_view global_name) const {
        for (std::size_t i = 0; i < globals.size(); ++i)
            if (globals[i].name == global_name) return static_cast<int>(i);
        return -1;
    }
};

}  // namespace kisoku::eval
