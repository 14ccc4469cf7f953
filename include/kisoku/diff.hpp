// kisoku/diff.hpp — two sets of rules over the same applications: whose result changes, and how
// (what `kisoku diff` and `python -m kisoku diff` print).
//
//   kisoku::RulesDiff diff(*old_rules.rules, *new_rules.rules, kisoku::Language::en);
//   std::cout << diff.application(json_text, "line 1");   // nothing when nothing changes
//   std::cout << diff.summary();
#pragma once

#include "kisoku/rules.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kisoku {

// Decides applications with two sets of rules (two fiscal years of a program, or a rule file
// before and after an edit) and reports, for each application whose verdict, amounts or
// conditions differ, what differs (eval::compare). A single-year set of rules is applied to every
// application whatever its date (its own fiscal year is forced), so that last year's applications
// can be decided by this year's rules; a set of several years chooses by each application's date.
// Holds a Session for each side: one RulesDiff per thread.
class RulesDiff {
public:
    RulesDiff(Rules const& before, Rules const& after, Language lang)
        : before_(before), after_(after), before_year_(forced_year(before)), after_year_(forced_year(after)), lang_(lang) {}

    // Decides one application (JSON text) both ways; returns its report, headed by `where` (an
    // empty text when nothing changes or both sides refuse its input).
    std::string application(std::string_view json, std::string const& where) {
        ++total_;
        auto b = before_.evaluate_json(json, before_year_);
        auto a = after_.evaluate_json(json, after_year_);
        if (!b.decision || !a.decision) {
            if (!b.decision && !a.decision) {
                ++errors_;
                return {};
            }
            ++changed_;
            ++verdicts_;
            return where + ": " + verdict_text(b) + " → " + verdict_text(a) + "\n";
        }
        auto change = eval::compare(*b.decision, *a.decision);
        if (!change.changed()) return {};
        ++changed_;
        verdicts_ += change.verdict_changed();
        amounts_ += !change.amounts.empty();
        std::string out = where + ": " + std::string(eval::name(change.before));
        if (change.verdict_changed()) out += " → " + std::string(eval::name(change.after));
        out += "\n";
        for (auto const& m : change.amounts)
            out += "  " + m.name + ": " + shown(m.before, m.present_before) + " → " + shown(m.after, m.present_after) + "\n";
        for (auto const& c : change.conditions)
            out += "  " + c.eligibility + " " + (c.marker.empty() ? c.label : c.marker + " " + c.label) + ": " + c.before + " → " + c.after + "\n";
        return out;
    }

    // How the n-th application of a stream is named in the report: "line n" (「n行目」).
    std::string line(std::size_t n) const { return lang_ == Language::ja ? std::to_string(n) + "行目" : "line " + std::to_string(n); }

    // The counts so far, as the report's last line.
    std::string summary() const {
        std::size_t const same = total_ - changed_ - errors_;
        if (lang_ == Language::ja)
            return "申請 " + std::to_string(total_) + " 件: 結果が変わる " + std::to_string(changed_) + " 件（判定 " + std::to_string(verdicts_) +
                   " 件、金額 " + std::to_string(amounts_) + " 件）、変わらない " + std::to_string(same) + " 件、両方で入力エラー " +
                   std::to_string(errors_) + " 件\n";
        return std::to_string(total_) + " applications: " + std::to_string(changed_) + " changed (" + std::to_string(verdicts_) +
               " in verdict, " + std::to_string(amounts_) + " in amounts), " + std::to_string(same) + " unchanged, " +
               std::to_string(errors_) + " with input errors under both\n";
    }

    // Whether any application's result changed.
    bool changed() const { return changed_ > 0; }

private:
    static int forced_year(Rules const& r) { return r.years.size() == 1 ? r.years.front()->fiscal_year : 0; }

    std::string verdict_text(EvaluationResult const& r) const {
        if (r.decision) return std::string(eval::name(r.decision->verdict));
        auto const& e = r.errors.front();
        return lang_ == Language::ja ? "入力エラー（" + e.path + " " + e.code + "）" : "input errors (" + e.path + " " + e.code + ")";
    }
    std::string shown(std::optional<std::string> const& v, bool present) const {
        if (!present) return lang_ == Language::ja ? "（なし）" : "(absent)";
        return v ? *v : std::string(lang_ == Language::ja ? "不明" : "unknown");
    }

    Session before_, after_;
    int before_year_, after_year_;
    Language lang_;
    std::size_t total_ = 0, changed_ = 0, verdicts_ = 0, amounts_ = 0, errors_ = 0;
};

}  // namespace kisoku
