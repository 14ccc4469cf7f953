// kisoku/eval/explain.hpp — the explaining stage: a Decision as JSON (kisoku.decision/1) or text.
//
// The JSON format is versioned: "format": "kisoku.decision/1". docs/decision-format.md describes
// every key and docs/decision.schema.json is its JSON Schema. A later version adds keys; it never
// changes the meaning of a key that exists.
#pragma once

#include "kisoku/date.hpp"
#include "kisoku/eval/bind.hpp"
#include "kisoku/eval/decision.hpp"
#include "kisoku/messages.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace kisoku::eval {

inline constexpr std::string_view decision_format = "kisoku.decision/1";

namespace detail {

inline nlohmann::ordered_json explanation_json(ExplanationNode const& node) {
    nlohmann::ordered_json j;
    j["expression"] = node.expression;
    if (!node.name.empty()) j["name"] = node.name;
    j["value"] = node.value.known ? nlohmann::ordered_json(node.value.canonical) : nlohmann::ordered_json(nullptr);
    j["display"] = node.value.display;
    if (!node.children.empty()) {
        j["children"] = nlohmann::ordered_json::array();
        for (auto const& c : node.children) j["children"].push_back(explanation_json(c));
    }
    return j;
}

}  // namespace detail

// The decision as JSON, in the kisoku.decision/1 format, its keys in the documented order.
inline nlohmann::ordered_json to_json(Decision const& d) {
    using json = nlohmann::ordered_json;
    json j;
    j["format"] = decision_format;
    j["program"] = d.program;
    j["title"] = d.title;
    j["fiscal_year"] = d.fiscal_year;
    j["verdict"] = name(d.verdict);
    j["amounts"] = json::object();
    for (auto const& a : d.amounts) j["amounts"][a.name] = a.value ? json(a.value->to_string()) : json(nullptr);
    j["missing"] = json::array();
    j["missing_details"] = json::array();
    for (auto const& m : d.missing) {
        j["missing"].push_back(m.path);
        j["missing_details"].push_back({{"path", m.path}, {"label", m.label}, {"type", m.type}, {"decides", m.decides}});
    }
    j["eligibility"] = json::array();
    for (auto const& e : d.eligibility)
        j["eligibility"].push_back({{"name", e.name}, {"citation", e.citation}, {"all_of", !e.any_of}, {"result", name(e.outcome)}});
    j["conditions"] = json::array();
    for (auto const& c : d.conditions)
        j["conditions"].push_back({{"eligibility", c.eligibility},
                                   {"marker", c.marker},
                                   {"label", c.label},
                                   {"citation", c.citation},
                                   {"result", name(c.outcome)}});
    j["checks"] = json::array();
    for (auto const& c : d.checks)
        j["checks"].push_back({{"severity", c.is_warning ? "warning" : "error"},
                               {"label", c.label},
                               {"citation", c.citation},
                               {"result", name(c.status)}});
    j["documents"] = json::array();
    for (auto const& doc : d.documents)
        j["documents"].push_back({{"label", doc.label},
                                  {"citation", doc.citation},
                                  {"due", doc.due},
                                  {"required", doc.certain ? json(true) : json("unknown")}});
    j["notes"] = json::array();
    for (auto const& n : d.notes) j["notes"].push_back({{"text", n.text}, {"citation", n.citation}});
    j["explanation"] = json::object();
    for (auto const& a : d.amounts) {
        json e = detail::explanation_json(a.explanation);
        e["summary"] = a.summary;
        e["citation"] = a.citation;
        j["explanation"][a.name] = std::move(e);
    }
    j["problems"] = json::array();
    for (auto const& p : d.problems)
        j["problems"].push_back({{"code", p.code}, {"expression", p.expression}, {"location", p.location}});
    return j;
}

// The JSON line for an application that could not be evaluated: its input errors.
inline nlohmann::ordered_json input_errors_json(std::vector<InputError> const& errors, Language lang) {
    nlohmann::ordered_json j;
    j["format"] = decision_format;
    j["verdict"] = "error";
    j["errors"] = nlohmann::ordered_json::array();
    for (auto const& e : errors) j["errors"].push_back({{"path", e.path}, {"code", e.code}, {"message", message(e, lang)}});
    return j;
}

namespace detail {

struct TextWords {
    std::string_view verdict, eligible, ineligible, undetermined, amounts, unknown, conditions, checks, documents, missing,
        notes, problems, pass, fail, not_applicable, raised, passed, possibly, due, fiscal_year, decides, none;
};

inline TextWords const& words(Language lang) {
    static TextWords const en{"Verdict",  "eligible",       "ineligible",  "undetermined",
                              "Amounts",  "unknown",        "Conditions",  "Checks",
                              "Documents required",         "Missing inputs (ask these next)",
                              "Notes",    "Problems",       "pass",        "FAIL",
                              "not applicable",             "raised",      "passed",
                              "if it applies",              "due",         "fiscal year",
                              "enters",   "none"};
    static TextWords const ja{"判定",         "対象",           "対象外",     "未確定",
                              "金額",         "不明",           "要件",       "確認事項",
                              "必要書類",     "未入力の項目（次に確認する事項）",
                              "注記",         "計算上の問題",   "適合",       "不適合",
                              "適用外",       "該当",           "問題なし",
                              "条件により必要", "期限",         "年度",
                              "関係する判定", "なし"};
    return lang == Language::ja ? ja : en;
}

inline std::string shown(ShownValue const& v, TextWords const& w) { return v.known ? v.display : std::string(w.unknown); }

inline void explanation_text(std::string& out, ExplanationNode const& node, int indent, TextWords const& w) {
    out.append(static_cast<std::size_t>(indent), ' ');
    bool const shown_as_is = node.value.known || (!node.value.display.empty() && node.value.display != "unknown");
    out += node.expression + " = " + (shown_as_is ? node.value.display : std::string(w.unknown));
    out += '\n';
    for (auto const& c : node.children) {
        // A named value's definition is shown under it, one level in.
        explanation_text(out, c, indent + 2, w);
    }
}

inline std::string cite(std::string const& citation) { return citation.empty() ? "" : " [" + citation + "]"; }

// An amount's summary with the parts whose value is unknown marked in the text's language.
inline std::string localized_summary(std::string summary, TextWords const& w) {
    static constexpr std::string_view unknown = " = unknown";
    if (w.unknown == "unknown") return summary;
    for (std::size_t at = summary.find(unknown); at != std::string::npos; at = summary.find(unknown, at + 3 + w.unknown.size()))
        summary.replace(at + 3, unknown.size() - 3, w.unknown);
    return summary;
}

}  // namespace detail

