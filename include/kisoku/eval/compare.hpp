// kisoku/eval/compare.hpp — what changes for one application between two sets of rules: two
// fiscal years of a program, or a rule file before and after an edit (what `kisoku diff` reports).
#pragma once

#include "kisoku/eval/decision.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace kisoku::eval {

// An amount whose value differs: canonical text on each side, nothing where it is unknown or the
// rules of that side do not have it.
struct AmountChange {
    std::string name;
    std::optional<std::string> before, after;
    bool present_before = true, present_after = true;
};

// A condition whose outcome differs, named by its eligibility block and its marker (or label);
// an outcome is "absent" on the side whose rules do not have the condition.
struct ConditionChange {
    std::string eligibility, marker, label;
    std::string before, after;
};

// How the decision of one application differs from one set of rules to the other.
struct DecisionChange {
    Verdict before = Verdict::undetermined, after = Verdict::undetermined;
    std::vector<AmountChange> amounts;
    std::vector<ConditionChange> conditions;

    bool verdict_changed() const { return before != after; }
    bool changed() const { return verdict_changed() || !amounts.empty() || !conditions.empty(); }
};

// Compares two decisions of the same application. Amounts are matched by name; conditions by their
// eligibility block and marker, or label when they have no marker, so that a condition whose
// wording was edited but whose marker (①, ②, …) stayed is compared with itself. A condition only
// one side has is reported when it holds the application back there (fail or unknown): one that
// passes or does not apply changes nothing for it.
inline DecisionChange compare(Decision const& before, Decision const& after) {
    DecisionChange out;
    out.before = before.verdict;
    out.after = after.verdict;
    auto text_of = [](AmountResult const& a) { return a.value ? std::optional<std::string>(a.value->to_string()) : std::nullopt; };
    for (auto const& a : before.amounts) {
        auto it = std::find_if(after.amounts.begin(), after.amounts.end(), [&](auto const& b) { return b.name == a.name; });
        if (it == after.amounts.end())
            out.amounts.push_back({a.name, text_of(a), std::nullopt, true, false});
        else if (text_of(a) != text_of(*it))
            out.amounts.push_back({a.name, text_of(a), text_of(*it)});
    }
    for (auto const& b : after.amounts)
        if (std::none_of(before.amounts.begin(), before.amounts.end(), [&](auto const& a) { return a.name == b.name; }))
            out.amounts.push_back({b.name, std::nullopt, text_of(b), false, true});

    auto holds_back = [](Outcome o) { return o == Outcome::fail || o == Outcome::unknown; };
    auto same_condition = [](ConditionResult const& x, ConditionResult const& y) {
        if (x.eligibility != y.eligibility) return false;
        return !x.marker.empty() || !y.marker.empty() ? x.marker == y.marker : x.label == y.label;
    };
    for (auto const& c : before.conditions) {
        auto it = std::find_if(after.conditions.begin(), after.conditions.end(), [&](auto const& d) { return same_condition(c, d); });
        if (it == after.conditions.end()) {
            if (holds_back(c.outcome)) out.conditions.push_back({c.eligibility, c.marker, c.label, std::string(name(c.outcome)), "absent"});
        }
        else if (it->outcome != c.outcome)
            out.conditions.push_back({c.eligibility, it->marker, it->label, std::string(name(c.outcome)), std::string(name(it->outcome))});
    }
    for (auto const& d : after.conditions)
        if (holds_back(d.outcome) &&
            std::none_of(before.conditions.begin(), before.conditions.end(), [&](auto const& c) { return same_condition(c, d); }))
            out.conditions.push_back({d.eligibility, d.marker, d.label, "absent", std::string(name(d.outcome))});
    return out;
}

}  // namespace kisoku::eval
