// kisoku/eval/fuse.hpp — the fusing stage: boolean steps made of tests of values read from the
// application against constants are described by FusedTests.
//
// Most tests in subsidy rules are of that shape: `法人`, `not 市内事業所`, `区分 == 備品費`,
// `eligible(区分)`, `支出日 in 対象期間`, `金額 > 5万円`, and `and`s or `or`s of them. Walked as
// steps they are two or three calls each (the operator, the read, the constant), and a branch on
// each result; a comprehension makes them for every item of a list, so they are most of the steps
// an application takes. Fused, the Evaluator's optimistic path reads each value and tests it in one
// go, and combines the results without branching on them. Nothing else changes: the steps stay in
// the plan, and the general path, the explanations and the decision go on reading them.
#pragma once

#include "kisoku/eval/program.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace kisoku::eval {

namespace detail {

class Fuser {
public:
    explicit Fuser(Program const& program) : program_(program) {}

    // Appends to `out` the tests of step `index` and returns its FusedTest, or returns count 0
    // (and leaves `out` as it was) when the step is not made of tests alone.
    FusedTest fuse(std::uint32_t index, std::vector<ReadTest>& out) const {
        if (program_.steps[index].kind != Kind::boolean) return {};
        // As tests that must all hold, else (`a or b`, `not (a and b)`) as tests one of which must.
        for (bool const any_of : {false, true}) {
            auto const first = out.size();
            if (collect(index, any_of, false, out) && out.size() - first <= std::numeric_limits<std::uint16_t>::max())
                return {static_cast<std::uint32_t>(first), static_cast<std::uint16_t>(out.size() - first), any_of};
            out.resize(first);
        }
        return {};
    }

private:
    std::uint32_t child(Step const& s, std::uint32_t i) const { return program_.operands[s.first + i]; }

    // Appends the tests of step `index` (negated when `negated`), which are combined with the
    // others by `and` (or, with any_of, by `or`); false when a part is not a test.
    bool collect(std::uint32_t index, bool any_of, bool negated, std::vector<ReadTest>& out) const {
        Step const& s = program_.steps[index];
        if (s.op == Op::logical_not) return collect(child(s, 0), any_of, !negated, out);
        if (s.op == Op::logical_and || s.op == Op::logical_or) {
            bool const combines_as_or = (s.op == Op::logical_or) != negated;
            if (combines_as_or != any_of) return false;  // `a and (b or c)`: left to the step walk.
            return collect(child(s, 0), any_of, negated, out) && collect(child(s, 1), any_of, negated, out);
        }
        auto test = single(index);
        if (!test) return false;
        if (negated) negate(*test);
        out.push_back(test->test);
        return true;
    }

    // A test and the values its word can take (for negating a mask).
    struct Single {
        ReadTest test;
        std::uint64_t domain = 0;
    };

    static void negate(Single& s) {
        ReadTest& t = s.test;
        switch (t.form) {
            case ReadTest::Form::word_mask: t.mask = ~t.mask & s.domain; break;
            case ReadTest::Form::word_range: t.outside = !t.outside; break;
            case ReadTest::Form::number_order: t.order = negated(t.order); break;
        }
    }

    // Step `index` as one test, if it is one.
    std::optional<Single> single(std::uint32_t index) const {
        Step const& s = program_.steps[index];
        if (s.kind != Kind::boolean) return std::nullopt;
        switch (s.op) {
            case Op::input:
            case Op::field: return masked(index, 0b10);  // A boolean read: true is value 1.
            case Op::equal:
            case Op::not_equal:
            case Op::less:
            case Op::less_equal:
            case Op::greater:
            case Op::greater_equal: return comparison(s);
            case Op::in_set: {
                std::uint32_t const read = child(s, 0);
                Kind const kind = program_.steps[read].kind;
                if (kind != Kind::boolean && kind != Kind::enumeration) return std::nullopt;
                std::uint64_t mask = 0;
                for (std::uint32_t i = 1; i < s.count; ++i) {
                    auto const word = constant_word(child(s, i));
                    if (!word || *word < 0 || *word >= 64) return std::nullopt;
                    mask |= std::uint64_t{1} << *word;
                }
                return masked(read, mask);
            }
            case Op::in_range: {
                std::uint32_t const read = child(s, 0);
                if (program_.steps[read].kind != Kind::date) return std::nullopt;
                auto const low = constant_word(child(s, 1)), high = constant_word(child(s, 2));
                if (!low || !high) return std::nullopt;
                return ranged(read, *low, *high);
            }
            case Op::in_period: {
                std::uint32_t const read = child(s, 0);
                Step const& period = program_.steps[child(s, 1)];
                if (program_.steps[read].kind != Kind::date || period.op != Op::constant) return std::nullopt;
                Value const& v = program_.constants[period.a];
                if (!v.known()) return std::nullopt;
                return ranged(read, v.word, v.word2);
            }
            case Op::eligible: {
                if (s.a >= program_.enums.size() || program_.enums[s.a].eligible.size() > 64) return std::nullopt;
                std::uint64_t mask = 0;
                auto const& eligible = program_.enums[s.a].eligible;
                for (std::size_t v = 0; v < eligible.size(); ++v)
                    if (eligible[v]) mask |= std::uint64_t{1} << v;
                return masked(child(s, 0), mask);
            }
            default: return std::nullopt;
        }
    }

