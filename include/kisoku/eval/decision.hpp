// kisoku/eval/decision.hpp — a decision: what an evaluation concluded, as a plain C++ value.
//
// `decide` reads an Evaluator after run() and gathers everything a portal shows an applicant or an
// analyst keeps: the verdict, each amount exactly with the computation that gave it, each
// eligibility condition with its label, citation and result, the checks raised, the documents
// required, the notes of interpretation, and — for an undetermined decision — the missing inputs
// that could settle it, the most decisive first. Building a Decision allocates; evaluation does not.
#pragma once

#include "kisoku/eval/evaluate.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kisoku::eval {

enum class Verdict { eligible, ineligible, undetermined };

constexpr std::string_view name(Verdict v) noexcept {
    switch (v) {
        case Verdict::eligible: return "eligible";
        case Verdict::ineligible: return "ineligible";
        default: return "undetermined";
    }
}

// The verdict of an Evaluator that has run an application.
inline Verdict verdict_of(Evaluator const& e) noexcept {
    return e.ineligible() ? Verdict::ineligible : e.undetermined() ? Verdict::undetermined : Verdict::eligible;
}

constexpr std::string_view name(Outcome o) noexcept {
    switch (o) {
        case Outcome::pass: return "pass";
        case Outcome::fail: return "fail";
        case Outcome::unknown: return "unknown";
        default: return "not_applicable";
    }
}

// A value as a decision shows it: canonical (exact, machine-readable) and for display.
struct ShownValue {
    bool known = false;
    std::string canonical;  // "300000", "2/3", "true", "2025-04-14", "DX共創実践枠"; empty when unknown
    std::string display;    // "300,000円", "2/3", "2025-04-14", "DX共創実践枠"; "unknown" when unknown
};

// One step of a computation: the expression, its value, and the steps it was computed from.
// `name` is set where the step is a named value (対象経費), whose definition is its only child.
struct ExplanationNode {
    std::string expression;
    std::string name;
    ShownValue value;
    std::vector<ExplanationNode> children;
};

struct AmountResult {
    std::string name;
    std::string citation;
    bool is_yen = true;
    std::optional<Number> value;  // Absent when unknown.
    ExplanationNode explanation;
    // The definition with the value of each part written after it:
    // min(上限額[活動種別] = 300,000円, 対象経費 * 助成率[活動種別] = 330,000円)
    std::string summary;
};

struct ConditionResult {
    std::string eligibility;  // The name of its eligibility block.
    std::string marker, label, citation;
    Outcome outcome = Outcome::unknown;
};

struct EligibilityResult {
    std::string name, citation;
    bool any_of = false;
    Outcome outcome = Outcome::unknown;
};

enum class CheckStatus { passed, raised, unknown };

constexpr std::string_view name(CheckStatus s) noexcept {
    switch (s) {
        case CheckStatus::passed: return "passed";
        case CheckStatus::raised: return "raised";
        default: return "unknown";
    }
}

struct CheckFinding {
    bool is_warning = false;
    std::string label, citation;
    CheckStatus status = CheckStatus::unknown;
};

// A document the application must come with. `certain` is false when whether it is needed
// depends on inputs not given yet.
struct DocumentRequirement {
    std::string label, citation, due;
    bool certain = true;
};

struct NoteShown {
    std::string text, citation;
};

// An input that is missing and would help settle the decision: its JSON path, the field's label
// (or name) and type, and how many undecided conditions and amounts it enters.
struct MissingInput {
    std::string path, label, type;
    std::size_t decides = 0;
};

// An evaluation problem that did not stop the decision (a division by zero made a value unknown).
struct EvaluationProblem {
    std::string code;
    std::string expression;
    std::string location;           // file:line:col
    std::vector<std::string> args;  // The message's arguments (the rounding unit).
};

struct Decision {
    std::string program, title, file;
    int fiscal_year = 0;
    Verdict verdict = Verdict::undetermined;
    std::vector<AmountResult> amounts;
    std::vector<EligibilityResult> eligibility;
    std::vector<ConditionResult> conditions;
    std::vector<CheckFinding> checks;
    std::vector<DocumentRequirement> documents;
    std::vector<NoteShown> notes;
    std::vector<MissingInput> missing;
    std::vector<EvaluationProblem> problems;
};

namespace detail {

class DecisionBuilder {
public:
    explicit DecisionBuilder(Evaluator& evaluator)
        : e_(evaluator), p_(evaluator.program()), app_(*evaluator.application()) {}

