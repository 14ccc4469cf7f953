// kisoku/eval/native.hpp — a program's rules compiled to C++ ahead of time, and what that code
// reads.
//
// `kisoku generate cpp RULES` (kisoku/eval/generate_cpp.hpp) writes, for one compiled Program, a
// C++ header with a function for every eligibility condition, check, conditional document and
// global, over the slots of a bound Application. An Evaluator given that code
// (Evaluator::set_native) calls it first for each root, as it would take its optimistic path: the
// generated code decides a root only when every value it meets is known, and gives up otherwise,
// so that the Evaluator decides that root as it would without it. The decision is therefore always
// the one the rule file gives; the generated code only makes the common, complete application
// faster. It is tied to the exact plan it was generated from by a fingerprint: an Evaluator refuses
// code generated from another version of the rules, so a rule file edited without regenerating
// is still decided correctly, by the interpreter.
#pragma once

#include "kisoku/eval/program.hpp"
#include "kisoku/eval/value.hpp"
#include "kisoku/number.hpp"
#include "kisoku/version.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kisoku::eval {

// What generated code reads: the application being decided, the program, and the values of the
// globals it has computed for this application. Owned by the Evaluator; reset for each application.
struct NativeFrame {
    Value const* slots = nullptr;            // Application::slots
    Value const* items = nullptr;            // Application::items
    Application const* application = nullptr;
    Program const* program = nullptr;
    Value const* constants = nullptr;        // Program::constants
    // Per global: 0 not computed yet, 1 being computed, 2 known (in `globals`), 3 given up on an
    // unknown value, 4 given up on a step the generated code does not cover.
    std::uint8_t* global_state = nullptr;
    Value* globals = nullptr;
};

// What generated code provides for one Program.
//
// `decide` writes one byte per root into `results`: first the conditions (following the
// eligibility blocks and their conditions in declaration order), 1 pass, 2 fail, 3 not applicable;
// then the checks, then the documents (in the Program's order), 1 true, 2 false (the values of the
// Evaluator's outcomes and truths, which take them as they are). Where it gave up,
// 0 says it met a value that is not known (an unknown or bounded input, a null item) or a
// division by zero, which only the Evaluator's general path decides; 4 that it met a step it does
// not cover, which the Evaluator's optimistic path may still decide. All the roots are one
// function, so that the C++ compiler sees them together.
// `globals[g]` gives global g's known value for the application, or null when it gives up.
using NativeDecide = void (*)(NativeFrame&, std::uint8_t* results);
using NativeGlobal = Value const* (*)(NativeFrame&);
struct NativeRules {
    std::uint64_t fingerprint = 0;
    std::size_t conditions = 0, checks = 0, documents = 0;
    NativeDecide decide = nullptr;
    std::span<NativeGlobal const> globals;
};

// A 64-bit FNV-1a hash of everything in a Program that generated code depends on: the plan, its
// constants, the shapes of data and the roots. Two Programs with the same fingerprint are decided
// by the same generated code; any edit to the rules that changes what is computed changes it.
inline std::uint64_t plan_fingerprint(Program const& p) {
    std::uint64_t h = 14695981039346656037ull;
    auto byte = [&](unsigned char b) {
        h ^= b;
        h *= 1099511628211ull;
    };
    auto word = [&](std::uint64_t w) {
        for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(w >> (8 * i)));
    };
    auto text = [&](std::string_view t) {
        word(t.size());
        for (char c : t) byte(static_cast<unsigned char>(c));
    };
    text("kisoku.native/1");
    word(p.steps.size());
    for (Step const& s : p.steps) {
        word(static_cast<std::uint64_t>(s.op));
        word(static_cast<std::uint64_t>(s.kind));
        word(static_cast<std::uint64_t>(s.element));
        word(static_cast<std::uint64_t>(static_cast<std::int64_t>(s.id)));
        word(s.a);
        word(s.count);
        word(s.item_level);
        for (std::uint32_t i = 0; i < s.count; ++i) word(p.operands[s.first + i]);
    }
    word(p.constants.size());
    for (Value const& v : p.constants) {
        word(static_cast<std::uint64_t>(v.state));
        word(v.flags);
        // A number in the big form keeps an address in `word`, which differs from run to run:
        // its digits stand for it.
        bool const big = v.word3 < 0;
        word(big ? 0 : static_cast<std::uint64_t>(v.word));
        word(static_cast<std::uint64_t>(v.word2));
        word(static_cast<std::uint64_t>(v.word3));
        text(v.number().to_string());
    }
    word(p.texts.size());
    for (auto const& t : p.texts) text(t);
    word(p.enums.size());
    for (auto const& e : p.enums) {
        word(e.values.size());
        for (bool b : e.eligible) byte(b ? 1 : 0);
    }
    word(p.layouts.size());
    for (auto const& l : p.layouts) {
        word(l.fields.size());
        for (auto const& f : l.fields) {
            word(static_cast<std::uint64_t>(f.kind));
            word(static_cast<std::uint64_t>(f.id));
        }
    }
    word(p.root_slots);
    word(p.max_level);
    word(p.globals.size());
    for (auto const& g : p.globals) {
        word(static_cast<std::uint64_t>(g.kind));
        word(g.root);
        word(g.supplied ? 1 : 0);
        word(g.slot);
    }
    word(p.eligibility.size());
    for (auto const& e : p.eligibility) {
        word(e.conditions.size());
        for (auto const& c : e.conditions) {
            word(static_cast<std::uint64_t>(c.applicability));
            word(c.applies);
            word(c.test);
        }
    }
    word(p.checks.size());
    for (auto const& c : p.checks) word(c.test);
    word(p.documents.size());
    for (auto const& d : p.documents) {
        word(d.conditional ? 1 : 0);
        word(d.when);
    }
    return h;
}