    // Where step `read` reads from the application, if it is a plain read.
    std::optional<ReadTest> located(std::uint32_t read) const {
        Step const& r = program_.steps[read];
        ReadTest t;
        if (r.op == Op::input) {
            t.from = ReadFrom::input;
            t.at = r.a;
            return t;
        }
        if (r.op != Op::field) return std::nullopt;
        t.field = r.a;
        if (r.item_level != 0) {
            t.from = ReadFrom::item_field;
            t.at = r.item_level - 1;
            return t;
        }
        Step const& record = program_.steps[child(r, 0)];
        if (record.op != Op::input) return std::nullopt;
        t.from = ReadFrom::input_record_field;
        t.at = record.a;
        return t;
    }

    std::optional<Single> masked(std::uint32_t read, std::uint64_t mask) const {
        Step const& r = program_.steps[read];
        std::uint64_t domain = 0b11;  // Booleans: 0 and 1.
        if (r.kind == Kind::enumeration) {
            if (r.id < 0) return std::nullopt;
            auto const n = program_.enums[static_cast<std::size_t>(r.id)].values.size();
            if (n > 64) return std::nullopt;
            domain = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
        } else if (r.kind != Kind::boolean) {
            return std::nullopt;
        }
        auto t = located(read);
        if (!t) return std::nullopt;
        t->form = ReadTest::Form::word_mask;
        t->mask = mask & domain;
        return Single{*t, domain};
    }

    std::optional<Single> ranged(std::uint32_t read, std::int64_t low, std::int64_t high) const {
        auto t = located(read);
        if (!t) return std::nullopt;
        t->form = ReadTest::Form::word_range;
        t->low = low;
        t->high = high;
        return Single{*t, 0};
    }

    std::optional<std::int64_t> constant_word(std::uint32_t index) const {
        Step const& c = program_.steps[index];
        if (c.op != Op::constant || !program_.constants[c.a].known()) return std::nullopt;
        return program_.constants[c.a].word;
    }

    // `read op constant` or `constant op read`.
    std::optional<Single> comparison(Step const& s) const {
        std::uint32_t read = child(s, 0), constant = child(s, 1);
        Op op = s.op;
        if (program_.steps[read].op == Op::constant) {
            std::swap(read, constant);
            op = mirrored(op);
        }
        Step const& c = program_.steps[constant];
        if (c.op != Op::constant || !program_.constants[c.a].known()) return std::nullopt;
        std::int64_t const word = program_.constants[c.a].word;
        switch (program_.steps[read].kind) {
            case Kind::boolean:
            case Kind::enumeration: {
                if (word < 0 || word >= 64) return std::nullopt;
                std::uint64_t const bit = std::uint64_t{1} << word;
                if (op == Op::equal) return masked(read, bit);
                if (op == Op::not_equal) return masked(read, ~bit);
                return std::nullopt;
            }
            case Kind::date: {
                constexpr auto lowest = std::numeric_limits<std::int64_t>::min(), highest = std::numeric_limits<std::int64_t>::max();
                switch (op) {
                    case Op::equal: return ranged(read, word, word);
                    case Op::not_equal: {
                        auto t = ranged(read, word, word);
                        if (t) t->test.outside = true;
                        return t;
                    }
                    case Op::less: return ranged(read, lowest, word - 1);
                    case Op::less_equal: return ranged(read, lowest, word);
                    case Op::greater: return ranged(read, word + 1, highest);
                    case Op::greater_equal: return ranged(read, word, highest);
                    default: return std::nullopt;
                }
            }
            case Kind::number:
            case Kind::yen: {
                auto t = located(read);
                if (!t) return std::nullopt;
                t->form = ReadTest::Form::number_order;
                t->order = op;
                t->constant = c.a;
                return Single{*t, 0};
            }
            default: return std::nullopt;
        }
    }

    // The operator with its operands swapped: `a < b` is `b > a`.
    static Op mirrored(Op op) {
        switch (op) {
            case Op::less: return Op::greater;
            case Op::less_equal: return Op::greater_equal;
            case Op::greater: return Op::less;
            case Op::greater_equal: return Op::less_equal;
            default: return op;
        }
    }
    // The operator that holds exactly when `op` does not (numbers are totally ordered).
    static Op negated(Op op) {
        switch (op) {
            case Op::equal: return Op::not_equal;
            case Op::not_equal: return Op::equal;
            case Op::less: return Op::greater_equal;
            case Op::less_equal: return Op::greater;
            case Op::greater: return Op::less_equal;
            default: return Op::less;  // greater_equal
        }
    }

    Program const& program_;
};

}  // namespace detail

// Describes every step of `program` that is a fused test (see FusedTest), one entry per step.
// A step inside a fused one (`a` in `a and b`) is only ever evaluated through it, and is left
// unfused, so that a long chain of `and`s is fused once, not once for each of its tails.
inline void fuse(Program& program) {
    detail::Fuser const fuser(program);
    program.read_tests.clear();
    program.fused.assign(program.steps.size(), FusedTest{});
    std::vector<bool> inside(program.steps.size(), false);
    std::vector<std::uint32_t> below;
    // Children come before their parents in the plan, so a parent is seen first.
    for (auto i = static_cast<std::uint32_t>(program.steps.size()); i-- > 0;) {
        if (inside[i]) continue;
        program.fused[i] = fuser.fuse(i, program.read_tests);
        if (program.fused[i].count == 0) continue;
        below.assign(1, i);
        while (!below.empty()) {
            Step const& s = program.steps[below.back()];
            below.pop_back();
            if (s.op != Op::logical_and && s.op != Op::logical_or && s.op != Op::logical_not) continue;
            for (std::uint32_t c = 0; c < s.count; ++c) {
                std::uint32_t const operand = program.operands[s.first + c];
                inside[operand] = true;
                below.push_back(operand);
            }
        }
    }
}

}  // namespace kisoku::eval