    Decision build() {
        Decision d;
        d.program = p_.name;
        d.title = p_.title;
        d.file = p_.file;
        d.fiscal_year = p_.fiscal_year;
        d.verdict = verdict_of(e_);
        // The problems of the evaluation, taken before the explanations evaluate steps again; each
        // expression once, however many items of a list it failed for.
        std::vector<std::pair<std::uint32_t, Number>> failed;
        for (std::size_t i = 0; i < e_.division_errors().size(); ++i) {
            std::uint32_t const step = e_.division_errors()[i];
            if (std::find_if(failed.begin(), failed.end(), [&](auto const& f) { return f.first == step; }) == failed.end())
                failed.emplace_back(step, e_.division_error_operands()[i]);
        }
        bool const exhausted = e_.exhausted();
        conditions(d);
        d.missing = missing(d.verdict);
        amounts(d);
        checks_and_documents(d);
        d.notes.reserve(p_.notes.size());
        for (auto const& n : p_.notes) d.notes.push_back({n.text, n.citation});
        for (auto const& [step, operand] : failed) {
            Step const& s = p_.steps[step];
            std::string where;
            if (p_.source && s.source) {
                auto at = p_.source->location(ast::span_of(*s.source).begin);
                where = p_.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
            }
            if (s.op == Op::round)
                d.problems.push_back({"rounding-unit-not-positive", p_.expressions[step], where,
                                      {show(Value::of_number(operand), p_.steps[p_.operand(s, 1)]).display}});
            else
                d.problems.push_back({"division-by-zero", p_.expressions[step], where, {}});
        }
        if (exhausted)
            d.problems.push_back({"evaluation-step-limit", "", p_.file, {std::to_string(e_.limits().max_steps)}});
        return d;
    }

    // The missing inputs behind undecided conditions (of blocks still undecided) and unknown
    // amounts, ranked by how many of them each one enters.
    std::vector<MissingInput> missing(Verdict verdict) {
        struct Entry {
            MissingRead read;
            std::size_t decides;
            std::size_t first_seen;
        };
        std::vector<Entry> entries;
        auto add_range = [&](MissingRange r) {
            std::vector<MissingRead> seen_here;
            for (std::uint32_t i = r.begin; i < r.end; ++i) {
                MissingRead const& m = e_.missing()[i];
                if (std::find(seen_here.begin(), seen_here.end(), m) != seen_here.end()) continue;
                seen_here.push_back(m);
                auto it = std::find_if(entries.begin(), entries.end(), [&](Entry const& x) { return x.read == m; });
                if (it == entries.end())
                    entries.push_back({m, 1, entries.size()});
                else
                    ++it->decides;
            }
        };
        if (verdict == Verdict::undetermined) {
            std::size_t index = 0;
            for (std::size_t b = 0; b < p_.eligibility.size(); ++b)
                for (std::size_t c = 0; c < p_.eligibility[b].conditions.size(); ++c, ++index)
                    if (e_.block_outcome(b) == Outcome::unknown && e_.condition_outcome(index) == Outcome::unknown)
                        add_range(e_.condition_missing(index));
        }
        if (verdict != Verdict::ineligible)
            for (std::size_t a = 0; a < p_.amounts.size(); ++a)
                if (!e_.amount(a).known()) add_range(e_.amount_missing(a));
        std::stable_sort(entries.begin(), entries.end(), [](Entry const& x, Entry const& y) { return x.decides > y.decides; });
        std::vector<MissingInput> out;
        for (auto const& entry : entries) out.push_back(describe(entry.read, entry.decides));
        return out;
    }

private:
    void conditions(Decision& d) {
        std::size_t index = 0;
        // Every list of the decision is reserved at its size (the program's): growing each one
        // step by step took several allocations per list and decision.
        std::size_t count = 0;
        for (auto const& block : p_.eligibility) count += block.conditions.size();
        d.eligibility.reserve(p_.eligibility.size());
        d.conditions.reserve(count);
        for (std::size_t b = 0; b < p_.eligibility.size(); ++b) {
            auto const& block = p_.eligibility[b];
            d.eligibility.push_back({block.name, block.citation, block.any_of, e_.block_outcome(b)});
            for (auto const& c : block.conditions)
                d.conditions.push_back({block.name, c.marker, c.label, c.citation, e_.condition_outcome(index++)});
        }
    }

