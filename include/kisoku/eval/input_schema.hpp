// kisoku/eval/input_schema.hpp — the JSON Schema of a program's applications, for the forms of a
// portal and for checking an application before it is sent.
//
// The schema is derived from the program's `input` declaration and its records and enumerations
// (JSON Schema draft 2020-12). It is a necessary condition, not a sufficient one: every
// application the binder accepts is valid against it, but the binder checks more than a schema can
// say (that "20万円" is a well-formed amount, that 2025-02-30 is not a date, that an `int` written as
// text is whole). A portal validates with the schema for early feedback and relies on the binder's
// input errors, with their JSON paths, for the final word.
#pragma once

#include "kisoku/eval/bind.hpp"
#include "kisoku/eval/program.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace kisoku::eval {

namespace detail {

// The schema of one value of kind `kind` (for a list: of its items), without null.
inline nlohmann::ordered_json value_schema(Program const& p, Kind kind, int id, bool whole) {
    using json = nlohmann::ordered_json;
    json s;
    switch (kind) {
        case Kind::boolean: s["type"] = "boolean"; break;
        case Kind::yen:
            s["type"] = json::array({"integer", "string"});
            s["description"] = "whole yen: an integer, or text as written (200,000円, 20万円, ¥200,000)";
            break;
        case Kind::number:
            s["type"] = json::array({whole ? "integer" : "number", "string"});
            s["description"] = whole ? "a whole number, or text (12, 1,000)" : "an exact number, or text (0.5, 2/3, 50%)";
            break;
        case Kind::date:
            s["type"] = "string";
            s["description"] = "a date: 2025-04-14, or in the Japanese era form (令和7年4月14日)";
            break;
        case Kind::period:
            s["type"] = "string";
            s["description"] = "a period: 2025-04-01..2026-03-31 (or 〜 between two dates)";
            break;
        case Kind::text: s["type"] = "string"; break;
        case Kind::enumeration: {
            auto const& e = p.enums[static_cast<std::size_t>(id)];
            s["enum"] = e.values;
            break;
        }
        case Kind::record: s["$ref"] = "#/$defs/" + p.layouts[static_cast<std::size_t>(id)].name; break;
        default: break;
    }
    return s;
}

// The value with null allowed too: null (like an absent field) means "not given".
inline nlohmann::ordered_json or_null(nlohmann::ordered_json s) {
    using json = nlohmann::ordered_json;
    if (s.contains("$ref")) return json{{"anyOf", json::array({s, json{{"type", "null"}}})}};
    if (s.contains("enum")) {
        s["enum"].push_back(nullptr);
        return s;
    }
    json& type = s["type"];
    if (type.is_string()) type = json::array({type, "null"});
    else type.push_back("null");
    return s;
}

inline nlohmann::ordered_json field_schema(Program const& p, FieldLayout const& f, BindLimits const& limits) {
    using json = nlohmann::ordered_json;
    json s;
    if (f.kind == Kind::list) {
        s["type"] = "array";
        // An item may be null: an item not given, whose fields are all unknown.
        s["items"] = or_null(value_schema(p, f.element, f.id, f.whole));
        s["maxItems"] = limits.max_list_items;
    } else {
        s = value_schema(p, f.kind, f.id, f.whole);
    }
    if (!f.required) s = or_null(std::move(s));
    json out;
    if (!f.label.empty()) out["title"] = f.label;
    out.update(s);
    return out;
}

inline nlohmann::ordered_json record_schema(Program const& p, RecordLayout const& layout, BindLimits const& limits) {
    using json = nlohmann::ordered_json;
    json s;
    s["type"] = "object";
    s["properties"] = json::object();
    json required = json::array();
    for (auto const& f : layout.fields) {
        s["properties"][f.name] = field_schema(p, f, limits);
        if (f.required) required.push_back(f.name);
    }
    if (!required.empty()) s["required"] = required;
    // A field the program does not declare is an input error (input-unknown-field).
    s["additionalProperties"] = false;
    return s;
}

}  // namespace detail

// The JSON Schema (draft 2020-12) of the applications `p` decides: the input's fields with their
// labels as titles, required fields, enumerations' values, records under $defs, and the list
// length of `limits`. See the top of this file for what it does not check.
inline nlohmann::ordered_json input_schema(Program const& p, BindLimits const& limits = {}) {
    using json = nlohmann::ordered_json;
    json s;
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    s["title"] = p.title.empty() ? p.name : p.title;
    s["description"] = "An application (" + p.input_name + ") to " + p.name + ", fiscal year " + std::to_string(p.fiscal_year) +
                       ", as kisoku reads it: a field absent or null is not given (unknown).";
    s.update(detail::record_schema(p, p.layouts[0], limits));
    if (p.layouts.size() > 1) {
        s["$defs"] = json::object();
        for (std::size_t r = 1; r < p.layouts.size(); ++r) s["$defs"][p.layouts[r].name] = detail::record_schema(p, p.layouts[r], limits);
    }
    return s;
}

}  // namespace kisoku::eval