// What code generated and compiled apart from the host must agree on with the host to be called
// by it: the library's version and the sizes of what generated code reads and returns. Code
// compiled at run time (kisoku/eval/native_library.hpp) exports the value it was compiled with,
// and a host refuses a library whose value differs from its own, which would read the frame and
// the values with another layout.
inline constexpr std::uint64_t native_abi() noexcept {
    std::uint64_t h = 14695981039346656037ull;
    auto word = [&](std::uint64_t w) {
        for (int i = 0; i < 8; ++i) {
            h ^= static_cast<unsigned char>(w >> (8 * i));
            h *= 1099511628211ull;
        }
    };
    // The revision of the code `kisoku generate cpp` writes: a library generated by an earlier
    // revision is compiled again, so that a cache never serves slower code than the host writes.
    word(3);
    word(KISOKU_VERSION_MAJOR);
    word(KISOKU_VERSION_MINOR);
    word(KISOKU_VERSION_PATCH);
    word(sizeof(Value));
    word(alignof(Value));
    word(sizeof(Number));
    word(sizeof(NativeFrame));
    word(sizeof(NativeRules));
    word(sizeof(Application));
    word(sizeof(void*));
    return h;
}

// Helpers that generated code calls; each is what the Evaluator's optimistic path does.
namespace native {

// Periods in order of their first day, then of their last: -1, 0 or 1.
inline int compare_periods(Value const& l, Value const& r) noexcept {
    return l.word != r.word ? (l.word < r.word ? -1 : 1) : (l.word2 < r.word2 ? -1 : l.word2 > r.word2 ? 1 : 0);
}

// The text of a text value: the program's or the application's.
inline std::string_view text(NativeFrame const& f, Value const& v) {
    if (v.flags & Value::program_text) return f.program->texts[static_cast<std::size_t>(v.word)];
    return f.application->text(static_cast<std::size_t>(v.word));
}

// A number operand of generated code: a Number it computed, or a known number or yen Value it read
// (read in place, not made into a Number, which costs a test of the big form to destroy). The
// whole-number test and value, and the Number.
[[gnu::always_inline]] inline bool is_whole(Number const& n) noexcept { return n.is_small_integer(); }
[[gnu::always_inline]] inline bool is_whole(Value const& v) noexcept { return v.holds_small_integer(); }
[[gnu::always_inline]] inline std::int64_t whole_value(Number const& n) noexcept { return n.small_numerator(); }
[[gnu::always_inline]] inline std::int64_t whole_value(Value const& v) noexcept { return v.small_integer(); }
[[gnu::always_inline]] inline Number const& number(Number const& n) noexcept { return n; }
[[gnu::always_inline]] inline Number number(Value const& v) { return v.number(); }

// An exact sum kept as whole yen in 64 bits while it fits, and as a Number beyond: adding one
// term, and the total.
template <typename Term>
[[gnu::always_inline]] inline void add_term(std::int64_t& whole, Number& rest, Term const& term) {
    std::int64_t next;
    if (is_whole(term) && !__builtin_add_overflow(whole, whole_value(term), &next)) [[likely]] {
        whole = next;
        return;
    }
    rest += number(term);
}
inline Number total(std::int64_t whole, Number const& rest) { return rest.is_zero() ? Number(whole) : rest + Number(whole); }

// Exact arithmetic and comparison, with whole numbers in 64 bits done inline (Number's operators
// handle every form and are too large to inline everywhere); the same results as Number's. Only
// the whole-number case is inlined into generated code: the rest is one call.
[[gnu::noinline]] inline Number add_exact(Number const& a, Number const& b) { return a + b; }
[[gnu::noinline]] inline Number subtract_exact(Number const& a, Number const& b) { return a - b; }
[[gnu::noinline]] inline Number multiply_exact(Number const& a, Number const& b) { return a * b; }
[[gnu::noinline]] inline int compare_exact(Number const& a, Number const& b) {
    auto const order = a <=> b;
    return order < 0 ? -1 : order > 0 ? 1 : 0;
}
template <typename A, typename B>
[[gnu::always_inline]] inline Number add(A const& a, B const& b) {
    std::int64_t r;
    if (is_whole(a) && is_whole(b) && !__builtin_add_overflow(whole_value(a), whole_value(b), &r)) [[likely]]
        return Number(r);
    return add_exact(number(a), number(b));
}
template <typename A, typename B>
[[gnu::always_inline]] inline Number subtract(A const& a, B const& b) {
    std::int64_t r;
    if (is_whole(a) && is_whole(b) && !__builtin_sub_overflow(whole_value(a), whole_value(b), &r)) [[likely]]
        return Number(r);
    return subtract_exact(number(a), number(b));
}
template <typename A, typename B>
[[gnu::always_inline]] inline Number multiply(A const& a, B const& b) {
    std::int64_t r;
    if (is_whole(a) && is_whole(b) && !__builtin_mul_overflow(whole_value(a), whole_value(b), &r)) [[likely]]
        return Number(r);
    return multiply_exact(number(a), number(b));
}
// -1, 0 or 1.
template <typename A, typename B>
[[gnu::always_inline]] inline int compare(A const& a, B const& b) {
    if (is_whole(a) && is_whole(b)) [[likely]]
        return whole_value(a) < whole_value(b) ? -1 : whole_value(a) > whole_value(b) ? 1 : 0;
    return compare_exact(number(a), number(b));
}

// Three-valued results as two bits, 1 true, 2 false and 0 unknown, combined in Kleene's logic
// without a branch: `false and unknown` is false, `true or unknown` true.
constexpr unsigned bits_and(unsigned a, unsigned b) noexcept { return (a & b & 1u) | ((a | b) & 2u); }
constexpr unsigned bits_or(unsigned a, unsigned b) noexcept { return ((a | b) & 1u) | (a & b & 2u); }

// Sets `out` to a known number (as Value::of_number, reusing out's storage).
inline void set_number(Value& out, Number const& n) {
    out.set_number(n);
}

// The value of global g for this application, computed once by `compute` (which returns 1, or
// the 0 or 4 of NativeRules when it gives up); null when it gives up.
template <typename Compute>
inline Value const* global(NativeFrame& f, std::uint32_t g, Compute compute) {
    switch (f.global_state[g]) {
        case 2: return f.globals + g;
        case 0: break;
        default: return nullptr;  // Given up, or (never: the checker refuses cycles) being computed.
    }
    f.global_state[g] = 1;
    if (int const r = compute(f, f.globals[g]); r != 1) {
        f.global_state[g] = r == 4 ? 4 : 3;
        return nullptr;
    }
    f.global_state[g] = 2;
    return f.globals + g;
}

// What a root gives up with when global g did: 4 or 0, as the global did.
inline int given_up(NativeFrame const& f, std::uint32_t g) noexcept { return f.global_state[g] == 4 ? 4 : 0; }

// A value that is never read: what generated code names after giving up, where C++ wants one.
inline Value const& nothing() noexcept {
    static Value const unknown{};
    return unknown;
}

}  // namespace native
}  // namespace kisoku::eval