    // The path, label and type of a missing slot or item.
    MissingInput describe(MissingRead const& m, std::size_t decides) const {
        MissingInput out;
        out.decides = decides;
        FieldLayout const* field = nullptr;
        out.path = m.is_item ? item_path(static_cast<std::size_t>(m.where), &field) : slot_path(static_cast<std::size_t>(m.where), &field);
        if (field) {
            out.label = field->label.empty() ? field->name : field->label;
            out.type = type_name(*field, m.is_item);
        }
        return out;
    }

    std::string type_name(FieldLayout const& f, bool item) const {
        Kind kind = item ? f.element : f.kind;
        switch (kind) {
            case Kind::boolean: return "bool";
            case Kind::number: return f.whole ? "int" : "number";
            case Kind::yen: return "yen";
            case Kind::date: return "date";
            case Kind::text: return "text";
            case Kind::period: return "period";
            case Kind::enumeration: return p_.enums[static_cast<std::size_t>(f.id)].name;
            case Kind::record: return p_.layouts[static_cast<std::size_t>(f.id)].name;
            case Kind::list:
                return "list<" + (f.element == Kind::record ? p_.layouts[static_cast<std::size_t>(f.id)].name
                                                             : p_.enums[static_cast<std::size_t>(f.id)].name) + ">";
            default: return "?";
        }
    }

    std::string slot_path(std::size_t slot, FieldLayout const** field) const {
        auto const& records = app_.records;
        auto it = std::upper_bound(records.begin(), records.end(), slot,
                                   [](std::size_t s, RecordRegion const& r) { return s < r.first_slot; });
        if (it == records.begin()) return "$";
        RecordRegion const& region = *(it - 1);
        auto const& layout = p_.layouts[static_cast<std::size_t>(region.layout)];
        std::size_t const f = slot - region.first_slot;
        if (f >= layout.fields.size()) {
            // A supplied parameter.
            for (auto const& g : p_.globals)
                if (g.supplied && g.slot == slot) return "param " + g.name;
            return "$";
        }
        if (field) *field = &layout.fields[f];
        std::string parent = region.parent < 0 ? "$"
                             : region.parent_is_item ? item_path(static_cast<std::size_t>(region.parent), nullptr)
                                                     : slot_path(static_cast<std::size_t>(region.parent), nullptr);
        return parent + "." + layout.fields[f].name;
    }

    std::string item_path(std::size_t item, FieldLayout const** field) const {
        auto const& lists = app_.lists;
        for (auto const& l : lists)
            if (item >= l.first_item && item < l.first_item + l.count) {
                FieldLayout const* list_field = nullptr;
                std::string path = slot_path(l.slot, &list_field);
                if (field) *field = list_field;
                return path + "[" + std::to_string(item - l.first_item) + "]";
            }
        return "$";
    }

    void amounts(Decision& d) {
        d.amounts.reserve(p_.amounts.size());
        for (std::size_t a = 0; a < p_.amounts.size(); ++a) {
            GlobalPlan const& g = p_.globals[p_.amounts[a]];
            AmountResult r;
            r.name = g.name;
            r.citation = g.citation;
            r.is_yen = g.kind == Kind::yen;
            Value const v = e_.amount(a);
            if (v.known()) r.value = v.number();
            r.explanation = explain_global(p_.amounts[a], 0);
            r.summary = summary(g.root);
            d.amounts.push_back(std::move(r));
        }
    }

    void checks_and_documents(Decision& d) {
        d.checks.reserve(p_.checks.size());
        d.documents.reserve(p_.documents.size());  // At most one per document.
        for (std::size_t c = 0; c < p_.checks.size(); ++c) {
            auto const& plan = p_.checks[c];
            Value const& v = e_.check_result(c);
            CheckStatus status = !v.known() ? CheckStatus::unknown : v.word ? CheckStatus::passed : CheckStatus::raised;
            d.checks.push_back({plan.is_warning, plan.label, plan.citation, status});
        }
        for (std::size_t i = 0; i < p_.documents.size(); ++i) {
            auto const& plan = p_.documents[i];
            Value const& v = e_.document_result(i);
            if (v.known() && !v.word) continue;
            d.documents.push_back({plan.label, plan.citation, plan.due, v.known()});
        }
    }

public:
    // ---------------------------------------------------------------------------------------
    // Values shown.
    ShownValue show(Value const& v, Step const& s) const {
        ShownValue out;
        if (v.state == State::bounded) {
            out.display = std::to_string(v.word) + ".." + std::to_string(v.word2);
            return out;
        }
        if (!v.known()) {
            out.display = "unknown";
            return out;
        }
        out.known = true;
        switch (s.kind) {
            case Kind::boolean: out.canonical = out.display = v.word ? "true" : "false"; break;
            case Kind::number:
            case Kind::yen:
                // The display form from the canonical one, rather than writing the number twice.
                out.canonical = v.number().to_string();
                out.display = kisoku::detail::display_of_canonical(out.canonical);
                if (s.kind == Kind::yen) out.display += "円";
                break;
            case Kind::date: out.canonical = out.display = Date(static_cast<std::int32_t>(v.word)).to_string(); break;
            case Kind::period:
                out.canonical = out.display = Date(static_cast<std::int32_t>(v.word)).to_string() + ".." +
                                              Date(static_cast<std::int32_t>(v.word2)).to_string();
                break;
            case Kind::enumeration:
                if (s.id >= 0 && static_cast<std::size_t>(s.id) < p_.enums.size())
                    out.canonical = out.display = p_.enums[static_cast<std::size_t>(s.id)].values[static_cast<std::size_t>(v.word)];
                break;
            case Kind::text: out.canonical = out.display = "\"" + std::string(e_.text(v)) + "\""; break;
            case Kind::list: out.canonical = out.display = "[" + std::to_string(v.word2) + "]"; break;
            default: break;
        }
        return out;
    }

