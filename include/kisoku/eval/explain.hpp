// kisoku/eval/explain.hpp — the explaining stage: a Decision as JSON (kisoku.decision/1) or text.
//
// The JSON format is versioned: "format": "kisoku.decision/1". docs/decision-format.md describes
// every key and docs/decision.schema.json is its JSON Schema. A later version adds keys; it never
// changes the meaning of a key that exists.
#pragma once

#include "kisoku/date.hpp"
#include "kisoku/eval/bind.hpp"
#include "kisoku/eval/decision.hpp"
#include "kisoku/eval/json_writer.hpp"
#include "kisoku/messages.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace kisoku::eval {

inline constexpr std::string_view decision_format = "kisoku.decision/1";

namespace detail {

inline void write_explanation(JsonWriter& w, ExplanationNode const& node) {
    w.field("expression", node.expression);
    if (!node.name.empty()) w.field("name", node.name);
    w.key("value");
    if (node.value.known)
        w.string(node.value.canonical);
    else
        w.null();
    w.field("display", node.value.display);
    if (!node.children.empty()) {
        w.key("children");
        w.begin_array();
        for (auto const& c : node.children) {
            w.begin_object();
            write_explanation(w, c);
            w.end_object();
        }
        w.end_array();
    }
}

}  // namespace detail

// Appends the decision to `out` as JSON text in the kisoku.decision/1 format, its keys in the
// documented order: compact with `indent` < 0 (one line, as streams of decisions are written),
// otherwise pretty-printed with `indent` spaces a level. The bytes are those of
// to_json(d).dump(indent), written without building the document.
inline void write_json(Decision const& d, std::string& out, int indent = -1) {
    JsonWriter w(out, indent);
    w.begin_object();
    w.field("format", decision_format);
    w.field("program", d.program);
    w.field("title", d.title);
    w.key("fiscal_year");
    w.integer(d.fiscal_year);
    w.field("verdict", name(d.verdict));
    w.key("amounts");
    w.begin_object();
    for (auto const& a : d.amounts) {
        w.key(a.name);
        if (a.value)
            w.string(a.value->to_string());
        else
            w.null();
    }
    w.end_object();
    w.key("missing");
    w.begin_array();
    for (auto const& m : d.missing) w.string(m.path);
    w.end_array();
    w.key("missing_details");
    w.begin_array();
    for (auto const& m : d.missing) {
        w.begin_object();
        w.field("path", m.path);
        w.field("label", m.label);
        w.field("type", m.type);
        w.key("decides");
        w.integer(static_cast<std::int64_t>(m.decides));
        w.end_object();
    }
    w.end_array();
    w.key("eligibility");
    w.begin_array();
    for (auto const& e : d.eligibility) {
        w.begin_object();
        w.field("name", e.name);
        w.field("citation", e.citation);
        w.field("all_of", !e.any_of);
        w.field("result", name(e.outcome));
        w.end_object();
    }
    w.end_array();
    w.key("conditions");
    w.begin_array();
    for (auto const& c : d.conditions) {
        w.begin_object();
        w.field("eligibility", c.eligibility);
        w.field("marker", c.marker);
        w.field("label", c.label);
        w.field("citation", c.citation);
        w.field("result", name(c.outcome));
        w.end_object();
    }
    w.end_array();
    w.key("checks");
    w.begin_array();
    for (auto const& c : d.checks) {
        w.begin_object();
        w.field("severity", c.is_warning ? "warning" : "error");
        w.field("label", c.label);
        w.field("citation", c.citation);
        w.field("result", name(c.status));
        w.end_object();
    }
    w.end_array();
    w.key("documents");
    w.begin_array();
    for (auto const& doc : d.documents) {
        w.begin_object();
        w.field("label", doc.label);
        w.field("citation", doc.citation);
        w.field("due", doc.due);
        w.key("required");
        if (doc.certain)
            w.boolean(true);
        else
            w.string("unknown");
        w.end_object();
    }
    w.end_array();
    w.key("notes");
    w.begin_array();
    for (auto const& n : d.notes) {
        w.begin_object();
        w.field("text", n.text);
        w.field("citation", n.citation);
        w.end_object();
    }
    w.end_array();
    w.key("explanation");
    w.begin_object();
    for (auto const& a : d.amounts) {
        w.key(a.name);
        w.begin_object();
        detail::write_explanation(w, a.explanation);
        w.field("summary", a.summary);
        w.field("citation", a.citation);
        w.end_object();
    }
    w.end_object();
    w.key("problems");
    w.begin_array();
    for (auto const& p : d.problems) {
        w.begin_object();
        w.field("code", p.code);
        w.field("expression", p.expression);
        w.field("location", p.location);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

// The decision as JSON text (see write_json).
inline std::string to_json_text(Decision const& d, int indent = -1) {
    std::string out;
    write_json(d, out, indent);
    return out;
}

// The decision as a JSON document, in the kisoku.decision/1 format, its keys in the documented
// order: for callers that go on to read or change it. To print or send a decision, to_json_text
// and write_json give the same text without building the document.
inline nlohmann::ordered_json to_json(Decision const& d) { return nlohmann::ordered_json::parse(to_json_text(d)); }

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