// The decision as readable text, in Japanese or English.
inline std::string to_text(Decision const& d, Language lang) {
    auto const& w = detail::words(lang);
    std::string out;
    out += d.title.empty() ? d.program : d.title;
    out += "\n";
    if (lang == Language::ja) {
        std::string wareki = to_wareki(fiscal_year_start(d.fiscal_year));
        out += std::string(w.fiscal_year) + ": " + wareki.substr(0, wareki.find("年")) + "年度（" + std::to_string(d.fiscal_year) + "年度）\n";
    } else
        out += "Fiscal year: FY" + std::to_string(d.fiscal_year) + "\n";
    std::string_view verdict = d.verdict == Verdict::eligible ? w.eligible : d.verdict == Verdict::ineligible ? w.ineligible : w.undetermined;
    out += std::string(w.verdict) + ": " + std::string(verdict) + " (" + std::string(name(d.verdict)) + ")\n";

    out += "\n" + std::string(w.amounts) + ":\n";
    for (auto const& a : d.amounts) {
        std::string value = a.value ? a.value->to_display_string() + (a.is_yen ? "円" : "") : std::string(w.unknown);
        out += "  " + a.name + " = " + detail::localized_summary(a.summary, w) + " = " + value + detail::cite(a.citation) + "\n";
        // The summary shows the definition; below it, how each of its parts was computed.
        for (auto const& definition : a.explanation.children)
            for (auto const& part : definition.children) detail::explanation_text(out, part, 4, w);
    }

    out += "\n" + std::string(w.conditions) + ":\n";
    std::string block;
    for (auto const& c : d.conditions) {
        if (c.eligibility != block) {
            block = c.eligibility;
            for (auto const& e : d.eligibility)
                if (e.name == block) {
                    std::string_view r = e.outcome == Outcome::pass ? w.pass : e.outcome == Outcome::fail ? w.fail : w.unknown;
                    out += "  " + e.name + detail::cite(e.citation) + ": " + std::string(r) + "\n";
                }
        }
        std::string_view mark = c.outcome == Outcome::pass ? "✓" : c.outcome == Outcome::fail ? "✗" : c.outcome == Outcome::unknown ? "?" : "-";
        std::string_view result = c.outcome == Outcome::pass ? w.pass
                                  : c.outcome == Outcome::fail ? w.fail
                                  : c.outcome == Outcome::unknown ? w.unknown
                                                                 : w.not_applicable;
        out += "    " + std::string(mark) + " " + (c.marker.empty() ? "" : c.marker + " ") + c.label + detail::cite(c.citation) +
               " — " + std::string(result) + "\n";
    }

    out += "\n" + std::string(w.checks) + ":\n";
    bool any_check = false;
    for (auto const& c : d.checks) {
        if (c.status == CheckStatus::passed) continue;
        any_check = true;
        std::string_view level = c.is_warning ? (lang == Language::ja ? "注意" : "warning") : (lang == Language::ja ? "要修正" : "error");
        out += "  ! [" + std::string(level) + "] " + c.label + detail::cite(c.citation) + " — " +
               std::string(c.status == CheckStatus::raised ? w.raised : w.unknown) + "\n";
    }
    if (!any_check) out += "  " + std::string(w.none) + "\n";

    out += "\n" + std::string(w.documents) + ":\n";
    for (auto const& doc : d.documents) {
        out += "  - " + doc.label + detail::cite(doc.citation);
        if (!doc.due.empty()) out += " (" + std::string(w.due) + ": " + doc.due + ")";
        if (!doc.certain) out += " (" + std::string(w.possibly) + ")";
        out += "\n";
    }
    if (d.documents.empty()) out += "  " + std::string(w.none) + "\n";

    if (!d.missing.empty()) {
        out += "\n" + std::string(w.missing) + ":\n";
        std::size_t n = 0;
        for (auto const& m : d.missing)
            out += "  " + std::to_string(++n) + ". " + m.path + " — " + m.label + " (" + m.type + "; " + std::string(w.decides) +
                   ": " + std::to_string(m.decides) + ")\n";
    }
    if (!d.problems.empty()) {
        out += "\n" + std::string(w.problems) + ":\n";
        for (auto const& p : d.problems) out += "  " + p.location + ": " + format_message(p.code, lang, p.args) + ": " + p.expression + "\n";
    }
    if (!d.notes.empty()) {
        out += "\n" + std::string(w.notes) + ":\n";
        for (auto const& n : d.notes) out += "  - " + n.text + detail::cite(n.citation) + "\n";
    }
    return out;
}

// Input errors as text, one per line: "$.構成員[2].法人: expected true/false, found a number".
inline std::string to_text(std::vector<InputError> const& errors, Language lang) {
    std::string out;
    for (auto const& e : errors) out += e.path + ": " + message(e, lang) + " [" + e.code + "]\n";
    return out;
}

}  // namespace kisoku::eval