    // The computation of a global: its name and value, its definition as the only child.
    ExplanationNode explain_global(std::uint32_t g, int depth) {
        GlobalPlan const& plan = p_.globals[g];
        ExplanationNode node;
        node.name = plan.name;
        node.expression = plan.name;
        Step const& root = p_.steps[plan.root];
        Value const& value = e_.global(g);
        node.value = show(value, root);
        if (plan.supplied) return node;
        if (depth < max_depth) node.children.push_back(explain(plan.root, depth + 1, &value));
        return node;
    }

    // The computation of step `index`. `value`, when given, is the step's value, already known:
    // the root of a global has the global's value, which evaluating the root again (a sum over
    // every expense line, on the general path) would only recompute.
    ExplanationNode explain(std::uint32_t index, int depth, Value const* value = nullptr) {
        Step const& s = p_.steps[index];
        if (s.op == Op::global) return explain_global(s.a, depth);
        ExplanationNode node;
        node.expression = p_.expressions[index];
        node.value = show(value ? *value : e_.eval(index), s);
        if (depth >= max_depth) return node;
        switch (s.op) {
            case Op::constant:
            case Op::input:
            case Op::item:
            case Op::field:
            case Op::filter:
            case Op::count:
            case Op::sum:
            case Op::all:
            case Op::any: return node;  // Leaves: an input, or a comprehension shown by its value.
            default: break;
        }
        node.children.reserve(s.count);
        for (std::uint32_t i = 0; i < s.count; ++i) {
            std::uint32_t child = p_.operand(s, i);
            Step const& c = p_.steps[child];
            // Literals show themselves; a constant parameter is shown by name with its value.
            if (c.op == Op::constant && !(c.source && boost::get<ast::Name>(&c.source->get()))) continue;
            node.children.push_back(explain(child, depth + 1));
        }
        return node;
    }

    // The expression of a step with its direct parts' values written after them.
    std::string summary(std::uint32_t index) {
        Step const& s = p_.steps[index];
        std::string text = p_.expressions[index];
        std::size_t from = 0;
        for (std::uint32_t i = 0; i < s.count; ++i) {
            std::uint32_t child = p_.operand(s, i);
            Step const& c = p_.steps[child];
            if (c.op == Op::constant && !(c.source && boost::get<ast::Name>(&c.source->get()))) continue;
            std::string const& part = p_.expressions[child];
            if (part.empty()) continue;
            std::size_t at = text.find(part, from);
            if (at == std::string::npos) continue;
            std::string value = " = " + show(e_.eval(child), c).display;
            text.insert(at + part.size(), value);
            from = at + part.size() + value.size();
        }
        return text;
    }

private:
    static constexpr int max_depth = 24;
    Evaluator& e_;
    Program const& p_;
    Application const& app_;
};

}  // namespace detail

// The decision of an Evaluator that has run an application.
inline Decision decide(Evaluator& evaluator) { return detail::DecisionBuilder(evaluator).build(); }

// Only the missing inputs of the decision the evaluator has just made (Decision::missing), for a
// caller that needs them without the rest of the Decision: a batch's rows.
inline std::vector<MissingInput> missing_inputs(Evaluator& evaluator) {
    return detail::DecisionBuilder(evaluator).missing(verdict_of(evaluator));
}

}  // namespace kisoku::eval
